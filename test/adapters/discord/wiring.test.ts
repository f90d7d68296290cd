// The composition root with DISCORD_* set: the Discord gateway is in the notifier's gateways, the
// HTTP interactions endpoint is served, and commands reach the dispatcher (REST to the fake API).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../../src/app/compose.js';
import { loadConfig } from '../../../src/app/config.js';
import { createLogger } from '../../../src/app/logger.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { commandPayload, GUILD, OWNER, signBody, signingKey } from './support/payloads.js';

let app: App | undefined;
let fake: FakeDiscord | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  fake = undefined;
  dir = undefined;
});

describe('composeApp with Discord configured', () => {
  it('serves /discord/interactions, registers the Discord ChatGateway and says so at startup', async () => {
    fake = await startFakeDiscord();
    dir = mkdtempSync(join(tmpdir(), 'textbank-discord-'));
    const key = signingKey();
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: FAKE_APP_ID, DISCORD_PUBLIC_KEY: key.publicKeyHex, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dir, LOG_LEVEL: 'silent' });
    app = await composeApp({ config, role: 'all', logger: createLogger('silent') });
    expect(app.choices.join('\n')).toContain('Discord: connecting the bot');
    expect(app.choices.join('\n')).toContain('http://localhost:3000/discord/interactions');
    expect(Object.keys(app.commands.services.chat?.gateways ?? {})).toContain('discord');

    const post = async (payload: unknown) => {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      return app!.server.inject({
        method: 'POST',
        url: '/discord/interactions',
        headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature-ed25519': signBody(key.privateKey, timestamp, body) },
        payload: body,
      });
    };
    expect((await post({ id: '1', application_id: FAKE_APP_ID, type: 1, token: 't' })).json()).toEqual({ type: 1 });
    const setup = await post(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
    expect(setup.json()).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect((await app.store.orgs.findByExternal('discord', GUILD))?.name).toBe('Texas Forward');
    // Other routes keep their own JSON parsing (the raw-body parser is encapsulated in the plugin).
    expect((await app.server.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});
