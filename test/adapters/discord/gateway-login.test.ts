// The bot's gateway login with discord.js's real WebSocketManager against a local websocket
// gateway (support/fake-gateway.ts) and the fake REST API: a refused login (4014: the Message
// Content intent is off; 4004 / a 401 on GET /gateway/bot: a bad token) is named with the README
// step that fixes it, /readyz answers 503 naming discord until the gateway is ready, and bot REST
// calls keep their token after discord.js destroyed the gateway client.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits, Routes } from 'discord.js';
import { createDiscordApi, createDiscordClient, createDiscordRest, gatewayConnector, type GatewayFailure, type GatewaySessionEvents } from '../../../src/adapters/discord/index.js';
import { createLogger } from '../../../src/app/logger.js';
import { loadConfig } from '../../../src/app/config.js';
import { createI18n } from '../../../src/app/i18n.js';
import { buildServer } from '../../../src/app/server.js';
import { createDiscord, registerDiscord, type DiscordWiring } from '../../../src/app/wire-discord.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';
import { CHANNEL, GUILD, signingKey } from './support/payloads.js';

let fake: FakeDiscord | undefined;
let gateway: FakeGateway | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await gateway?.close();
  await fake?.close();
  fake = undefined;
  gateway = undefined;
});

async function fakes(onIdentify: number | 'ready'): Promise<{ fake: FakeDiscord; gateway: FakeGateway }> {
  fake = await startFakeDiscord();
  fake.addGuild(GUILD, 'Texas Forward');
  fake.addChannel({ id: CHANNEL, type: 0, guild_id: GUILD, name: 'gotv' });
  gateway = await startFakeGateway({ applicationId: FAKE_APP_ID });
  gateway.onIdentify = onIdentify;
  fake.setGateway(gateway.url);
  return { fake, gateway };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One connector session, its events recorded. */
function session(f: FakeDiscord, token = f.token) {
  const seen: { ready: number; lost: GatewayFailure[] } = { ready: 0, lost: [] };
  const events: GatewaySessionEvents = { ready: () => void (seen.ready += 1), reconnecting: () => undefined, lost: (x) => void seen.lost.push(x) };
  const s = gatewayConnector({ token, apiUrl: f.apiUrl, handlers: { onInteraction: () => undefined, onMessageCreate: () => undefined } })(events);
  cleanups.push(() => s.close());
  return seen;
}

describe('a gateway login refused by Discord (real discord.js WebSocketManager)', () => {
  it('4014 on IDENTIFY is reported as disallowed intents, fatal; the bot REST client still posts with its token', async () => {
    const { fake: f, gateway: g } = await fakes(4014);
    const seen = session(f);
    const lost = await until(() => seen.lost[0], 'the lost event');
    expect(lost).toMatchObject({ kind: 'disallowed_intents', fatal: true, code: 4014 });
    expect(seen.ready).toBe(0);
    // The IDENTIFY asked for Message Content (the privileged intent Discord refused).
    expect(g.identifies[0]!.intents & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
    // discord.js destroyed its client (and cleared that client's REST token); ours is separate.
    const api = createDiscordApi(createDiscordRest(f.token, f.apiUrl), FAKE_APP_ID);
    await api.createMessage(CHANNEL, { content: 'still here', allowed_mentions: { parse: [] } });
    const posted = f.of('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
    expect(posted.map((c) => c.authorization)).toEqual([`Bot ${f.token}`]);
  });

  it('why REST is kept apart: discord.js destroys a client whose login failed, and its own REST loses the token', async () => {
    const { fake: f } = await fakes(4014);
    const client = createDiscordClient({ token: f.token, apiUrl: f.apiUrl });
    await expect(client.login(f.token)).rejects.toThrow(/disallowed intents/i);
    await expect(client.rest.get(Routes.channel(CHANNEL))).rejects.toThrow(/token/i);
    await expect(createDiscordRest(f.token, f.apiUrl).get(Routes.channel(CHANNEL))).resolves.toMatchObject({ id: CHANNEL });
  });

  it('a token Discord refuses (401 on GET /gateway/bot) is reported as authentication failed, fatal', async () => {
    const { fake: f } = await fakes('ready');
    const seen = session(f, 'not-the-bot-token');
    expect(await until(() => seen.lost[0], 'the lost event')).toMatchObject({ kind: 'auth_failed', fatal: true });
  });

  it('4004 on IDENTIFY is reported as authentication failed with its code', async () => {
    const { fake: f } = await fakes(4004);
    const seen = session(f);
    expect(await until(() => seen.lost[0], 'the lost event')).toMatchObject({ kind: 'auth_failed', fatal: true, code: 4004 });
  });

  it('READY: the session reports ready once', async () => {
    const { fake: f } = await fakes('ready');
    const seen = session(f);
    await until(() => seen.ready > 0, 'ready');
    expect(seen.lost).toEqual([]);
  });
});

describe('the Discord wiring: log line, /readyz and recovery', () => {
  async function wired(f: FakeDiscord, retryMs: number) {
    const lines: { level: number; msg: string; closeCode?: number }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[number]);
        done();
      },
    });
    const logger = createLogger('info', sink);
    const config = loadConfig({ DISCORD_TOKEN: f.token, DISCORD_APP_ID: FAKE_APP_ID, DISCORD_PUBLIC_KEY: signingKey().publicKeyHex, DISCORD_API_URL: f.apiUrl, LOG_LEVEL: 'info' });
    const clock = { now: () => new Date() };
    const store = createMemoryStore({ clock });
    const i18n = await createI18n('en');
    const wiring = createDiscord({ config, store, clock, i18n, logger, gateway: { delay: () => retryMs } }) as DiscordWiring;
    const server = await buildServer({ logger, probes: [wiring.probe] });
    await registerDiscord(server, wiring, { config, clock, i18n, logger });
    cleanups.push(() => server.close(), () => store.close());
    const readyz = async () => {
      const res = await server.inject({ method: 'GET', url: '/readyz' });
      return { status: res.statusCode, body: res.json<{ checks: Record<string, string> }>() };
    };
    return { wiring, server, lines, readyz };
  }

  it('after a 4014: one error line naming README step 2 (no token), /readyz 503 naming discord, /healthz ok; ready again once fixed', async () => {
    const { fake: f, gateway: g } = await fakes(4014);
    const { wiring, server, lines, readyz } = await wired(f, 150);
    await server.ready();
    const line = await until(() => lines.find((l) => l.closeCode === 4014), 'the 4014 log line');
    expect(line.level).toBe(50);
    expect(line.msg).toContain('Message Content intent is off');
    expect(line.msg).toContain('README "Set up Discord" step 2');
    expect(lines.map((l) => JSON.stringify(l)).join('\n')).not.toContain(f.token);
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks).toEqual({ discord: 'unreachable' });
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // Bot REST calls through the adapter's chat gateway still carry the token.
    await wiring.adapter.chat.post(CHANNEL, { text: 'still here', blocks: [] });
    expect(f.of('POST', new RegExp(`^/channels/${CHANNEL}/messages$`)).map((c) => c.authorization)).toEqual([`Bot ${f.token}`]);

    // The intent is turned on in the portal: the next slow retry connects.
    g.onIdentify = 'ready';
    await until(async () => (await readyz()).status === 200, 'readyz 200');
    expect((await readyz()).body.checks).toEqual({ discord: 'ok' });
    expect(lines.some((l) => l.msg.includes('connected to the gateway again'))).toBe(true);
    expect(g.identifies.length).toBeGreaterThanOrEqual(2);
  });

  it('a drop discord.js will not recover from (4004 after READY) takes readiness down and is retried', async () => {
    const { fake: f, gateway: g } = await fakes('ready');
    const { wiring, server, lines, readyz } = await wired(f, 100);
    expect((await readyz()).status).toBe(503);
    await server.ready();
    await until(async () => (await readyz()).status === 200, 'readyz 200');
    g.onIdentify = 4004;
    g.dropAll(4004);
    const line = await until(() => lines.find((l) => l.closeCode === 4004), 'the 4004 log line');
    expect(line.msg).toContain('README "Set up Discord" step 1');
    expect(wiring.gateway.state()).not.toBe('ready');
    expect((await readyz()).status).toBe(503);
    await until(() => g.identifies.length >= 2, 'a retry');
    await wiring.stop();
    expect(wiring.gateway.state()).toBe('stopped');
  });
});
