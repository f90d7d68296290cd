/**
 * What only the in-process queue promises (drain, stats, failed jobs, logging, close details).
 * The behaviour every JobQueue shares is in test/contract/queue.contract.ts.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createInProcessQueue, retryDelayMs, type InProcessQueueOptions } from '../../../src/adapters/queue/in-process-queue.js';
import { AppError } from '../../../src/core/errors.js';
import { deferred, sleep, waitFor } from '../../contract/queue.contract.js';

const T0 = new Date('2026-05-01T15:00:00Z');

function setup(extra: InProcessQueueOptions = {}) {
  const logged: { obj: unknown; msg?: string }[] = [];
  const q = createInProcessQueue({
    clock: { now: () => T0 },
    logger: { error: (obj, msg) => logged.push({ obj, msg }) },
    ...extra,
  });
  return { q, logged };
}

async function appError(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

describe('in-process queue', () => {
  it('has kind in-process', () => {
    expect(setup().q.kind).toBe('in-process');
  });

  it('drain() on an empty queue resolves at once', async () => {
    await setup().q.drain();
  });

  it('drain() waits for waiting and active jobs, and for jobs those jobs enqueue', async () => {
    const { q } = setup();
    const done: string[] = [];
    q.process('sms.inbound', async () => {
      await sleep(10);
      done.push('inbound');
      await q.enqueue('chat.notify', { n: 1 });
    });
    q.process('chat.notify', async () => {
      await sleep(10);
      done.push('notify');
    });
    await q.enqueue('sms.inbound', {});
    await q.drain();
    expect(done).toEqual(['inbound', 'notify']);
    expect(q.stats()).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 2, failed: 0, retries: 0 });
  });

  it('drain() waits for retries pending on backoff', async () => {
    const { q } = setup();
    let calls = 0;
    q.process('sms.send', async () => {
      calls += 1;
      if (calls < 3) throw new Error('transient');
    });
    await q.enqueue('sms.send', {}, { attempts: 3, backoff: { type: 'fixed', delayMs: 30 } });
    await q.drain();
    expect(calls).toBe(3);
    expect(q.stats()).toMatchObject({ completed: 1, retries: 2, failed: 0 });
  });

  it('drain() does not wait for a job delayed far in the future, nor for a job with no handler', async () => {
    const { q } = setup();
    let ran = 0;
    q.process('claim.expire', async () => {
      ran += 1;
    });
    await q.enqueue('claim.expire', {}, { delayMs: 60_000 });
    await q.enqueue('outbox.sweep', {}); // nobody processes outbox.sweep here
    const t0 = Date.now();
    await q.drain();
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(ran).toBe(0);
    expect(q.stats()).toMatchObject({ waiting: 1, delayed: 1, active: 0 });
    await q.close();
  });

  it('a delayed job counts for drain() once its timer has fired', async () => {
    const { q } = setup();
    const gate = deferred();
    let finished = false;
    q.process('claim.expire', async () => {
      await gate.promise;
      finished = true;
    });
    await q.enqueue('claim.expire', {}, { delayMs: 20 });
    await waitFor(() => q.stats().active === 1, 2_000, 'delayed job active');
    const draining = q.drain();
    gate.resolve();
    await draining;
    expect(finished).toBe(true);
  });

  it('logs a final failure once (name, id, attempts, error; never the payload) and keeps it in failed()', async () => {
    const { q, logged } = setup();
    const boom = new Error('carrier down');
    q.process('sms.send', async () => {
      throw boom;
    });
    await q.enqueue('sms.send', { to: '+12025550143' }, { jobId: 'msg-1', attempts: 2 });
    await q.drain();
    expect(logged).toHaveLength(1);
    expect(logged[0]?.obj).toEqual({ job: 'sms.send', jobId: 'msg-1', attempts: 2, err: boom });
    expect(logged[0]?.msg).toContain('attempts used up (2/2)');
    expect(JSON.stringify(logged[0])).not.toContain('+12025550143');
    expect(q.failed()).toEqual([
      { name: 'sms.send', jobId: 'msg-1', payload: { to: '+12025550143' }, attempts: 2, error: boom, failedAt: T0, closing: false },
    ]);
    expect(q.stats()).toMatchObject({ failed: 1, retries: 1, completed: 0 });
  });

  it('keeps only the newest `keepFailed` failures', async () => {
    const { q, logged } = setup({ keepFailed: 3 });
    q.process('chat.notify', async () => {
      throw new Error('x');
    });
    for (let i = 0; i < 5; i += 1) await q.enqueue('chat.notify', { i });
    await q.drain();
    expect(logged).toHaveLength(5);
    expect(q.failed().map((f) => f.payload)).toEqual([{ i: 2 }, { i: 3 }, { i: 4 }]);
    expect(q.stats().failed).toBe(5);
  });

  it('a handler that throws synchronously is treated like a rejection', async () => {
    const { q } = setup();
    let calls = 0;
    q.process('chat.notify', (() => {
      calls += 1;
      throw new Error('sync');
    }) as unknown as () => Promise<void>);
    await q.enqueue('chat.notify', {}, { attempts: 2 });
    await q.drain();
    expect(calls).toBe(2);
    expect(q.stats().failed).toBe(1);
  });

  it('an id is deduped while its retry waits on backoff, and free again after the final failure', async () => {
    const { q } = setup();
    const payloads: unknown[] = [];
    q.process('sms.send', async (payload) => {
      payloads.push(payload);
      throw new Error('nope');
    });
    await q.enqueue('sms.send', { v: 1 }, { jobId: 'm1', attempts: 2, backoff: { type: 'fixed', delayMs: 40 } });
    await waitFor(() => q.stats().delayed === 1, 2_000, 'first attempt failed, retry pending');
    expect(payloads).toHaveLength(1);
    await q.enqueue('sms.send', { v: 2 }, { jobId: 'm1' });
    await q.drain();
    expect(payloads).toEqual([{ v: 1 }, { v: 1 }]);
    await q.enqueue('sms.send', { v: 3 }, { jobId: 'm1' });
    await q.drain();
    expect(payloads).toEqual([{ v: 1 }, { v: 1 }, { v: 3 }]);
  });

  it('gives auto ids that are unique', async () => {
    const { q } = setup();
    const ids: string[] = [];
    q.process('chat.notify', async (_p, ctx) => {
      ids.push(ctx.jobId);
    });
    for (let i = 0; i < 20; i += 1) await q.enqueue('chat.notify', {});
    await q.drain();
    expect(new Set(ids).size).toBe(20);
  });

  it('retryDelayMs: none is 0, fixed is constant, exponential doubles from delayMs', () => {
    expect(retryDelayMs(undefined, 3)).toBe(0);
    expect([1, 2, 3].map((a) => retryDelayMs({ type: 'fixed', delayMs: 500 }, a))).toEqual([500, 500, 500]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs({ type: 'exponential', delayMs: 1_000 }, a))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('rejects bad options and a second handler for one name', async () => {
    const { q } = setup();
    expect((await appError(q.enqueue('chat.notify', {}, { attempts: 0 }))).code).toBe('QUEUE_BAD_OPTIONS');
    expect((await appError(q.enqueue('chat.notify', {}, { delayMs: -1 }))).code).toBe('QUEUE_BAD_OPTIONS');
    expect((await appError(q.enqueue('chat.notify', {}, { jobId: '' }))).code).toBe('QUEUE_BAD_OPTIONS');
    expect((await appError(() => q.process('chat.notify', async () => undefined, { concurrency: 0 }))).code).toBe('QUEUE_BAD_OPTIONS');
    q.process('chat.notify', async () => undefined);
    expect((await appError(() => q.process('chat.notify', async () => undefined))).code).toBe('QUEUE_HANDLER_EXISTS');
  });

  it('close() cancels delayed jobs and pending retries, drops waiting jobs, and is idempotent', async () => {
    const { q } = setup();
    const ran: unknown[] = [];
    let failing = 0;
    q.process('claim.expire', async (p) => {
      ran.push(p);
    });
    q.process('sms.send', async () => {
      failing += 1;
      throw new Error('x');
    });
    await q.enqueue('claim.expire', { delayed: true }, { delayMs: 40 });
    await q.enqueue('sms.send', {}, { attempts: 3, backoff: { type: 'fixed', delayMs: 40 } });
    await q.enqueue('outbox.sweep', {}); // waiting, no handler
    await waitFor(() => failing === 1, 2_000, 'first failure');
    await q.close();
    await q.close();
    await sleep(100);
    expect(ran).toEqual([]);
    expect(failing).toBe(1);
    expect(q.stats()).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
    await q.drain(); // nothing can run any more
  });

  it('after close(): enqueue rejects, process throws, ping rejects (QUEUE_CLOSED)', async () => {
    const { q } = setup();
    await q.ping();
    await q.close();
    expect((await appError(q.enqueue('chat.notify', {}))).code).toBe('QUEUE_CLOSED');
    expect((await appError(() => q.process('chat.notify', async () => undefined))).code).toBe('QUEUE_CLOSED');
    expect((await appError(q.ping())).code).toBe('QUEUE_CLOSED');
  });

  it('a job that fails while the queue is closing is not retried and is recorded as such', async () => {
    const { q, logged } = setup();
    const gate = deferred();
    let calls = 0;
    q.process('sms.send', async () => {
      calls += 1;
      await gate.promise;
      throw new Error('late failure');
    });
    await q.enqueue('sms.send', {}, { jobId: 'm1', attempts: 5 });
    await waitFor(() => calls === 1, 2_000, 'active');
    const closing = q.close();
    gate.resolve();
    await closing;
    await sleep(50);
    expect(calls).toBe(1);
    expect(q.failed()).toMatchObject([{ jobId: 'm1', attempts: 1, closing: true }]);
    expect(logged[0]?.msg).toContain('queue closing');
  });

  const runScript = (lines: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', lines.join('\n')], {
      cwd: new URL('../../../', import.meta.url),
      encoding: 'utf8',
      timeout: 15_000,
    });

  it('an explicit await drain() keeps the process alive until retries on (unref) timers are done', () => {
    const r = runScript([
      "import { createInProcessQueue } from './src/adapters/queue/in-process-queue.ts';",
      'const q = createInProcessQueue({ logger: { error: () => undefined } });',
      'let n = 0;',
      "q.process('sms.send', async () => { n += 1; if (n < 3) throw new Error('x'); });",
      "await q.enqueue('sms.send', {}, { attempts: 3, backoff: { type: 'fixed', delayMs: 50 } });",
      'await q.drain();',
      "console.log('ran', n);",
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('ran 3');
  });

  it('timers are unref: a process with a job delayed by a minute exits at once', () => {
    const t0 = Date.now();
    const r = runScript([
      "import { createInProcessQueue } from './src/adapters/queue/in-process-queue.ts';",
      'const q = createInProcessQueue();',
      "q.process('claim.expire', async () => { console.log('ran'); });",
      "await q.enqueue('claim.expire', {}, { delayMs: 60000 });",
      "console.log('delayed', q.stats().delayed);",
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('delayed 1');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
