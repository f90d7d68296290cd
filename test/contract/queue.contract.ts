/**
 * The JobQueue contract: every implementation (in-process now, BullMQ later) must pass it
 * unchanged. It only uses the JobQueue port, plus `drain()` when the implementation has one;
 * everything else is an eventual assertion through waitFor(). Payloads are JSON-safe because
 * BullMQ serializes them. Each test gets a fresh, empty queue from get().
 */
import { expect, it } from 'vitest';
import type { JobContext, JobQueue } from '../../src/core/ports.js';

export type QueueUnderTest = JobQueue & { drain?(): Promise<void> };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `cond` every `intervalMs` until it is true; throws after `timeoutMs`. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** A promise with its resolve function outside, to hold a handler open. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Let the queue go quiet: drain() when the implementation has it, then a short grace period in which nothing extra may happen. */
async function quiet(q: QueueUnderTest, graceMs = 100): Promise<void> {
  if (q.drain) await q.drain();
  await sleep(graceMs);
}

interface Run {
  payload: unknown;
  ctx: JobContext;
  at: number;
}

function recorder(): { runs: Run[]; handler: (payload: unknown, ctx: JobContext) => Promise<void> } {
  const runs: Run[] = [];
  return {
    runs,
    handler: async (payload, ctx) => {
      runs.push({ payload, ctx, at: Date.now() });
    },
  };
}

export function queueContract(get: () => QueueUnderTest): void {
  it('ping resolves on an open queue', async () => {
    await get().ping(); // throws when the backend cannot be reached
  });

  it('runs a job with its payload, attempt 1 and its job id', async () => {
    const q = get();
    const { runs, handler } = recorder();
    q.process('sms.send', handler);
    await q.enqueue('sms.send', { messageId: 'm1', tags: ['a', 'b'], n: 3 }, { jobId: 'msg-m1' });
    await q.enqueue('sms.send', { messageId: 'm2' });
    await waitFor(() => runs.length === 2, 5_000, 'two jobs ran');
    expect(runs[0]?.payload).toEqual({ messageId: 'm1', tags: ['a', 'b'], n: 3 });
    expect(runs[0]?.ctx).toEqual({ attempt: 1, jobId: 'msg-m1' });
    expect(runs[1]?.payload).toEqual({ messageId: 'm2' });
    expect(typeof runs[1]?.ctx.jobId).toBe('string');
    expect(runs[1]?.ctx.jobId).not.toBe('');
    expect(runs[1]?.ctx.jobId).not.toBe('msg-m1');
  });

  it('routes each job name to its own handler', async () => {
    const q = get();
    const a = recorder();
    const b = recorder();
    q.process('chat.notify', a.handler);
    q.process('claim.expire', b.handler);
    await q.enqueue('claim.expire', { claimId: 'c1' });
    await q.enqueue('chat.notify', { text: 'hi' });
    await waitFor(() => a.runs.length === 1 && b.runs.length === 1, 5_000, 'both handlers ran');
    await quiet(q);
    expect(a.runs.map((r) => r.payload)).toEqual([{ text: 'hi' }]);
    expect(b.runs.map((r) => r.payload)).toEqual([{ claimId: 'c1' }]);
  });

  it('a job enqueued before its handler is registered runs once the handler is registered', async () => {
    const q = get();
    await q.enqueue('sms.status', { providerId: 'SM1' });
    await sleep(50);
    const { runs, handler } = recorder();
    q.process('sms.status', handler);
    await waitFor(() => runs.length === 1, 5_000, 'late handler got the job');
    expect(runs[0]?.payload).toEqual({ providerId: 'SM1' });
  });

  it('retries with backoff: a handler failing twice then succeeding runs 3 times', async () => {
    const q = get();
    const attempts: number[] = [];
    q.process('sms.send', async (_payload, ctx) => {
      attempts.push(ctx.attempt);
      if (attempts.length <= 2) throw new Error(`transient ${attempts.length}`);
    });
    await q.enqueue('sms.send', { messageId: 'm1' }, { attempts: 5, backoff: { type: 'fixed', delayMs: 20 } });
    await waitFor(() => attempts.length === 3, 5_000, 'third attempt');
    await quiet(q, 150);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('a handler that always fails runs exactly `attempts` times, spaced by exponential backoff', async () => {
    const q = get();
    const at: number[] = [];
    const attempts: number[] = [];
    q.process('chat.notify', async (_payload, ctx) => {
      at.push(Date.now());
      attempts.push(ctx.attempt);
      throw new Error('always');
    });
    await q.enqueue('chat.notify', { n: 1 }, { attempts: 3, backoff: { type: 'exponential', delayMs: 40 } });
    await waitFor(() => attempts.length === 3, 5_000, 'three attempts');
    await quiet(q, 250);
    expect(attempts).toEqual([1, 2, 3]);
    // exponential: ~40 ms then ~80 ms (lower bounds with slack for timer rounding)
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(30);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(70);
  });

  it('without `attempts` a failing job runs once and is not retried', async () => {
    const q = get();
    let calls = 0;
    q.process('claim.expire', async () => {
      calls += 1;
      throw new Error('boom');
    });
    await q.enqueue('claim.expire', { claimId: 'c1' });
    await waitFor(() => calls === 1, 5_000, 'one call');
    await quiet(q, 150);
    expect(calls).toBe(1);
  });

  it('a delayed job does not run before its delay; an undelayed job enqueued after it runs first', async () => {
    const q = get();
    const { runs, handler } = recorder();
    q.process('claim.expire', handler, { concurrency: 2 });
    const t0 = Date.now();
    await q.enqueue('claim.expire', { which: 'delayed' }, { delayMs: 150 });
    await q.enqueue('claim.expire', { which: 'now' });
    await waitFor(() => runs.length === 2, 5_000, 'both jobs ran');
    expect(runs.map((r) => r.payload)).toEqual([{ which: 'now' }, { which: 'delayed' }]);
    expect(runs[1]!.at - t0).toBeGreaterThanOrEqual(140);
  });

  it('dedupes by jobId while waiting: the first payload wins', async () => {
    const q = get();
    await q.enqueue('sms.send', { v: 1 }, { jobId: 'same' });
    await q.enqueue('sms.send', { v: 2 }, { jobId: 'same' });
    await q.enqueue('sms.send', { v: 3 }, { jobId: 'other' });
    const { runs, handler } = recorder();
    q.process('sms.send', handler);
    await waitFor(() => runs.length >= 2, 5_000, 'jobs ran');
    await quiet(q);
    expect(runs.map((r) => r.payload)).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('dedupes by jobId while delayed', async () => {
    const q = get();
    const { runs, handler } = recorder();
    q.process('claim.expire', handler);
    await q.enqueue('claim.expire', { v: 1 }, { jobId: 'exp-c1', delayMs: 120 });
    await q.enqueue('claim.expire', { v: 2 }, { jobId: 'exp-c1' });
    await sleep(60);
    expect(runs).toEqual([]);
    await waitFor(() => runs.length === 1, 5_000, 'delayed job ran');
    await quiet(q, 150);
    expect(runs.map((r) => r.payload)).toEqual([{ v: 1 }]);
  });

  it('dedupes by jobId while active; once completed the same id can run again', async () => {
    const q = get();
    const gate = deferred();
    const runs: unknown[] = [];
    let active = false;
    q.process('sms.send', async (payload) => {
      runs.push(payload);
      if (runs.length === 1) {
        active = true;
        await gate.promise;
        active = false;
      }
    });
    await q.enqueue('sms.send', { v: 1 }, { jobId: 'm1' });
    await waitFor(() => active, 5_000, 'first run active');
    await q.enqueue('sms.send', { v: 2 }, { jobId: 'm1' });
    await sleep(50);
    gate.resolve();
    await waitFor(() => !active, 5_000, 'first run finished');
    await quiet(q);
    expect(runs).toEqual([{ v: 1 }]);
    // Completed ids are free again (BullMQ: removeOnComplete). Re-enqueue until the queue has let go of it.
    await waitFor(
      async () => {
        if (runs.length >= 2) return true;
        await q.enqueue('sms.send', { v: 3 }, { jobId: 'm1' });
        return false;
      },
      5_000,
      'same id ran again after completion',
      25,
    );
    await quiet(q);
    expect(runs).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('with concurrency 2, never more than 2 jobs of a name run at once (and 2 do)', async () => {
    const q = get();
    let active = 0;
    let maxActive = 0;
    let done = 0;
    q.process(
      'contacts.import',
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(20);
        active -= 1;
        done += 1;
      },
      { concurrency: 2 },
    );
    for (let i = 0; i < 10; i += 1) await q.enqueue('contacts.import', { i });
    await waitFor(() => done === 10, 10_000, 'ten jobs done');
    expect(maxActive).toBe(2);
  });

  it('with concurrency 1 (the default), jobs run strictly one after another in enqueue order', async () => {
    const q = get();
    const events: string[] = [];
    q.process('chat.notify', async (payload) => {
      const { i } = payload as { i: number };
      events.push(`start ${i}`);
      await sleep(5);
      events.push(`end ${i}`);
    });
    for (let i = 0; i < 6; i += 1) await q.enqueue('chat.notify', { i });
    await waitFor(() => events.length === 12, 10_000, 'six jobs done');
    const expected = [0, 1, 2, 3, 4, 5].flatMap((i) => [`start ${i}`, `end ${i}`]);
    expect(events).toEqual(expected);
  });

  it('close() waits for the active job, and then no new job runs', async () => {
    const q = get();
    const gate = deferred();
    const started: number[] = [];
    let firstFinished = false;
    q.process('sms.send', async (payload) => {
      const { i } = payload as { i: number };
      started.push(i);
      if (i === 1) {
        await gate.promise;
        firstFinished = true;
      }
    });
    await q.enqueue('sms.send', { i: 1 });
    await q.enqueue('sms.send', { i: 2 });
    await waitFor(() => started.length === 1, 5_000, 'first job active');
    let closed = false;
    const closing = q.close().then(() => {
      closed = true;
    });
    await sleep(80);
    expect(closed).toBe(false);
    gate.resolve();
    await closing;
    expect(firstFinished).toBe(true);
    await sleep(150);
    expect(started).toEqual([1]);
  });

  it('processes many jobs (500) each exactly once', async () => {
    const q = get();
    const counts = new Map<number, number>();
    q.process(
      'sms.status',
      async (payload) => {
        const { i } = payload as { i: number };
        counts.set(i, (counts.get(i) ?? 0) + 1);
      },
      { concurrency: 4 },
    );
    await Promise.all(Array.from({ length: 500 }, (_, i) => q.enqueue('sms.status', { i }, { jobId: `status-${i}` })));
    await waitFor(() => counts.size === 500, 15_000, '500 distinct jobs ran');
    await quiet(q);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(500);
  });
}
