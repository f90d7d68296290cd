import type { TFunction } from 'i18next';
import type { JobObserver, JobQueue } from '../core/ports.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { ProcessRole } from './args.js';
import { createInProcessQueue } from '../adapters/queue/in-process-queue.js';
import { createBullmqQueue, type RateLimit } from '../adapters/queue/bullmq-queue.js';

export interface QueueChoice {
  queue: JobQueue;
  line: string;
}

/**
 * R4.4: the sms.send limit from SMS_SEGMENTS_PER_SECOND (default 1) as a BullMQ limiter.
 * BullMQ counts jobs, so this is texts per second (a multi-segment text counts once).
 * Whole rates >= 1: floor(rate) per second (3.75 -> 3, never above the rate); rates below 1:
 * one text per ceil(1000 / rate) ms (0.5 -> 1 per 2 s).
 */
export function smsSendRateLimit(segmentsPerSecond: number): RateLimit {
  if (!(Number.isFinite(segmentsPerSecond) && segmentsPerSecond > 0)) throw new Error(`SMS_SEGMENTS_PER_SECOND must be a number above 0 (got ${segmentsPerSecond})`);
  if (segmentsPerSecond >= 1) return { max: Math.floor(segmentsPerSecond), durationMs: 1000 };
  return { max: 1, durationMs: Math.ceil(1000 / segmentsPerSecond) };
}

/**
 * REDIS_URL -> BullMQ (shared by web and worker processes); else the in-process queue, which is
 * safe for one process because the store is the outbox (DESIGN: Outbox). Split roles need Redis.
 */
export function chooseQueue(config: Config, role: ProcessRole, logger: Logger, t: TFunction, observer?: JobObserver): QueueChoice {
  if (config.REDIS_URL) {
    // Issue 6: SMS_SEGMENTS_PER_SECOND is read here until config.ts declares it (R4.4, default 1).
    const rate = (config as { SMS_SEGMENTS_PER_SECOND?: number }).SMS_SEGMENTS_PER_SECOND ?? 1;
    const queue = createBullmqQueue({
      url: config.REDIS_URL,
      rateLimits: { 'sms.send': smsSendRateLimit(rate) },
      logger: { error: (obj, msg) => logger.error(obj, msg), warn: (obj, msg) => logger.warn(obj, msg) },
      ...(observer ? { observer } : {}),
    });
    return { queue, line: t('common:startup.queue.bullmq') };
  }
  if (role !== 'all') {
    throw new Error(`--role ${role} needs REDIS_URL: web and worker processes share work through Redis. Use --role all for a single process.`);
  }
  const queue = createInProcessQueue({ logger: { error: (obj, msg) => logger.error(obj, msg) }, ...(observer ? { observer } : {}) });
  return { queue, line: t('common:startup.queue.inProcess', { why: 'REDIS_URL is not set' }) };
}
