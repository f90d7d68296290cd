// Webhook delivery with the real parts: memory store (outbox), in-process queue (retries with
// backoff), the real HTTP client and a real receiver on 127.0.0.1 with real signatures.
// Order per contact through an outage, once each by id; the 24-hour rule; the lane lease.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineTestStore } from '../engine/harness.js';
import { createInProcessQueue, type InProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createEphemeralSecretBox } from '../../../src/adapters/crypto/secret-box.js';
import { createWebhookHttp } from '../../../src/adapters/webhooks/index.js';
import { createWebhookSink } from '../../../src/core/webhooks/sink.js';
import { createWebhookDeliverer, WebhookDeliveryError, WebhookLaneBusyError, type WebhookDeliverer } from '../../../src/core/webhooks/delivery.js';
import type { Webhook } from '../../../src/core/webhooks/model.js';
import type { DomainEvent, DomainEventSink, DomainEventType, SecretBox, Store } from '../../../src/core/ports.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const HOUR = 3_600_000;
const SECRET = 'whsec_core_delivery_test_secret';

interface Setup {
  store: Store;
  queue: InProcessQueue;
  sink: DomainEventSink;
  deliverer: WebhookDeliverer;
  secrets: SecretBox;
  clock: { now(): Date; advance(ms: number): void };
  disabled: Webhook[];
  orgId: string;
  hook: Webhook;
}

let rx: WebhookReceiver;
beforeEach(async () => {
  rx = await startWebhookReceiver();
  rx.secret = SECRET;
});
afterEach(async () => rx.close());

async function setup(events: DomainEventType[] = ['survey.answered', 'tag.added', 'opt_out.recorded']): Promise<Setup> {
  let t = new Date('2026-11-17T15:00:00Z').getTime();
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
  rx.nowSec = () => Math.floor(clock.now().getTime() / 1000);
  const store = await engineTestStore(clock);
  const queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
  const secrets = createEphemeralSecretBox();
  const log = { warn: () => undefined, error: () => undefined };
  const sink = createWebhookSink({ store, queue, log, retry: { attempts: 30, backoffMs: 5 } });
  const disabled: Webhook[] = [];
  const deliverer = createWebhookDeliverer({ store, clock, secrets, log, http: createWebhookHttp({ allowHttpLoopback: true, timeoutMs: 2000 }), onDisabled: async (w) => void disabled.push(w) });
  queue.process('webhook.deliver', async (p, ctx) => void (await deliverer.handle(p, ctx)), { concurrency: 4 });
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'T1', name: 'Org' });
  const hook = await store.webhooks.create(org.id, { url: rx.url, events, secretSealed: secrets.seal(SECRET), createdBy: 'm1' });
  return { store, queue, sink, deliverer, secrets, clock, disabled, orgId: org.id, hook };
}

const ev = (orgId: string, id: string, contactId: string, type: DomainEventType = 'tag.added'): DomainEvent => ({ id, type, orgId, at: new Date('2026-11-17T15:00:00Z'), contactId, campaignId: 'camp1', data: { n: id } });

describe('webhook delivery', () => {
  it('through a receiver outage (503, then 200): every event arrives, in order per contact, once each by id, signed', async () => {
    const s = await setup();
    let answered = 0;
    rx.answer = () => (++answered <= 8 ? 503 : 200);
    const plan: [string, string][] = [['a1', 'c1'], ['b1', 'c2'], ['a2', 'c1'], ['a3', 'c1'], ['b2', 'c2'], ['a4', 'c1']];
    for (const [id, contact] of plan) await s.sink.publish(ev(s.orgId, id, contact));
    await s.queue.drain();
    const accepted = rx.accepted();
    const ids = accepted.map((r) => r.body.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2']);
    expect(ids.filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(ids.filter((i) => i.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(rx.received.filter((r) => r.status === 503).length).toBe(8);
    expect(rx.received.every((r) => r.verified === true)).toBe(true);
    expect(accepted[0]?.headers['textbank-event-id']).toBe(accepted[0]?.body.id);
    expect(accepted.find((r) => r.body.id === 'a1')?.body).toEqual({ id: 'a1', type: 'tag.added', timestamp: '2026-11-17T15:00:00.000Z', org: s.orgId, campaign: 'camp1', contact: 'c1', data: { n: 'a1' } });
    // The run of failures ended with the first success.
    expect(await s.store.webhooks.get(s.orgId, s.hook.id)).toMatchObject({ enabled: true, failures: 0 });
  }, 30_000);

  it('a later event of a contact is not sent while an earlier one is failing', async () => {
    const s = await setup();
    rx.answer = (r) => (r.body.id === 'x1' ? 500 : 200);
    await s.queue.close(); // the test runs the jobs by hand, in a chosen order
    await s.sink.publish(ev(s.orgId, 'x1', 'c1'));
    await s.sink.publish(ev(s.orgId, 'x2', 'c1'));
    await s.sink.publish(ev(s.orgId, 'y1', 'c2'));
    const deliveries = [...(await s.store.webhooks.listPending(new Date(s.clock.now().getTime() + 1), 10))];
    const x2 = deliveries.find((d) => d.eventId === 'x2');
    await expect(s.deliverer.handle({ orgId: s.orgId, webhookId: s.hook.id, deliveryId: x2!.id })).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(rx.received.map((r) => r.body.id)).toEqual(['x1']);
    const y1 = deliveries.find((d) => d.eventId === 'y1');
    expect(await s.deliverer.handle({ orgId: s.orgId, webhookId: s.hook.id, deliveryId: y1!.id })).toBe('delivered');
    rx.answer = () => 200;
    expect(await s.deliverer.handle({ orgId: s.orgId, webhookId: s.hook.id, deliveryId: x2!.id })).toBe('delivered');
    expect(rx.accepted().map((r) => r.body.id)).toEqual(['y1', 'x1', 'x2']);
  });

  it('publishes only to enabled webhooks subscribed to the type, one delivery per event id', async () => {
    const s = await setup(['tag.added']);
    const other = await s.store.webhooks.create(s.orgId, { url: rx.url, events: ['survey.answered'], secretSealed: s.secrets.seal(SECRET), createdBy: 'm1' });
    const off = await s.store.webhooks.create(s.orgId, { url: rx.url, events: ['tag.added'], secretSealed: s.secrets.seal(SECRET), createdBy: 'm1' });
    await s.store.webhooks.setEnabled(s.orgId, off.id, false, s.clock.now());
    await s.sink.publish(ev(s.orgId, 't1', 'c1'));
    await s.sink.publish(ev(s.orgId, 't1', 'c1'));
    await s.queue.drain();
    expect(rx.received.map((r) => r.body.id)).toEqual(['t1']);
    expect(await s.store.webhooks.nextPending(s.orgId, other.id, 'contact:c1')).toBeNull();
  });

  it('24 hours of failures disable the webhook exactly once; a success in between restarts the count', async () => {
    const s = await setup();
    rx.answer = () => 503;
    await s.sink.publish(ev(s.orgId, 'f1', 'c1'));
    await s.queue.close(); // the test drives the handler by hand, clock in hand
    const [d] = await s.store.webhooks.listPending(new Date(s.clock.now().getTime() + 1), 10);
    const job = { orgId: s.orgId, webhookId: s.hook.id, deliveryId: d!.id };
    await expect(s.deliverer.handle(job)).rejects.toBeInstanceOf(WebhookDeliveryError);
    s.clock.advance(12 * HOUR);
    rx.answer = () => 200;
    await s.sink.publish(ev(s.orgId, 'ok1', 'c9'));
    const [ok] = (await s.store.webhooks.listPending(new Date(s.clock.now().getTime() + 1), 10)).filter((x) => x.eventId === 'ok1');
    expect(await s.deliverer.handle({ ...job, deliveryId: ok!.id })).toBe('delivered');
    rx.answer = () => 503;
    await expect(s.deliverer.handle(job)).rejects.toBeInstanceOf(WebhookDeliveryError);
    s.clock.advance(23 * HOUR);
    await expect(s.deliverer.handle(job)).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect((await s.store.webhooks.get(s.orgId, s.hook.id))?.enabled).toBe(true);
    expect(s.disabled).toHaveLength(0);
    s.clock.advance(1 * HOUR);
    expect(await s.deliverer.handle(job)).toBe('disabled');
    expect(await s.store.webhooks.get(s.orgId, s.hook.id)).toMatchObject({ enabled: false, disabledReason: 'failing', failures: 3, lastError: 'http_503' });
    expect(s.disabled.map((w) => w.id)).toEqual([s.hook.id]);
    // Disabled: later jobs send nothing and nobody is told again.
    const before = rx.received.length;
    expect(await s.deliverer.handle(job)).toBe('skipped');
    expect(rx.received.length).toBe(before);
    expect(s.disabled).toHaveLength(1);
  });

  it('the sweep hands back a delivery whose job was lost (a failed enqueue): it is delivered once', async () => {
    const s = await setup();
    const log = { warn: () => undefined, error: () => undefined };
    const brokenQueue = { ...s.queue, enqueue: async () => Promise.reject(new Error('redis down')) };
    await createWebhookSink({ store: s.store, queue: brokenQueue, log }).publish(ev(s.orgId, 'lost1', 'c1'));
    await s.queue.drain();
    expect(rx.received).toHaveLength(0);
    const sweeper = createWebhookDeliverer({ store: s.store, clock: s.clock, secrets: s.secrets, log, http: createWebhookHttp({ allowHttpLoopback: true }), queue: s.queue, retry: { attempts: 3, backoffMs: 5 } });
    expect(await sweeper.sweep()).toBe(0); // too fresh: its own job may still be coming
    s.clock.advance(11 * 60_000);
    expect(await sweeper.sweep()).toBe(1);
    await s.queue.drain();
    expect(rx.accepted().map((r) => r.body.id)).toEqual(['lost1']);
    expect(await sweeper.sweep()).toBe(0);
    // A sweep job runs the sweep and schedules the next one.
    expect(await sweeper.handle({ sweep: true })).toBe('swept');
  });

  it('one job at a time works a lane: a job that finds it leased is retried, not failed', async () => {
    const s = await setup();
    await s.queue.close();
    await s.sink.publish(ev(s.orgId, 'l1', 'c1'));
    const [d] = await s.store.webhooks.listPending(new Date(s.clock.now().getTime() + 1), 10);
    expect(await s.store.webhooks.acquireLane(s.orgId, s.hook.id, 'contact:c1', 'other-worker', s.clock.now(), new Date(s.clock.now().getTime() + 60_000))).toBe(true);
    await expect(s.deliverer.handle({ orgId: s.orgId, webhookId: s.hook.id, deliveryId: d!.id })).rejects.toBeInstanceOf(WebhookLaneBusyError);
    expect(rx.received).toHaveLength(0);
    expect((await s.store.webhooks.get(s.orgId, s.hook.id))?.failures).toBe(0);
    s.clock.advance(61_000); // the other worker's lease ran out (it died)
    expect(await s.deliverer.handle({ orgId: s.orgId, webhookId: s.hook.id, deliveryId: d!.id })).toBe('delivered');
    expect(await s.deliverer.handle({ orgId: s.orgId, webhookId: s.hook.id, deliveryId: d!.id })).toBe('already');
    expect(rx.accepted().map((r) => r.body.id)).toEqual(['l1']);
  });
});
