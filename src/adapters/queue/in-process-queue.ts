/**
 * A JobQueue that lives inside one process (single-process installs, the sandbox, tests).
 * Nothing survives a restart: the store is the outbox (DESIGN: Outbox), and the sweeper
 * re-enqueues whatever was lost.
 *
 * Semantics (kept the same as our BullMQ configuration, see test/contract/queue.contract.ts):
 * - Jobs of one name run in enqueue order, at most `concurrency` at a time (default 1).
 *   Jobs enqueued before `process(name)` wait until a handler is registered. A handler never
 *   starts inside `enqueue`'s caller: jobs start on a later turn of the event loop.
 * - `attempts` (default 1): a handler that throws is retried until attempts are used up,
 *   after `backoff` (fixed: delayMs; exponential: delayMs * 2^(attempt-1); none: at once).
 *   The last failure is logged through `logger.error` (job name, id, attempts, error; never
 *   the payload) and the job is dropped; the newest `keepFailed` failures stay inspectable.
 * - `jobId` dedupes: enqueueing an id that is waiting, delayed (including a pending retry)
 *   or active is a no-op. Once the job completed or finally failed, the id can be enqueued
 *   again (BullMQ is configured with removeOnComplete/removeOnFail to match).
 * - `delayMs` and backoff use unref'd timers, so a delayed job never keeps the process alive
 *   (but an explicit `await drain()` does, until it resolves).
 * - `drain()` resolves when no job is active, no job is waiting for a registered handler,
 *   and no retry is pending. It does NOT wait for jobs enqueued with `delayMs` whose timer
 *   has not fired yet (once fired they count as waiting), nor for jobs of names that have
 *   no handler (they cannot run).
 * - `close()` stops taking jobs (enqueue/process then reject/throw QUEUE_CLOSED), cancels
 *   timers, drops waiting and delayed jobs, and resolves once the active jobs have finished.
 *   A job that fails while the queue is closing is not retried. `ping()` rejects once closed.
 */
import type { Clock, EnqueueOptions, JobContext, JobName, JobObserver, JobQueue } from '../../core/ports.js';
import { AppError } from '../../core/errors.js';
import { Fifo } from './in-process-fifo.js';
import { DueTimers } from './in-process-timers.js';

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface QueueLogger {
  error(obj: unknown, msg?: string): void;
}

export interface FailedJob {
  name: JobName;
  jobId: string;
  payload: unknown;
  attempts: number;
  error: unknown;
  failedAt: Date;
  /** True when the job had attempts left but the queue was closing. */
  closing: boolean;
}

export interface InProcessQueueStats {
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
  retries: number;
}

export interface InProcessQueue extends JobQueue {
  readonly kind: 'in-process';
  drain(): Promise<void>;
  stats(): InProcessQueueStats;
  /** The newest final failures, oldest first. */
  failed(): FailedJob[];
  /** Jobs of one name by state (waiting, delayed, active), like BullMQ's getJobCounts. */
  counts(name: JobName): Promise<Record<string, number>>;
}

export interface InProcessQueueOptions {
  clock?: Clock;
  logger?: QueueLogger;
  /** How many final failures to keep for inspection (default 100). */
  keepFailed?: number;
  /** Job timings for operators (wait before the first start, run time of each attempt). */
  observer?: JobObserver;
}

interface Job {
  id: string;
  name: JobName;
  payload: unknown;
  /** Attempts started so far. */
  attempt: number;
  maxAttempts: number;
  backoff?: EnqueueOptions['backoff'];
  state: 'waiting' | 'delayed' | 'active';
  /** Delayed for a retry (drain waits for those, not for jobs enqueued with delayMs). */
  retrying?: boolean;
  /** performance.now() when the job first became waiting (for the observer's wait time). */
  dueAt?: number;
}

interface Worker {
  handler: JobHandler;
  concurrency: number;
  active: number;
}

const systemClock: Clock = { now: () => new Date() };
const consoleLogger: QueueLogger = { error: (obj, msg) => console.error(msg ?? 'job failed', obj) };

function closedError(): AppError {
  return new AppError('QUEUE_CLOSED', 'the queue is closed');
}

function checkOptions(opts: EnqueueOptions): void {
  const bad = (what: string): never => {
    throw new AppError('QUEUE_BAD_OPTIONS', `invalid enqueue option: ${what}`);
  };
  if (opts.delayMs !== undefined && !(Number.isFinite(opts.delayMs) && opts.delayMs >= 0)) bad('delayMs');
  if (opts.attempts !== undefined && !(Number.isInteger(opts.attempts) && opts.attempts >= 1)) bad('attempts');
  if (opts.backoff && !(Number.isFinite(opts.backoff.delayMs) && opts.backoff.delayMs >= 0)) bad('backoff.delayMs');
  if (opts.jobId !== undefined && opts.jobId === '') bad('jobId');
}

/** Milliseconds to wait before retrying after `attempt` (1-based) failed. */
export function retryDelayMs(backoff: EnqueueOptions['backoff'], attempt: number): number {
  if (!backoff) return 0;
  return backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (attempt - 1);
}

export function createInProcessQueue(opts: InProcessQueueOptions = {}): InProcessQueue {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? consoleLogger;
  const keepFailed = opts.keepFailed ?? 100;

  const jobs = new Map<string, Job>();
  const waiting = new Map<JobName, Fifo<Job>>();
  const workers = new Map<JobName, Worker>();
  const activeRuns = new Set<Promise<void>>();
  const failures: FailedJob[] = [];
  let drainWaiters: (() => void)[] = [];
  let seq = 0;
  let pendingRetries = 0;
  let completed = 0;
  let failedCount = 0;
  let retries = 0;
  let closed = false;

  const observe = (report: (o: JobObserver) => void): void => {
    if (!opts.observer) return;
    try {
      report(opts.observer);
    } catch {
      // a broken observer must not break the queue
    }
  };

  const fifo = (name: JobName): Fifo<Job> => {
    let f = waiting.get(name);
    if (!f) {
      f = new Fifo<Job>();
      waiting.set(name, f);
    }
    return f;
  };

  const isIdle = (): boolean => {
    if (activeRuns.size > 0) return false;
    if (closed) return true;
    if (pendingRetries > 0) return false;
    for (const [name, f] of waiting) if (f.size > 0 && workers.has(name)) return false;
    return true;
  };

  const checkIdle = (): void => {
    if (drainWaiters.length === 0 || !isIdle()) return;
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  };

  // One timer for every delayed job and retry (in-process-timers.ts).
  const timers = new DueTimers<Job>((job) => {
    if (job.retrying) {
      job.retrying = false;
      pendingRetries -= 1;
    }
    makeWaiting(job);
    checkIdle();
  });

  const makeWaiting = (job: Job): void => {
    job.state = 'waiting';
    job.dueAt ??= performance.now();
    fifo(job.name).push(job);
    schedulePump(job.name);
  };

  const recordFailure = (job: Job, error: unknown, closing: boolean): void => {
    jobs.delete(job.id);
    failedCount += 1;
    failures.push({ name: job.name, jobId: job.id, payload: job.payload, attempts: job.attempt, error, failedAt: clock.now(), closing });
    if (failures.length > keepFailed) failures.splice(0, failures.length - keepFailed);
    const why = closing ? 'queue closing, not retried' : `attempts used up (${job.attempt}/${job.maxAttempts})`;
    try {
      logger.error({ job: job.name, jobId: job.id, attempts: job.attempt, err: error }, `job failed: ${why}`);
    } catch {
      // a broken logger must not break the queue
    }
  };

  const onFailure = (job: Job, error: unknown): void => {
    if (closed || job.attempt >= job.maxAttempts) {
      recordFailure(job, error, closed && job.attempt < job.maxAttempts);
      return;
    }
    retries += 1;
    const delay = retryDelayMs(job.backoff, job.attempt);
    if (delay <= 0) {
      makeWaiting(job);
      return;
    }
    job.state = 'delayed';
    job.retrying = true;
    pendingRetries += 1; // drain waits for retries, not for jobs enqueued with delayMs
    timers.add(delay, job);
  };

  const start = (job: Job, worker: Worker): void => {
    job.state = 'active';
    job.attempt += 1;
    worker.active += 1;
    const ctx: JobContext = { attempt: job.attempt, jobId: job.id };
    const startedAt = performance.now();
    if (job.attempt === 1) observe((o) => o.started(job.name, Math.max(0, startedAt - (job.dueAt ?? startedAt))));
    const run: Promise<void> = Promise.resolve()
      .then(() => worker.handler(job.payload, ctx))
      .then(
        () => {
          observe((o) => o.finished(job.name, performance.now() - startedAt, true));
          jobs.delete(job.id);
          completed += 1;
        },
        (error: unknown) => {
          observe((o) => o.finished(job.name, performance.now() - startedAt, false));
          onFailure(job, error);
        },
      )
      .finally(() => {
        worker.active -= 1;
        activeRuns.delete(run);
        pump(job.name);
        checkIdle();
      });
    activeRuns.add(run);
  };

  // Jobs start on a later turn of the event loop (setImmediate, one per burst), never inside the
  // enqueuer's own run of promise callbacks. A caller that enqueues in a tight loop over an
  // in-memory store (a burst of presses) never yields to I/O; a job started inside that loop
  // would hold an open carrier request whose response cannot be read until the loop ends, and
  // its HTTP timeout could fire first (an ambiguous failure: the text is failed, not resent).
  // Started after the loop, the job's I/O runs with the event loop free, as on BullMQ, where
  // every enqueue is a round trip to Redis.
  const pumpScheduled = new Set<JobName>();
  let pumpImmediate: NodeJS.Immediate | undefined;
  const schedulePump = (name: JobName): void => {
    pumpScheduled.add(name);
    if (pumpImmediate) return;
    pumpImmediate = setImmediate(() => {
      pumpImmediate = undefined;
      const names = [...pumpScheduled];
      pumpScheduled.clear();
      for (const n of names) pump(n);
      checkIdle();
    });
  };

  function pump(name: JobName): void {
    const worker = workers.get(name);
    const f = waiting.get(name);
    if (closed || !worker || !f) return;
    while (worker.active < worker.concurrency) {
      const job = f.shift();
      if (!job) return;
      start(job, worker);
    }
  }

  return {
    kind: 'in-process',

    async enqueue(name, payload, options = {}) {
      if (closed) throw closedError();
      checkOptions(options);
      const id = options.jobId ?? `auto:${++seq}`;
      if (jobs.has(id)) return; // dedupe: same id waiting, delayed or active
      const job: Job = {
        id,
        name,
        payload,
        attempt: 0,
        maxAttempts: options.attempts ?? 1,
        backoff: options.backoff,
        state: 'waiting',
      };
      jobs.set(id, job);
      const delay = options.delayMs ?? 0;
      if (delay > 0) {
        job.state = 'delayed';
        timers.add(delay, job);
      } else {
        makeWaiting(job);
      }
    },

    process(name, handler, options = {}) {
      if (closed) throw closedError();
      if (workers.has(name)) throw new AppError('QUEUE_HANDLER_EXISTS', `a handler for ${name} is already registered`);
      const concurrency = options.concurrency ?? 1;
      if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
        throw new AppError('QUEUE_BAD_OPTIONS', 'concurrency must be an integer >= 1');
      }
      workers.set(name, { handler, concurrency, active: 0 });
      pump(name);
    },

    async ping() {
      if (closed) throw closedError();
    },

    async close() {
      if (!closed) {
        closed = true;
        timers.clear();
        for (const job of jobs.values()) if (job.state !== 'active') jobs.delete(job.id);
        pendingRetries = 0;
        for (const f of waiting.values()) f.clear();
      }
      while (activeRuns.size > 0) await Promise.allSettled([...activeRuns]);
      checkIdle();
    },

    async drain() {
      // Timers are unref'd; while someone explicitly awaits drain(), keep the process alive.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        await new Promise<void>((resolve) => {
          drainWaiters.push(resolve);
          checkIdle();
        });
      } finally {
        clearInterval(keepAlive);
      }
    },

    stats() {
      let waitingCount = 0;
      let delayed = 0;
      let active = 0;
      for (const job of jobs.values()) {
        if (job.state === 'waiting') waitingCount += 1;
        else if (job.state === 'delayed') delayed += 1;
        else active += 1;
      }
      return { waiting: waitingCount, delayed, active, completed, failed: failedCount, retries };
    },

    failed() {
      return [...failures];
    },

    async counts(name) {
      const byState = { waiting: 0, delayed: 0, active: 0 };
      for (const job of jobs.values()) if (job.name === name) byState[job.state] += 1;
      return byState;
    },
  };
}
