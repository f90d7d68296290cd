/**
 * The composition seam for the queue (src/app/choose-queue.ts): REDIS_URL -> BullMQ with the
 * sms.send rate limit (R4.4), split roles only with Redis; and the real entry point started
 * with REDIS_URL as a worker and as a web process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { withRedis } from '../../support/with-redis.js';
import { chooseQueue, smsSendRateLimit } from '../../../src/app/choose-queue.js';
import { loadConfig } from '../../../src/app/config.js';
import { createLogger } from '../../../src/app/logger.js';
import { createI18n } from '../../../src/app/i18n.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const redis = await withRedis();
afterAll(async () => {
  if ('stop' in redis) await redis.stop();
});

describe('R4.4: SMS_SEGMENTS_PER_SECOND as a BullMQ limiter', () => {
  it('whole rates per second, fractional ones rounded down, slow ones spread out', () => {
    expect(smsSendRateLimit(1)).toEqual({ max: 1, durationMs: 1000 });
    expect(smsSendRateLimit(75)).toEqual({ max: 75, durationMs: 1000 });
    expect(smsSendRateLimit(3.75)).toEqual({ max: 3, durationMs: 1000 });
    expect(smsSendRateLimit(0.5)).toEqual({ max: 1, durationMs: 2000 });
    expect(() => smsSendRateLimit(0)).toThrow(/above 0/);
    expect(() => smsSendRateLimit(Number.NaN)).toThrow();
  });
});

describe.skipIf('skip' in redis)('chooseQueue', () => {
  const url = 'url' in redis ? redis.url : '';

  it('REDIS_URL -> BullMQ for every role, with the startup line', async () => {
    const t = (await createI18n('en')).t('en');
    const config = loadConfig({ REDIS_URL: url });
    for (const role of ['all', 'web', 'worker'] as const) {
      const { queue, line } = chooseQueue(config, role, createLogger('silent'), t);
      try {
        expect(queue.kind).toBe('bullmq');
        expect(line).toBe('Queue: BullMQ on Redis at the configured REDIS_URL.');
        expect(line).not.toContain(url);
        await queue.ping();
      } finally {
        await queue.close();
      }
    }
  });

  it('without REDIS_URL: in-process for --role all, refused for web/worker', async () => {
    const t = (await createI18n('en')).t('en');
    const config = loadConfig({});
    const { queue } = chooseQueue(config, 'all', createLogger('silent'), t);
    expect(queue.kind).toBe('in-process');
    await queue.close();
    expect(() => chooseQueue(config, 'worker', createLogger('silent'), t)).toThrow(/needs REDIS_URL/);
  });
});

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe.skipIf('skip' in redis)('npm start with REDIS_URL', () => {
  for (const role of ['worker', 'web'] as const) {
    it(`--role ${role} starts on BullMQ, says so, and stops on SIGTERM`, async () => {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        MONGOMS_MAX_RETRIES: '0',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        REDIS_URL: 'url' in redis ? redis.url : '',
        DATA_DIR: resolve(ROOT, '.data', `test-bullmq-${process.pid}`),
      };
      // `node --import tsx` rather than the tsx CLI: SIGTERM reaches our process, not a relay.
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', role], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      const deadline = Date.now() + 45_000;
      while (!out.includes('listening') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      try {
        expect(out).toContain('Queue: BullMQ on Redis at the configured REDIS_URL.');
        expect(out).toContain(`(role: ${role})`);
        if (role === 'web') {
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
          expect(await ready.json()).toMatchObject({ checks: { queue: 'ok' } });
        }
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    }, 60_000);
  }
});
