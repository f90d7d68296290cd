// Outgoing webhooks as compose.ts wires them, driven through the sandbox's own HTTP API: an
// organizer adds a webhook and enters an opt-out in the sandbox chat; a receiver on 127.0.0.1
// (WEBHOOK_ALLOW_HTTP_LOOPBACK, test only) gets it signed with the secret the reply showed once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const dataDir = mkdtempSync(join(tmpdir(), 'textbank-webhooks-'));
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('composed sandbox app', () => {
  it('delivers a signed opt_out.recorded to a webhook added from the sandbox chat', async () => {
    const rx = await startWebhookReceiver();
    try {
      const app = await composeApp({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' }), role: 'all', logger: createLogger('silent') });
      apps.push(app);
      const command = (text: string) => app.server.inject({ method: 'POST', url: '/sandbox/api/command', payload: { memberId: 'U-olivia', channelId: 'campaign', text } });
      expect((await command('/textbank setup')).statusCode).toBe(200);
      expect((await command(`/textbank webhooks add ${rx.url} opt_out.recorded`)).statusCode).toBe(200);
      const state = await app.server.inject({ method: 'GET', url: '/sandbox/api/state', query: { memberId: 'U-olivia', channelId: 'campaign' } });
      const secret = /whsec_[A-Za-z0-9_-]+/.exec(state.body)?.[0];
      expect(secret).toBeDefined();
      rx.secret = secret!;
      expect((await command('/textbank optout add (212) 555-0142')).statusCode).toBe(200);
      for (let i = 0; i < 100 && rx.received.length === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0]).toMatchObject({ verified: true, status: 200, body: { type: 'opt_out.recorded', data: { phone: '+12125550142', source: 'admin' } } });
    } finally {
      await rx.close();
    }
  }, 60_000);
});
