// The operators' queue dashboard (bull-board at /admin/queues) over a real Redis and the BullMQ
// queue: refused without ADMIN_TOKEN or with a wrong one, served with the right one (Bearer or
// the browser cookie), read-only unless opted in, and the token never reaches a log line.
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBullmqQueue, type BullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import { createLogger } from '../../src/app/logger.js';
import { buildServer, type HttpServer } from '../../src/app/server.js';
import { ADMIN_COOKIE, registerAdminQueues } from '../../src/app/admin-queues.js';
import { createMetrics } from '../../src/app/metrics.js';
import { withRedis } from '../support/with-redis.js';
import { waitFor } from '../contract/queue.contract.js';

const redis = await withRedis();
afterAll(async () => {
  if ('stop' in redis) await redis.stop();
});

const TOKEN = 'admin-token-0123456789abcdef';
let seq = 0;
const open: { server: HttpServer; queue: BullmqQueue }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.server.close();
    await o.queue.close();
  }
});

async function board(opts: { token?: string; write?: boolean; logs?: string[] } = {}) {
  if (!('url' in redis)) throw new Error('no redis');
  const metrics = createMetrics({ defaultMetrics: false });
  const queue = createBullmqQueue({ url: redis.url, prefix: `tbadmin${process.pid}x${(seq += 1)}`, logger: { error: () => undefined, warn: () => undefined }, observer: metrics.jobs });
  const stream = new PassThrough();
  stream.on('data', (d: Buffer) => opts.logs?.push(d.toString()));
  const server = await buildServer({ logger: createLogger(opts.logs ? 'info' : 'silent', stream), probes: [] });
  await registerAdminQueues(server, { queueFor: (name) => queue.bullQueue(name), token: opts.token, write: opts.write ?? false });
  open.push({ server, queue });
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  return { base, queue, metrics };
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe.skipIf(!('url' in redis))('/admin/queues (bull-board over BullMQ)', () => {
  it('refuses without a token (401) and with a wrong one (401), in the header or the query string', async () => {
    const { base } = await board({ token: TOKEN });
    for (const [path, headers] of [
      ['/admin/queues', {}],
      ['/admin/queues/api/queues', {}],
      ['/admin/queues', bearer(`${TOKEN}0`)],
      ['/admin/queues', { authorization: TOKEN }],
      ['/admin/queues', { cookie: `${ADMIN_COOKIE}=${TOKEN}` }],
      [`/admin/queues?token=${TOKEN}0`, {}],
    ] as const) {
      const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      const body = await res.text();
      expect(body).toMatch(/admin token/i);
      expect(body).not.toContain('<html');
    }
  });

  it('serves the dashboard HTML and its API with the right Bearer token', async () => {
    const { base, queue } = await board({ token: TOKEN });
    await queue.enqueue('claim.expire', { orgId: 'o1', claimId: 'c1', n: 1 }, { delayMs: 60_000 });
    const page = await fetch(`${base}/admin/queues`, { headers: bearer(TOKEN) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: bearer(TOKEN) });
    expect(api.status).toBe(200);
    const json = (await api.json()) as { queues: { name: string; readOnlyMode: boolean; counts: Record<string, number> }[] };
    const expire = json.queues.find((q) => q.name === 'claim.expire');
    expect(expire?.counts.delayed).toBe(1);
    expect(json.queues.map((q) => q.name)).toContain('sms.send');
    expect(json.queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('a browser signs in once with ?token=: an HttpOnly SameSite=Strict cookie on /admin, a redirect without the token, and the token in no log line', async () => {
    const logs: string[] = [];
    const { base } = await board({ token: TOKEN, logs });
    const signIn = await fetch(`${base}/admin/queues?token=${TOKEN}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin/queues');
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin(;|$)/);
    expect(cookie).not.toContain(TOKEN); // the cookie holds an HMAC of the token, not the token
    const pair = cookie.split(';')[0]!;
    const page = await fetch(`${base}/admin/queues`, { headers: { cookie: pair } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    await fetch(`${base}/admin/queues`, { headers: bearer(TOKEN) });
    await waitFor(() => logs.some((l) => l.includes('token=[redacted]')));
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('is read-only by default: retry, clean, pause and add are refused (403) and nothing changes', async () => {
    const { base, queue } = await board({ token: TOKEN });
    await queue.enqueue('claim.expire', { orgId: 'o1', claimId: 'c2', n: 1 }, { delayMs: 60_000 });
    for (const [method, path] of [
      ['PUT', '/admin/queues/api/queues/claim.expire/retry/failed'],
      ['PUT', '/admin/queues/api/queues/claim.expire/clean/delayed'],
      ['PUT', '/admin/queues/api/queues/claim.expire/pause'],
      ['POST', '/admin/queues/api/queues/claim.expire/add'],
      ['PUT', '/admin/queues/api/queues/pause'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method, headers: { ...bearer(TOKEN), 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.text()).toContain('read-only');
    }
    expect((await queue.counts('claim.expire')).delayed).toBe(1);
    expect(await queue.bullQueue('claim.expire').isPaused()).toBe(false);
  });

  it('with ADMIN_QUEUES_WRITE, an operator can act on a queue (pause)', async () => {
    const { base, queue } = await board({ token: TOKEN, write: true });
    const res = await fetch(`${base}/admin/queues/api/queues/claim.expire/pause`, { method: 'PUT', headers: bearer(TOKEN) });
    expect(res.status).toBe(200);
    expect(await queue.bullQueue('claim.expire').isPaused()).toBe(true);
    const anon = await fetch(`${base}/admin/queues/api/queues/claim.expire/resume`, { method: 'PUT' });
    expect(anon.status).toBe(401);
    expect(await queue.bullQueue('claim.expire').isPaused()).toBe(true);
  });

  it('with ADMIN_TOKEN unset, every /admin/queues path is refused (403) with how to open it, whatever is sent', async () => {
    const { base } = await board({ token: undefined });
    for (const [path, headers] of [
      ['/admin/queues', {}],
      ['/admin/queues/', bearer(TOKEN)],
      ['/admin/queues/api/queues', bearer('anything-at-all-here')],
      [`/admin/queues?token=${TOKEN}`, {}],
    ] as const) {
      const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('set ADMIN_TOKEN');
    }
  });

  it('reports BullMQ job wait and run times per queue to the metrics observer', async () => {
    const { queue, metrics } = await board({ token: TOKEN });
    let ran = 0;
    queue.process('chat.notify', async () => {
      ran += 1;
    });
    await queue.enqueue('chat.notify', { n: 1 });
    await queue.enqueue('chat.notify', { n: 2 });
    await waitFor(() => ran === 2);
    await waitFor(async () => (await metrics.render()).body.includes('textbank_job_run_seconds_count{queue="chat.notify",outcome="ok"} 2'));
    expect((await metrics.render()).body).toContain('textbank_job_wait_seconds_count{queue="chat.notify"} 2');
  });
});
