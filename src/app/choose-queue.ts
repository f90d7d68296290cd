import type { TFunction } from 'i18next';
import type { JobQueue } from '../core/ports.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { ProcessRole } from './args.js';
import { createInProcessQueue } from '../adapters/queue/in-process-queue.js';

export interface QueueChoice {
  queue: JobQueue;
  line: string;
}

/**
 * REDIS_URL -> BullMQ (shared by web and worker processes); else the in-process queue, which is
 * safe for one process because the store is the outbox (DESIGN: Outbox). Split roles need Redis.
 */
export function chooseQueue(config: Config, role: ProcessRole, logger: Logger, t: TFunction): QueueChoice {
  if (config.REDIS_URL) {
    // Seam for issue 6: the BullMQ JobQueue plugs in here.
    throw new Error('REDIS_URL is set, but the BullMQ queue adapter is not part of this build yet; unset REDIS_URL to use the in-process queue.');
  }
  if (role !== 'all') {
    throw new Error(`--role ${role} needs REDIS_URL: web and worker processes share work through Redis. Use --role all for a single process.`);
  }
  const queue = createInProcessQueue({ logger: { error: (obj, msg) => logger.error(obj, msg) } });
  return { queue, line: t('common:startup.queue.inProcess', { why: 'REDIS_URL is not set' }) };
}
