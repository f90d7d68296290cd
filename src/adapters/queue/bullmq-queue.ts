/**
 * The JobQueue over BullMQ (Redis), shared by web and worker processes (DESIGN: Scale).
 * The store stays the outbox (DESIGN: Outbox): Redis only dispatches, and the sweeper
 * re-enqueues whatever a crash lost.
 *
 * Semantics match the in-process queue (test/contract/queue.contract.ts runs on both):
 * - One BullMQ Queue per job name (created on first use) and one Worker per name, created by
 *   `process()`. Jobs of a name run in enqueue order, `concurrency` at a time (default 1) per
 *   Worker; several processes with the same Redis and prefix share the jobs, each job runs once.
 * - `attempts` (default 1) and `backoff` (fixed: delayMs; exponential: delayMs * 2^(attempt-1),
 *   BullMQ's own formulas). The last failure is logged (job name, id, attempts, error; never
 *   the payload).
 * - `jobId` dedupes: BullMQ ignores an add whose id exists. Jobs use removeOnComplete and
 *   removeOnFail, so once a job completed or finally failed its id can be enqueued again.
 *   Our ids may contain ':'; see bullmq-job-id.ts for the encoding. The original id is kept in
 *   the job data and handed to the handler as JobContext.jobId.
 * - `rateLimits[name]` sets a BullMQ limiter on that name's Worker: at most `max` jobs start per
 *   `durationMs`, counted in Redis, so the limit is global across every worker process (R4.4).
 *   For `sms.send` this approximates "segments per second" by "texts per second": a
 *   multi-segment text counts once (conservative limits should divide by the usual segments).
 * - `close()`: Workers first (each waits for its active jobs), then Queues, then the Redis
 *   connections. A job that fails while closing keeps its remaining attempts in Redis (another
 *   worker, or this one after a restart, retries it). enqueue/process after close throw
 *   QUEUE_CLOSED; close() is idempotent.
 * Connections: one ioredis connection for the Queues (producer; commands fail after a few
 * retries so an enqueue never hangs while Redis is down) and one with
 * `maxRetriesPerRequest: null` that BullMQ duplicates for each Worker (required for its
 * blocking commands).
 */
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { EnqueueOptions, JobContext, JobName, JobObserver, JobQueue } from '../../core/ports.js';
import { AppError } from '../../core/errors.js';
import { encodeJobId } from './bullmq-job-id.js';

export type BullmqJobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface BullmqLogger {
  error(obj: unknown, msg?: string): void;
  warn?(obj: unknown, msg?: string): void;
}

export interface RateLimit {
  max: number;
  durationMs: number;
}

export interface BullmqQueueOptions {
  /** REDIS_URL (redis:// or rediss://). */
  url: string;
  /** Redis key prefix, so several apps or tests can share one Redis (default 'textbank'). */
  prefix?: string;
  rateLimits?: Partial<Record<JobName, RateLimit>>;
  logger?: BullmqLogger;
  /**
   * How long a worker's lock on an active job lasts; a worker that dies (SIGKILL) gives its
   * jobs back after about this long plus `stalledIntervalMs` (BullMQ defaults: 30 s each).
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Shown in Redis CLIENT LIST and on jobs (default: the process id). */
  workerName?: string;
  /** Job timings for operators (wait before the first start, run time of each attempt). */
  observer?: JobObserver;
}

/** The data we store in a BullMQ job: the caller's id (if any) and the payload. */
interface Envelope {
  id?: string;
  p: unknown;
}

export interface BullmqQueue extends JobQueue {
  readonly kind: 'bullmq';
  /** Job counts of one name (waiting, active, delayed, prioritized...), for stats and tests. */
  counts(name: JobName): Promise<Record<string, number>>;
  /** The BullMQ Queue of one name (created on first use), for the operators' dashboard. */
  bullQueue(name: JobName): Queue;
}

const consoleLogger: BullmqLogger = { error: (obj, msg) => console.error(msg ?? 'queue error', obj) };

function closedError(): AppError {
  return new AppError('QUEUE_CLOSED', 'the queue is closed');
}

function badOption(what: string): never {
  throw new AppError('QUEUE_BAD_OPTIONS', `invalid enqueue option: ${what}`);
}

function checkOptions(opts: EnqueueOptions): void {
  if (opts.delayMs !== undefined && !(Number.isFinite(opts.delayMs) && opts.delayMs >= 0)) badOption('delayMs');
  if (opts.attempts !== undefined && !(Number.isInteger(opts.attempts) && opts.attempts >= 1)) badOption('attempts');
  if (opts.backoff && !(Number.isFinite(opts.backoff.delayMs) && opts.backoff.delayMs >= 0)) badOption('backoff.delayMs');
  if (opts.jobId !== undefined && opts.jobId === '') badOption('jobId');
}

function checkRateLimits(limits: BullmqQueueOptions['rateLimits']): void {
  for (const [name, l] of Object.entries(limits ?? {})) {
    if (!l) continue;
    if (!(Number.isInteger(l.max) && l.max >= 1) || !(Number.isInteger(l.durationMs) && l.durationMs >= 1)) {
      throw new AppError('QUEUE_BAD_OPTIONS', `rate limit for ${name} needs whole numbers max >= 1 and durationMs >= 1`);
    }
  }
}

/** The BullMQ job options for one enqueue. */
export function toJobsOptions(opts: EnqueueOptions): JobsOptions {
  return {
    ...(opts.jobId !== undefined ? { jobId: encodeJobId(opts.jobId) } : {}),
    ...(opts.delayMs ? { delay: Math.round(opts.delayMs) } : {}),
    attempts: opts.attempts ?? 1,
    ...(opts.backoff ? { backoff: { type: opts.backoff.type, delay: Math.round(opts.backoff.delayMs) } } : {}),
    removeOnComplete: true,
    removeOnFail: true,
  };
}

export function createBullmqQueue(opts: BullmqQueueOptions): BullmqQueue {
  const prefix = opts.prefix ?? 'textbank';
  const logger = opts.logger ?? consoleLogger;
  const warn = (obj: unknown, msg: string): void => {
    try {
      (logger.warn ?? logger.error).call(logger, obj, msg);
    } catch {
      // a broken logger must not break the queue
    }
  };
  checkRateLimits(opts.rateLimits);

  // Report a lost Redis once per outage, not on every reconnect attempt.
  const connection = (role: 'producer' | 'worker', extra: RedisOptions): Redis => {
    const conn = new Redis(opts.url, { connectionName: `textbank:${role}`, ...extra });
    let reported = false;
    conn.on('error', (err: Error) => {
      if (reported) return;
      reported = true;
      warn({ role, err: err.message }, 'redis connection error (BullMQ queue)');
    });
    conn.on('ready', () => {
      reported = false;
    });
    return conn;
  };
  const producer = connection('producer', { maxRetriesPerRequest: 2 });
  let workerConn: Redis | undefined;

  const queues = new Map<JobName, Queue>();
  const workers = new Map<JobName, Worker>();
  let closing: Promise<void> | undefined;

  const observe = (report: (o: JobObserver) => void): void => {
    if (!opts.observer) return;
    try {
      report(opts.observer);
    } catch {
      // a broken observer must not break the queue
    }
  };

  const queueFor = (name: JobName): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: producer, prefix });
      q.on('error', (err: Error) => warn({ job: name, err: err.message }, 'BullMQ queue error'));
      queues.set(name, q);
    }
    return q;
  };

  const onFailed = (name: JobName, job: Job<Envelope> | undefined, err: Error): void => {
    if (!job) return;
    const max = job.opts.attempts ?? 1;
    if (job.attemptsMade < max) return; // BullMQ retries it after the backoff
    try {
      logger.error({ job: name, jobId: job.data?.id ?? job.id, attempts: job.attemptsMade, err }, `job failed: attempts used up (${job.attemptsMade}/${max})`);
    } catch {
      // a broken logger must not break the queue
    }
  };

  return {
    kind: 'bullmq',

    async enqueue(name, payload, options = {}) {
      if (closing) throw closedError();
      checkOptions(options);
      const data: Envelope = { ...(options.jobId !== undefined ? { id: options.jobId } : {}), p: payload };
      await queueFor(name).add(name, data, toJobsOptions(options));
    },

    process(name, handler, options = {}) {
      if (closing) throw closedError();
      if (workers.has(name)) throw new AppError('QUEUE_HANDLER_EXISTS', `a handler for ${name} is already registered`);
      const concurrency = options.concurrency ?? 1;
      if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
        throw new AppError('QUEUE_BAD_OPTIONS', 'concurrency must be an integer >= 1');
      }
      workerConn ??= connection('worker', { maxRetriesPerRequest: null });
      const limit = opts.rateLimits?.[name];
      const worker = new Worker<Envelope>(
        name,
        async (job) => {
          const ctx: JobContext = { attempt: job.attemptsMade + 1, jobId: job.data.id ?? String(job.id) };
          const startedAt = performance.now();
          // Due = added, plus its delay; measured on the first attempt only (retries wait their backoff).
          if (ctx.attempt === 1) observe((o) => o.started(name, Math.max(0, Date.now() - job.timestamp - (job.opts.delay ?? 0))));
          try {
            await handler(job.data.p, ctx);
          } catch (err) {
            observe((o) => o.finished(name, performance.now() - startedAt, false));
            throw err;
          }
          observe((o) => o.finished(name, performance.now() - startedAt, true));
        },
        {
          connection: workerConn,
          prefix,
          concurrency,
          name: opts.workerName ?? `pid-${process.pid}`,
          ...(limit ? { limiter: { max: limit.max, duration: limit.durationMs } } : {}),
          ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
          ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
        },
      );
      worker.on('failed', (job, err) => onFailed(name, job, err));
      worker.on('error', (err: Error) => warn({ job: name, err: err.message }, 'BullMQ worker error'));
      workers.set(name, worker);
    },

    async ping() {
      if (closing) throw closedError();
      const pong = await producer.ping();
      if (pong !== 'PONG') throw new AppError('QUEUE_UNREACHABLE', `redis answered ${pong} to PING`);
    },

    async counts(name) {
      if (closing) throw closedError();
      return queueFor(name).getJobCounts();
    },

    bullQueue(name) {
      if (closing) throw closedError();
      return queueFor(name);
    },

    close() {
      closing ??= (async () => {
        // Stop taking jobs and wait for the active ones, then release the producers, then Redis.
        await Promise.allSettled([...workers.values()].map((w) => w.close()));
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
        // quit() lets pending replies arrive; a connection that is not up is just dropped.
        const conns = [producer, workerConn].filter((c): c is Redis => c !== undefined);
        await Promise.allSettled(conns.map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
      })();
      return closing;
    },
  };
}
