/**
 * BullMQ-specific behaviour beyond the shared contract (test/contract/queue.test.ts runs that
 * on BullMQ too): job id encoding, the global rate limit (R4.4), several worker processes
 * sharing one queue, graceful close with work left in Redis, readiness. Real Redis via
 * withRedis(); every test uses its own key prefix.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { withRedis } from '../../support/with-redis.js';
import { createBullmqQueue, toJobsOptions, type BullmqQueue, type BullmqQueueOptions } from '../../../src/adapters/queue/bullmq-queue.js';
import { decodeJobId, encodeJobId } from '../../../src/adapters/queue/bullmq-job-id.js';
import { deferred, sleep, waitFor } from '../../contract/queue.contract.js';

const redis = await withRedis();
afterAll(async () => {
  if ('stop' in redis) await redis.stop();
});

const silent = { error: () => undefined, warn: () => undefined };
let seq = 0;
const open: BullmqQueue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});

function newPrefix(): string {
  return `tbb${process.pid}x${(seq += 1)}`;
}

function queue(prefix: string, extra: Partial<BullmqQueueOptions> = {}): BullmqQueue {
  if (!('url' in redis)) throw new Error('no redis');
  const q = createBullmqQueue({ url: redis.url, prefix, logger: silent, ...extra });
  open.push(q);
  return q;
}

describe('BullMQ job ids', () => {
  it('encodes ":" and integer-looking ids injectively, and decodes them back', () => {
    const ids = ['claim.expire:c1:1', 'claim.expire_c1_1', 'a:b', 'a%3Ab', 'a%b', '123', '%N123', '-5', 'outbox.sweep:29000000', 'm-1'];
    const encoded = ids.map(encodeJobId);
    expect(new Set(encoded).size).toBe(ids.length);
    for (const e of encoded) {
      expect(e).not.toContain(':');
      expect(`${parseInt(e, 10)}`).not.toBe(e);
    }
    expect(encoded.map(decodeJobId)).toEqual(ids);
  });

  it('maps enqueue options to BullMQ options (removeOnComplete/removeOnFail so ids free up like in-process)', () => {
    expect(toJobsOptions({ jobId: 'x:1', delayMs: 150, attempts: 3, backoff: { type: 'exponential', delayMs: 40 } })).toEqual({
      jobId: 'x%3A1',
      delay: 150,
      attempts: 3,
      backoff: { type: 'exponential', delay: 40 },
      removeOnComplete: true,
      removeOnFail: true,
    });
    expect(toJobsOptions({})).toEqual({ attempts: 1, removeOnComplete: true, removeOnFail: true });
  });
});

describe.skipIf('skip' in redis)('BullMQ queue', () => {
  it('runs jobs whose ids contain ":" or look like integers, hands the original id to the handler, and dedupes them', async () => {
    const q = queue(newPrefix());
    const seen: string[] = [];
    q.process('claim.expire', async (_p, ctx) => {
      seen.push(ctx.jobId);
    });
    await q.enqueue('claim.expire', { n: 1 }, { jobId: 'claim.expire:c1:1', delayMs: 50 });
    await q.enqueue('claim.expire', { n: 2 }, { jobId: 'claim.expire:c1:1' }); // deduped while delayed
    await q.enqueue('claim.expire', { n: 3 }, { jobId: '123' });
    await q.enqueue('claim.expire', { n: 4 }, { jobId: 'a:b:c:d' });
    await waitFor(() => seen.length === 3, 5_000, 'three jobs');
    await sleep(150);
    expect(seen.sort()).toEqual(['123', 'a:b:c:d', 'claim.expire:c1:1']);
  });

  it('rejects bad options and use after close (QUEUE_BAD_OPTIONS, QUEUE_CLOSED)', async () => {
    if (!('url' in redis)) return;
    expect(() => createBullmqQueue({ url: redis.url, prefix: newPrefix(), rateLimits: { 'sms.send': { max: 0, durationMs: 1000 } } })).toThrow(/rate limit/);
    const q = queue(newPrefix());
    await expect(q.enqueue('sms.send', {}, { attempts: 0 })).rejects.toMatchObject({ code: 'QUEUE_BAD_OPTIONS' });
    await expect(q.enqueue('sms.send', {}, { jobId: '' })).rejects.toMatchObject({ code: 'QUEUE_BAD_OPTIONS' });
    expect(() => q.process('sms.send', async () => undefined, { concurrency: 0 })).toThrow(/concurrency/);
    q.process('sms.send', async () => undefined);
    expect(() => q.process('sms.send', async () => undefined)).toThrow(/already registered/);
    await q.close();
    await q.close(); // idempotent
    await expect(q.enqueue('sms.send', {})).rejects.toMatchObject({ code: 'QUEUE_CLOSED' });
    await expect(q.ping()).rejects.toMatchObject({ code: 'QUEUE_CLOSED' });
    expect(() => q.process('chat.notify', async () => undefined)).toThrow(/closed/);
  });

  it('ping() rejects when Redis cannot be reached (readiness), and close() still returns', async () => {
    const q = createBullmqQueue({ url: 'redis://127.0.0.1:1', prefix: newPrefix(), logger: silent });
    await expect(q.ping()).rejects.toThrow();
    await q.close();
  });

  it('R4.4: the sms.send rate limit holds (limiter 20 per 1000 ms: 60 jobs span >= 2 s, <= 20 per window)', async () => {
    const q = queue(newPrefix(), { rateLimits: { 'sms.send': { max: 20, durationMs: 1000 } } });
    const at: number[] = [];
    q.process('sms.send', async () => {
      at.push(Date.now());
    }, { concurrency: 8 });
    for (let i = 0; i < 60; i += 1) await q.enqueue('sms.send', { i });
    await waitFor(() => at.length === 60, 15_000, '60 jobs');
    at.sort((a, b) => a - b);
    const t0 = at[0]!;
    // Fixed windows anchored at the first job (BullMQ's limiter window starts with it); 30 ms of
    // slack for the gap between Redis starting the window and the handler recording the time.
    const perWindow = new Map<number, number>();
    for (const t of at) {
      const w = Math.floor((t - t0 + 30) / 1000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(20);
    expect(perWindow.size).toBeGreaterThanOrEqual(3);
    expect(at[59]! - t0).toBeGreaterThanOrEqual(1_900);
  });

  it('the limit is global: two worker processes on one prefix together stay within it', async () => {
    const prefix = newPrefix();
    const limits = { rateLimits: { 'sms.send': { max: 10, durationMs: 500 } } } as const;
    const a = queue(prefix, limits);
    const b = queue(prefix, limits);
    const at: number[] = [];
    const record = async (): Promise<void> => {
      at.push(Date.now());
    };
    a.process('sms.send', record, { concurrency: 4 });
    b.process('sms.send', record, { concurrency: 4 });
    for (let i = 0; i < 30; i += 1) await a.enqueue('sms.send', { i });
    await waitFor(() => at.length === 30, 15_000, '30 jobs');
    at.sort((x, y) => x - y);
    const perWindow = new Map<number, number>();
    for (const t of at) {
      const w = Math.floor((t - at[0]! + 30) / 500);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(10);
    expect(at[29]! - at[0]!).toBeGreaterThanOrEqual(950);
  });

  it('several worker instances on one Redis + prefix share 500 jobs, each run exactly once', async () => {
    const prefix = newPrefix();
    const a = queue(prefix);
    const b = queue(prefix);
    const counts = new Map<number, number>();
    const by = { a: 0, b: 0 };
    const handler = (who: 'a' | 'b') => async (payload: unknown) => {
      const { i } = payload as { i: number };
      counts.set(i, (counts.get(i) ?? 0) + 1);
      by[who] += 1;
      await sleep(2);
    };
    a.process('sms.status', handler('a'), { concurrency: 4 });
    b.process('sms.status', handler('b'), { concurrency: 4 });
    await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? a : b).enqueue('sms.status', { i }, { jobId: `status:${i}` })));
    await waitFor(() => counts.size === 500, 20_000, '500 distinct jobs');
    await sleep(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(by.a + by.b).toBe(500);
    expect(by.a).toBeGreaterThan(0);
    expect(by.b).toBeGreaterThan(0);
  });

  it('graceful close waits for the active job; jobs still waiting stay in Redis for the next worker', async () => {
    const prefix = newPrefix();
    const first = queue(prefix);
    const gate = deferred();
    const done: number[] = [];
    first.process('contacts.import', async (payload) => {
      const { i } = payload as { i: number };
      if (i === 0) await gate.promise;
      done.push(i);
    });
    for (let i = 0; i < 5; i += 1) await first.enqueue('contacts.import', { i });
    await waitFor(async () => (await first.counts('contacts.import')).active === 1, 5_000, 'first job active');
    let closed = false;
    const closing = first.close().then(() => {
      closed = true;
    });
    await sleep(100);
    expect(closed).toBe(false);
    gate.resolve();
    await closing;
    expect(done).toEqual([0]);

    const second = queue(prefix);
    expect((await second.counts('contacts.import')).waiting).toBe(4);
    second.process('contacts.import', async (payload) => {
      done.push((payload as { i: number }).i);
    });
    await waitFor(() => done.length === 5, 5_000, 'the rest ran on the next worker');
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });

  it('logs the final failure once (name, id, attempts; never the payload)', async () => {
    if (!('url' in redis)) return;
    const errors: { obj: unknown; msg?: string }[] = [];
    const q = createBullmqQueue({ url: redis.url, prefix: newPrefix(), logger: { error: (obj, msg) => errors.push({ obj, msg }), warn: () => undefined } });
    open.push(q);
    let calls = 0;
    q.process('chat.notify', async () => {
      calls += 1;
      throw new Error('nope');
    });
    await q.enqueue('chat.notify', { secret: '+12025550143' }, { jobId: 'n:1', attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
    await waitFor(() => errors.length === 1, 5_000, 'final failure logged');
    await sleep(100);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toMatchObject({ job: 'chat.notify', jobId: 'n:1', attempts: 2 });
    expect(JSON.stringify(errors[0]?.obj)).not.toContain('+12025550143');
  });

  it('leaves no Redis connection open after close()', async () => {
    if (!('url' in redis)) return;
    const admin = new Redis(redis.url);
    try {
      const count = async () => String(await admin.call('CLIENT', 'LIST')).split('\n').filter((l: string) => l.trim() !== '').length;
      const before = await count();
      const q = createBullmqQueue({ url: redis.url, prefix: newPrefix(), logger: silent });
      q.process('sms.send', async () => undefined);
      await q.enqueue('sms.send', { x: 1 });
      await q.ping();
      await q.close();
      await waitFor(async () => (await count()) === before, 5_000, 'connections closed');
    } finally {
      await admin.quit();
    }
  });
});
