/**
 * 1,000 signed inbound webhooks at once against the web process (engine + BullMQ + signed
 * Twilio routes on loopback): every text is stored before its 200 (DESIGN Outbox, R1.4), every
 * STOP is an org-wide opt-out (R1.2), replays store nothing twice, and the chat notifications
 * wait in Redis for the worker processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRedis } from '../support/with-redis.js';
import { postSigned, startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.js';
import { EMPTY_TWIML } from '../../src/adapters/twilio/twilio-webhooks.js';
import { ORG_NUMBER, ORG_SERVICE, createOrg, startStack, voterPhone, type Stack } from './twilio-bullmq-stack.js';

const redis = await withRedis();
let fake: FakeTwilio;
let stack: Stack | undefined;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(async () => {
  await stack?.close();
  await fake?.close();
  if ('stop' in redis) await redis.stop();
});

const sidOf = (i: number): string => `SM${i.toString(16).padStart(32, '0')}`;

describe.skipIf('skip' in redis)('inbound webhooks at volume', () => {
  it('1,000 parallel signed inbound texts are all stored, STOPs suppressed, replays deduped (R1.2, R1.4, R7.1)', async () => {
    if (!('url' in redis)) return;
    stack = await startStack({ redisUrl: redis.url, prefix: `tbi${process.pid}in`, fake, registerHandlers: false });
    const org = await createOrg(stack.store);
    const url = `${stack.publicUrl}/twilio/inbound`;
    const params = (i: number): Record<string, string> => ({
      MessageSid: sidOf(i),
      SmsSid: sidOf(i),
      AccountSid: fake.accountSid,
      MessagingServiceSid: ORG_SERVICE,
      From: voterPhone(i),
      To: ORG_NUMBER,
      Body: i % 10 === 0 ? 'STOP' : `Yes, count me in (${i})`,
      NumMedia: '0',
    });

    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => postSigned(url, params(i), { authToken: fake.authToken })));
    const seconds = (performance.now() - t0) / 1000;
    expect(answers.every((a) => a.status === 200 && a.body === EMPTY_TWIML)).toBe(true);

    // Stored before the answer: no waiting needed here.
    const stored = await stack.store.messages.listUnmatched(org.id, 5_000);
    expect(stored).toHaveLength(1000);
    expect(new Set(stored.map((m) => m.providerId))).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => sidOf(i))));
    expect(stored.every((m) => m.direction === 'inbound' && m.status === 'received')).toBe(true);
    const byProvider = new Map(stored.map((m) => [m.providerId, m]));
    expect(byProvider.get(sidOf(7))?.body).toBe('Yes, count me in (7)');
    expect(await stack.store.optOuts.count(org.id)).toBe(100);
    expect(await stack.store.optOuts.isOptedOut(org.id, voterPhone(20))).toBe(true);
    expect(await stack.store.optOuts.isOptedOut(org.id, voterPhone(21))).toBe(false);

    // Twilio retries deliveries: 100 replays in parallel store nothing new.
    const replays = await Promise.all(Array.from({ length: 100 }, (_, i) => postSigned(url, params(i * 10), { authToken: fake.authToken })));
    expect(replays.every((a) => a.status === 200)).toBe(true);
    expect(await stack.store.messages.listUnmatched(org.id, 5_000)).toHaveLength(1000);
    expect(await stack.store.optOuts.count(org.id)).toBe(100);

    // The web process only enqueues: one chat notification per stored text waits in Redis.
    expect((await stack.queue.counts('chat.notify')).waiting).toBe(1000);

    console.log(`[twilio-bullmq] 1,000 parallel signed inbound webhooks stored in ${seconds.toFixed(2)} s (${(1000 / seconds).toFixed(0)}/s)`);
  }, 120_000);
});
