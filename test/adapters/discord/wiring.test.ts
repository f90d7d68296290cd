// The composition root with DISCORD_* set: the Discord gateway is in the notifier's gateways, the
// HTTP interactions endpoint is served, commands reach the dispatcher (REST to the fake API), and
// /readyz includes the bot's gateway connection (a local websocket gateway, support/fake-gateway.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../../src/app/compose.js';
import { loadConfig } from '../../../src/app/config.js';
import { createLogger } from '../../../src/app/logger.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { commandPayload, GUILD, OWNER, signBody, signingKey } from './support/payloads.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

let app: App | undefined;
let fake: FakeDiscord | undefined;
let dir: string | undefined;
let gateway: FakeGateway | undefined;
afterEach(async () => {
  await app?.stop();
  await gateway?.close();
  gateway = undefined;
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

  it('/readyz names discord while the gateway is not ready: 200 once connected (interactions flow, import opens its form), 503 after a 4014', async () => {
    fake = await startFakeDiscord();
    gateway = await startFakeGateway({ applicationId: FAKE_APP_ID });
    fake.setGateway(gateway.url);
    dir = mkdtempSync(join(tmpdir(), 'textbank-discord-'));
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: FAKE_APP_ID, DISCORD_PUBLIC_KEY: signingKey().publicKeyHex, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dir, LOG_LEVEL: 'silent' });
    app = await composeApp({ config, role: 'all', logger: createLogger('silent') });
    const readyz = async () => {
      const res = await app!.server.inject({ method: 'GET', url: '/readyz' });
      return { status: res.statusCode, checks: res.json<{ checks: Record<string, string> }>().checks };
    };
    const until = async (status: number) => {
      for (let end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) if ((await readyz()).status === status) return;
      throw new Error(`readyz never answered ${status}`);
    };
    await app.server.ready();
    await until(200);
    expect((await readyz()).checks).toEqual({ store: 'ok', queue: 'ok', discord: 'ok' });
    // Interactions arrive over the real discord.js connection; answers go out over REST.
    const f = fake;
    const callbackOf = async (payload: { id: string }) => {
      for (let end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
        const found = f.of('POST', new RegExp(`^/interactions/${payload.id}/[^/]+/callback$`))[0];
        if (found) return found.body as { type: number; data: Record<string, unknown> };
      }
      throw new Error('no interaction callback');
    };
    const setup = commandPayload(OWNER, ['setup'], { name: 'Texas Forward' });
    gateway.dispatch('INTERACTION_CREATE', setup);
    expect((await callbackOf(setup)).type).toBe(4);
    const create = commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' });
    gateway.dispatch('INTERACTION_CREATE', create);
    await callbackOf(create);
    // /textbank import without a file: the upload form is the first answer, not a deferral.
    const importing = commandPayload(OWNER, ['import'], { campaign: 'gotv' });
    gateway.dispatch('INTERACTION_CREATE', importing);
    expect(await callbackOf(importing)).toMatchObject({ type: 9, data: { components: [{ type: 18, component: { type: 19 } }] } });
    gateway.onIdentify = 4014;
    gateway.dropAll(4014);
    await until(503);
    expect((await readyz()).checks).toEqual({ store: 'ok', queue: 'ok', discord: 'unreachable' });
    expect((await app.server.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});
