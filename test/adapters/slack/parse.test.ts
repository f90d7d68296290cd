// Every signed Slack body is parsed at the edge (parse.ts): a malformed but validly signed
// request (`payload=null`, a block action without `user`, an event without `event`) is answered
// 200 with nothing done and no error logged, never 500. Real signatures throughout.
import type { App, ReceiverEvent } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlackRequest } from '../../../src/adapters/slack/parse.js';
import { FastifyReceiver } from '../../../src/adapters/slack/receiver.js';
import type { SlackLog } from '../../../src/adapters/slack/log.js';
import { buildServer } from '../../../src/app/server.js';
import { createLogger } from '../../../src/app/logger.js';
import { blockActions, sign, slashCommand, SIGNING_SECRET, TEAM } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';

const FORM = 'application/x-www-form-urlencoded';
const form = (payload: string) => new URLSearchParams({ payload }).toString();
const pressWithout = (field: 'user' | 'actions' | 'team') => {
  const body = JSON.parse(new URLSearchParams(blockActions({ user: 'U1', actionId: 'claim', value: 'c1', channel: 'C1', messageTs: '1.2', responseUrl: 'https://hooks.slack.com/x' }).body).get('payload') ?? '{}') as Record<string, unknown>;
  delete body[field];
  if (field === 'team') (body.user as Record<string, unknown>).team_id = undefined;
  return JSON.stringify(body);
};

describe('parseSlackRequest (unit)', () => {
  it('classifies commands, presses, submissions, events and the URL check', () => {
    expect(parseSlackRequest(slashCommand('U1', 'help', { responseUrl: 'https://hooks.slack.com/r' }).body, FORM).kind).toBe('command');
    expect(parseSlackRequest(blockActions({ user: 'U1', actionId: 'a', channel: 'C1', messageTs: '1.1', responseUrl: 'https://hooks.slack.com/r' }).body, FORM).kind).toBe('block_actions');
    const view = { type: 'view_submission', team: null, user: { id: 'U1', team_id: 'T1' }, view: { id: 'V1', callback_id: 'settings', state: { values: {} } } };
    expect(parseSlackRequest(form(JSON.stringify(view)), FORM).kind).toBe('view_submission');
    const event = { type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event: { type: 'message', text: 'hi' } };
    expect(parseSlackRequest(JSON.stringify(event), 'application/json')).toMatchObject({ kind: 'event', eventType: 'message' });
    expect(parseSlackRequest(JSON.stringify({ type: 'url_verification', challenge: 'abc' }), 'application/json')).toEqual({ kind: 'url_verification', challenge: 'abc' });
  });

  it('gives unsupported (never throws) for bodies missing what Bolt and the handlers read', () => {
    for (const payload of ['null', '[]', '"x"', '42', pressWithout('user'), pressWithout('actions'), pressWithout('team'), JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }), JSON.stringify({ type: 'shortcut' })]) {
      expect(parseSlackRequest(form(payload), FORM).kind, payload.slice(0, 60)).toBe('unsupported');
    }
    expect(parseSlackRequest('command=%2Ftextbank&text=help', FORM).kind).toBe('unsupported');
    expect(parseSlackRequest(JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1' }), 'application/json').kind).toBe('unsupported');
    expect(parseSlackRequest(JSON.stringify({ type: 'app_rate_limited', team_id: 'T1' }), 'application/json').kind).toBe('unsupported');
    expect(parseSlackRequest('null', 'application/json').kind).toBe('unsupported');
    expect(parseSlackRequest('a=b', 'text/plain').kind).toBe('unsupported');
  });

  it('names fields, never values, in the reason (no voter data in logs)', () => {
    const parsed = parseSlackRequest(form(JSON.stringify({ type: 'block_actions', user: { id: 'U1', team_id: 'T1' }, actions: [{ action_id: 'reply', value: '+12125550101 call me' }] })), FORM);
    expect(parsed.kind).toBe('unsupported');
    expect(JSON.stringify(parsed)).not.toContain('555');
  });

  it('only bytes that are not JSON at all are unreadable', () => {
    expect(parseSlackRequest(form('{not json'), FORM).kind).toBe('unreadable');
    expect(parseSlackRequest('{not json', 'application/json').kind).toBe('unreadable');
  });
});

describe('the receiver with malformed but signed bodies', () => {
  const clock = { now: () => new Date('2026-11-17T15:00:00Z') };
  const nowSec = Math.floor(clock.now().getTime() / 1000);
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const log: SlackLog = {
    debug: (obj, msg) => void lines.push({ level: 'debug', obj, ...(msg ? { msg } : {}) }),
    info: (obj, msg) => void lines.push({ level: 'info', obj, ...(msg ? { msg } : {}) }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, ...(msg ? { msg } : {}) }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, ...(msg ? { msg } : {}) }),
  };

  it('answers 200, dispatches nothing and logs no error for payload=null, a press without user, an event without event', async () => {
    const receiver = new FastifyReceiver({ signingSecret: SIGNING_SECRET, clock, log });
    const events: ReceiverEvent[] = [];
    receiver.init({ processEvent: async (ev: ReceiverEvent) => void events.push(ev) } as unknown as App);
    const server = await buildServer({ logger: createLogger('silent'), probes: [] });
    await server.register(receiver.plugin);
    await server.ready();
    const post = (body: string, contentType: string) =>
      server.inject({ method: 'POST', url: '/slack/events', payload: body, headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': sign(SIGNING_SECRET, nowSec, body) } });
    for (const [body, type] of [
      [form('null'), FORM],
      [form(pressWithout('user')), FORM],
      [JSON.stringify({ type: 'event_callback', team_id: TEAM.id, event_id: 'Ev9' }), 'application/json'],
      [JSON.stringify(null), 'application/json'],
    ] as const) {
      const res = await post(body, type);
      expect(res.statusCode, body.slice(0, 40)).toBe(200);
      expect(res.body).toBe('');
    }
    expect(events).toEqual([]);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(4);
    await server.close();
  });
});

describe('the whole Slack app with malformed but signed bodies', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
  });
  afterAll(async () => app?.close());

  it('answers 200 with nothing done (no Web API call, no org) instead of 500', async () => {
    for (const body of [form('null'), form(pressWithout('user')), form(pressWithout('actions'))]) {
      const res = await app.send({ body, contentType: FORM });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
    }
    await app.fake.quiet(150);
    expect(app.fake.calls()).toEqual([]);
    expect(app.errors).toEqual([]);
    expect(await app.store.orgs.findByExternal('slack', TEAM.id)).toBeNull();
  });
});
