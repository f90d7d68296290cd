import { afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { runContract, type PortImplementation } from '../support/contract.js';
import { withRedis } from '../support/with-redis.js';
import { createInProcessQueue } from '../../src/adapters/queue/in-process-queue.js';
import { createBullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import { queueContract, type QueueUnderTest } from './queue.contract.js';

const inProcess: PortImplementation<QueueUnderTest> = {
  name: 'in-process',
  // Failing handlers are part of the suite; keep their final-failure logs out of the output.
  create: async () => createInProcessQueue({ logger: { error: () => undefined } }),
  destroy: async (q) => q.close(),
};

// A real Redis (redis-server on a free loopback port, or REDIS_URL); each test gets its own key prefix.
const redis = await withRedis();
afterAll(async () => {
  if ('stop' in redis) await redis.stop();
});
let n = 0;
const prefixes = new WeakMap<QueueUnderTest, string>();

const bullmq: PortImplementation<QueueUnderTest> = {
  name: 'bullmq',
  ...('skip' in redis ? { skipReason: redis.skip } : {}),
  create: async () => {
    if (!('url' in redis)) throw new Error('no redis');
    const prefix = `tbq${process.pid}x${(n += 1)}`;
    const q = createBullmqQueue({ url: redis.url, prefix, logger: { error: () => undefined, warn: () => undefined } });
    prefixes.set(q, prefix);
    return q;
  },
  destroy: async (q) => {
    await q.close();
    // Leave nothing behind when REDIS_URL points at a shared server.
    if (!('url' in redis)) return;
    const conn = new Redis(redis.url);
    try {
      const keys = await conn.keys(`${prefixes.get(q)}:*`);
      if (keys.length > 0) await conn.del(...keys);
    } finally {
      await conn.quit();
    }
  },
};

runContract('JobQueue', [inProcess, bullmq], queueContract);
