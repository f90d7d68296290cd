/**
 * Engine + BullMQ + Twilio gateway + signed webhooks, end to end on loopback (real Redis,
 * fake Twilio API, real HTTP): 500 presses through two worker instances and a mid-run outbox
 * sweep reach Twilio exactly once each (R5.2a), with the Messaging Service, StatusCallback and
 * ValidityPeriod (R4.5, R2.5), and every signed status callback lands (R4.6, R7.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRedis } from '../support/with-redis.js';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.js';
import { waitFor } from '../contract/queue.contract.js';
import { ORG_SERVICE, campaignMessages, pressAll, seedCampaign, startStack, startWorker, textsPerPhone, type Stack, type Worker } from './twilio-bullmq-stack.js';

const redis = await withRedis();
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio({ callbacks: { statuses: ['sent', 'delivered'] } });
});
afterAll(async () => {
  await fake?.close();
  if ('stop' in redis) await redis.stop();
});

describe.skipIf('skip' in redis)('Twilio + BullMQ + engine', () => {
  let stack: Stack;
  let second: Worker;
  afterAll(async () => {
    await second?.queue.close();
    await stack?.close();
  });

  it('R5.2a/R4.5/R2.5/R4.6: 500 presses -> 500 texts at Twilio, each exactly once, all delivered', async () => {
    if (!('url' in redis)) return;
    const prefix = `tbi${process.pid}s`;
    stack = await startStack({ redisUrl: redis.url, prefix, fake });
    // A second worker process: same store (the database), same Redis prefix.
    second = startWorker({ redisUrl: redis.url, prefix, store: stack.store, clock: stack.clock, sms: stack.sms, config: stack.config });
    const seeded = await seedCampaign(stack.engine, stack.store, 500, 5);

    const t0 = performance.now();
    const pressing = pressAll(stack.engine, seeded);
    // The outbox sweeper runs mid-batch (as if a minute had passed): it re-enqueues whatever is
    // still queued under the same job id; BullMQ dedupes waiting ones and the atomic
    // queued -> sending move stops a second send of anything already taken.
    await waitFor(() => fake.messages.length >= 100, 30_000, '100 texts at Twilio');
    stack.clock.advance(61_000);
    const swept = await stack.engine.dispatch.sweep();
    const pressed = await pressing;
    const pressSeconds = (performance.now() - t0) / 1000;
    expect(pressed).toHaveLength(500);

    await waitFor(() => fake.messages.length >= 500, 60_000, '500 texts at Twilio');
    const sendSeconds = (performance.now() - t0) / 1000;
    await fake.flushCallbacks();
    await waitFor(async () => (await campaignMessages(stack.store, seeded)).every((m) => m.status === 'delivered'), 30_000, 'all delivered');
    // Whatever the sweep re-enqueued has run by now; nothing more may reach Twilio.
    await waitFor(async () => {
      const c = await stack.queue.counts('sms.send');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0;
    }, 30_000, 'sms.send idle');

    const perPhone = textsPerPhone(fake);
    expect(fake.messages).toHaveLength(500);
    expect(perPhone.size).toBe(500);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);

    const messages = await campaignMessages(stack.store, seeded);
    expect(messages).toHaveLength(500);
    const sids = new Set(fake.messages.map((m) => m.sid));
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const m of messages) {
      expect(m.status).toBe('delivered');
      expect(sids.has(m.providerId ?? '')).toBe(true);
      expect(m.history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    }
    for (const m of fake.messages) {
      expect(m.params.MessagingServiceSid).toBe(ORG_SERVICE);
      // The callback URL names our message, so a callback can find it even if the send reply was lost.
      const callback = new URL(m.params.StatusCallback ?? '');
      expect(`${callback.origin}${callback.pathname}`).toBe(`${stack.publicUrl}/twilio/status`);
      expect(byId.get(callback.searchParams.get('m') ?? '')?.providerId).toBe(m.sid);
      const vp = Number(m.params.ValidityPeriod);
      expect(vp).toBeGreaterThanOrEqual(1);
      expect(vp).toBeLessThanOrEqual(36_000);
    }
    // Every status callback was signed and accepted by our webhook (204).
    expect(fake.callbacks).toHaveLength(1000);
    expect(fake.callbacks.every((c) => c.status === 204)).toBe(true);
    const campaign = await stack.store.campaigns.get(seeded.org.id, seeded.campaign.id);
    expect(campaign?.counters).toMatchObject({ sent: 500, delivered: 500 });

    console.log(
      `[twilio-bullmq] 500 presses in ${pressSeconds.toFixed(2)} s (${(500 / pressSeconds).toFixed(0)}/s); ` +
        `500 texts at the fake Twilio after ${sendSeconds.toFixed(2)} s (${(500 / sendSeconds).toFixed(0)}/s, 2 workers x concurrency 4); ` +
        `mid-run sweep re-enqueued ${swept}`,
    );
  }, 120_000);
});
