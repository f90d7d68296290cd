// The metrics as compose.ts wires them: /metrics and /admin/queues on the composed app (with and
// without Redis), and the Slack and Discord clients counting their API requests and rate-limit
// answers per platform, against the local fakes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { createI18n } from '../../src/app/i18n.js';
import { createMetrics } from '../../src/app/metrics.js';
import { createSlack } from '../../src/app/wire-slack.js';
import { createDiscord } from '../../src/app/wire-discord.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { FAKE_APP_ID, FAKE_BOT_TOKEN, startFakeDiscord } from '../support/fake-discord.js';
import { withRedis } from '../support/with-redis.js';

const redis = await withRedis();
const dataDir = mkdtempSync(join(tmpdir(), 'textbank-metrics-'));
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  if ('stop' in redis) await redis.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-0123456789abcdefgh';
const clock = { now: () => new Date() };

async function compose(env: Record<string, string>, role: 'all' | 'worker' = 'all'): Promise<App> {
  const app = await composeApp({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }), role, logger: createLogger('silent') });
  apps.push(app);
  return app;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('composed app', () => {
  it.skipIf(!('url' in redis))('a worker with METRICS_PORT serves /metrics, /healthz and /readyz there, and no other route', async () => {
    if (!('url' in redis)) return;
    const port = await freePort();
    const app = await compose({ REDIS_URL: redis.url, METRICS_TOKEN, METRICS_PORT: String(port) }, 'worker');
    const address = await app.start();
    expect(address).toContain(String(port));
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/textbank_queue_jobs\{queue="sms.send",state="waiting"\} \d+/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(404);
  }, 60_000);

  it('serves /metrics behind METRICS_TOKEN and, without Redis, no queue dashboard (404)', async () => {
    const app = await compose({ METRICS_TOKEN });
    expect((await app.server.inject({ url: '/metrics' })).statusCode).toBe(401);
    const ok = await app.server.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('textbank_texts_total');
    expect(ok.body).toMatch(/textbank_queue_jobs\{queue="sms.send",state="waiting"\} 0/);
    expect((await app.server.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).statusCode).toBe(404);
  }, 60_000);

  it.skipIf(!('url' in redis))('with Redis: the dashboard behind ADMIN_TOKEN and queue depth from BullMQ', async () => {
    if (!('url' in redis)) return;
    const app = await compose({ REDIS_URL: redis.url, ADMIN_TOKEN });
    expect((await app.server.inject({ url: '/admin/queues' })).statusCode).toBe(401);
    const page = await app.server.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    await app.queue.enqueue('claim.expire', { orgId: 'o1', claimId: 'metrics-wiring', n: 1 }, { delayMs: 600_000, jobId: 'metrics-wiring' });
    const scrape = await app.server.inject({ url: '/metrics' }); // METRICS_TOKEN unset: open
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/textbank_queue_jobs\{queue="claim.expire",state="delayed"\} [1-9]/);
  }, 60_000);
});

describe('chat API counters', () => {
  it('Slack: every Web API request and every 429 are counted under platform="slack"', async () => {
    const fake = await startFakeSlack({ rateLimits: { share: { everyNth: 2, methods: ['chat.postMessage'] }, retryAfterSec: 0 } });
    try {
      const metrics = createMetrics({ defaultMetrics: false });
      const config = loadConfig({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' });
      const slack = createSlack({ config, clock, logger: createLogger('silent'), i18n: await createI18n('en'), metrics });
      if (!slack) throw new Error('slack not configured');
      await slack.api.postMessage('C0METRICS', { text: 'one', blocks: [] });
      await slack.api.postMessage('C0METRICS', { text: 'two', blocks: [] });
      const { body } = await metrics.render();
      const calls = Number(/textbank_chat_api_requests_total\{platform="slack"\} (\d+)/.exec(body)?.[1]);
      const limited = Number(/textbank_chat_api_rate_limited_total\{platform="slack"\} (\d+)/.exec(body)?.[1]);
      expect(limited).toBeGreaterThanOrEqual(1);
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(fake.limited.length).toBe(limited);
    } finally {
      await fake.close();
    }
  });

  it('Discord: REST responses and rate limits are counted under platform="discord"', async () => {
    const fake = await startFakeDiscord({ rateLimits: { share: { everyNth: 2, paths: /^POST \/channels\/\d+\/messages$/ }, retryAfterSec: 0.05 } });
    try {
      const channel = '1100000000000000002';
      fake.addChannel({ id: channel, type: 0, guild_id: '1100000000000000001' } as never);
      const metrics = createMetrics({ defaultMetrics: false });
      const config = loadConfig({ DISCORD_TOKEN: FAKE_BOT_TOKEN, DISCORD_APP_ID: FAKE_APP_ID, DISCORD_PUBLIC_KEY: 'ab'.repeat(32), DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' });
      const discord = createDiscord({ config, store: createMemoryStore({ clock }), clock, i18n: await createI18n('en'), logger: createLogger('silent'), metrics });
      if (!discord) throw new Error('discord not configured');
      const view = { text: 'Claim a batch', blocks: [{ type: 'section' as const, text: 'Claim a batch' }] };
      await discord.adapter.chat.post(channel, view);
      await discord.adapter.chat.post(channel, view);
      await discord.stop();
      const { body } = await metrics.render();
      const calls = Number(/textbank_chat_api_requests_total\{platform="discord"\} (\d+)/.exec(body)?.[1]);
      const limited = Number(/textbank_chat_api_rate_limited_total\{platform="discord"\} (\d+)/.exec(body)?.[1]);
      expect(calls).toBeGreaterThanOrEqual(3); // two posts, one of them answered 429 first
      expect(limited).toBeGreaterThanOrEqual(1);
    } finally {
      await fake.close();
    }
  });
});
