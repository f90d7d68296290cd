// The fastify Receiver on its own: encapsulation (Slack's raw-body parsing stays inside its
// plugin), the SSL check, ack bodies as HTTP answers, the 3-second fallback, and retry headers
// passed to Bolt. Bolt's App is replaced by a recorder of processEvent calls.
import type { App, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { FastifyReceiver, VERIFIED_KEY } from '../../../src/adapters/slack/receiver.js';
import { silentLog } from '../../../src/adapters/slack/log.js';
import { buildServer } from '../../../src/app/server.js';
import { createLogger } from '../../../src/app/logger.js';
import { sign, SIGNING_SECRET } from './support/requests.js';

const clock = { now: () => new Date('2026-11-17T15:00:00Z') };
const nowSec = Math.floor(clock.now().getTime() / 1000);

async function harness(onEvent: (ev: ReceiverEvent) => Promise<void>, ackTimeoutMs = 2_800) {
  const receiver = new FastifyReceiver({ signingSecret: SIGNING_SECRET, clock, log: silentLog, ackTimeoutMs });
  const events: ReceiverEvent[] = [];
  receiver.init({ processEvent: async (ev: ReceiverEvent) => { events.push(ev); await onEvent(ev); } } as unknown as App);
  const server = await buildServer({ logger: createLogger('silent'), probes: [] });
  await server.register(receiver.plugin);
  server.post('/other-form', async (req) => ({ got: req.body }));
  await server.ready();
  const post = (body: string, contentType: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'POST', url: '/slack/events', payload: body, headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': sign(SIGNING_SECRET, nowSec, body), ...headers } });
  return { server, events, post };
}

describe('FastifyReceiver', () => {
  it('keeps raw-body parsing inside its plugin: other form routes still get parsed bodies', async () => {
    const h = await harness(async (ev) => ev.ack());
    const res = await h.server.inject({ method: 'POST', url: '/other-form', payload: 'a=1&b=two', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.json()).toEqual({ got: { a: '1', b: 'two' } });
    await h.server.close();
  });

  it('hands Bolt the parsed body, the retry number and the verified flag; answers with the ack body', async () => {
    const h = await harness(async (ev) => ev.ack({ response_action: 'errors', errors: { slug: 'Use letters' } }));
    const submission = { type: 'view_submission', team: { id: 'T1' }, user: { id: 'U1' }, view: { id: 'V1', callback_id: 'settings', state: { values: {} } } };
    const payload = JSON.stringify(submission);
    const res = await h.post(new URLSearchParams({ payload }).toString(), 'application/x-www-form-urlencoded', { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { slug: 'Use letters' } });
    expect(h.events[0]?.body).toEqual(submission);
    expect(h.events[0]?.retryNum).toBe(2);
    expect(h.events[0]?.retryReason).toBe('http_timeout');
    expect(h.events[0]?.customProperties?.[VERIFIED_KEY]).toBe(true);
    await h.server.close();
  });

  it('acks at once and keeps working after the answer (slow work never holds the response)', async () => {
    let finished = false;
    const h = await harness(async (ev) => {
      await ev.ack();
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    const started = Date.now();
    const res = await h.post('command=%2Ftextbank&text=help&team_id=T1&channel_id=C1&user_id=U1&trigger_id=t1', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(Date.now() - started).toBeLessThan(250);
    expect(finished).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(finished).toBe(true);
    expect(h.events[0]?.body).toMatchObject({ command: '/textbank', text: 'help' });
    await h.server.close();
  });

  it('answers 200 when nothing acks in time (Slack would retry otherwise)', async () => {
    const h = await harness(() => new Promise((r) => setTimeout(r, 1_000)), 100);
    const started = Date.now();
    const res = await h.post(JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event: { type: 'message' } }), 'application/json');
    expect(res.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(800);
    expect(h.events).toHaveLength(1);
    await h.server.close();
  });

  it('answers the SSL check without a signature and without dispatching', async () => {
    const h = await harness(async (ev) => ev.ack());
    const res = await h.server.inject({ method: 'POST', url: '/slack/events', payload: 'ssl_check=1&token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(h.events).toEqual([]);
    await h.server.close();
  });

  it('refuses an unreadable body after a good signature with 400', async () => {
    const h = await harness(async (ev) => ev.ack());
    const res = await h.post('{not json', 'application/json');
    expect(res.statusCode).toBe(400);
    expect(h.events).toEqual([]);
    await h.server.close();
  });
});
