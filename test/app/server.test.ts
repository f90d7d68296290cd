import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, type HttpServer } from '../../src/app/server.js';
import { createLogger } from '../../src/app/logger.js';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, lines };
}

describe('HTTP server', () => {
  let app: HttpServer | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('GET /healthz answers while the process is up, with a request id', async () => {
    app = await buildServer({ logger: createLogger('silent'), probes: [] });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('honours an incoming x-request-id', async () => {
    app = await buildServer({ logger: createLogger('silent'), probes: [] });
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('GET /readyz is 200 when store and queue answer and 503 naming the one that does not', async () => {
    let queueUp = true;
    app = await buildServer({
      logger: createLogger('silent'),
      probes: [
        { name: 'store', ping: async () => undefined },
        { name: 'queue', ping: async () => { if (!queueUp) throw new Error('ECONNREFUSED'); } },
      ],
    });
    const ok = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ready', checks: { store: 'ok', queue: 'ok' } });
    queueUp = false;
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'not_ready', checks: { store: 'ok', queue: 'unreachable' } });
  });

  it('never logs secrets: signature headers and tokens are redacted', async () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    app = await buildServer({ logger, probes: [] });
    await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { authorization: 'Bearer sekrit-1', 'x-twilio-signature': 'sig-sekrit-2', 'x-slack-signature': 'v0=sekrit-3' },
    });
    logger.info({ config: { TWILIO_AUTH_TOKEN: 'sekrit-4', SLACK_BOT_TOKEN: 'xoxb-sekrit-5' } }, 'config loaded');
    const all = lines.join('\n');
    expect(all).toContain('config loaded');
    expect(all).toContain('[redacted]');
    for (const s of ['sekrit-1', 'sekrit-2', 'sekrit-3', 'sekrit-4', 'sekrit-5']) expect(all).not.toContain(s);
  });
});
