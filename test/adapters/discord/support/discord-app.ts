// Test composition of Textbank on Discord from real parts: memory store, in-process queue,
// simulated carrier, the engine, the commands' dispatcher and chat notifier, the app's file
// service (downloads attachments over HTTP), and the Discord adapter with its HTTP interactions
// plugin on a loopback port, talking REST to the fake Discord API. Tests are a composition point.
import Fastify, { type FastifyInstance } from 'fastify';
import { engineTestStore } from '../../../core/engine/harness.js';
import { createInProcessQueue, type InProcessQueue } from '../../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier, type SimulatedCarrier } from '../../../../src/adapters/simulated-sms/index.js';
import { createDiscordAdapter, createDiscordRest, discordInteractionsPlugin, type DiscordAdapter } from '../../../../src/adapters/discord/index.js';
import { createI18n } from '../../../../src/app/i18n.js';
import { createFileService } from '../../../../src/app/file-service.js';
import { createDispatcher } from '../../../../src/commands/framework/dispatcher.js';
import type { Translate } from '../../../../src/commands/framework/definition.js';
import type { Invocation } from '../../../../src/commands/framework/invocation.js';
import { createChatNotifier, createTextbankCommands, type Services } from '../../../../src/commands/index.js';
import { createEngine, type Engine } from '../../../../src/core/engine.js';
import type { Lang } from '../../../../src/core/model/common.js';
import type { Clock, Store } from '../../../../src/core/ports.js';
import type { Reply } from '../../../../src/core/views/view.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from '../../../support/fake-discord.js';
import { ANA, BEN, CHANNEL, GUILD, OWNER, signBody, signingKey, type SigningKey } from './payloads.js';

export const ORG_NUMBER = '+12025550188';
/** Tuesday 2026-11-17 10:00 in New York: texting hours are open everywhere in the US. */
export const TUESDAY_10AM_NY = new Date('2026-11-17T15:00:00Z');

/** A fixed start that moves on with real time (texts keep their order; signatures stay fresh). */
export function movingClock(start = TUESDAY_10AM_NY): Clock {
  const t0 = Date.now();
  return { now: () => new Date(start.getTime() + (Date.now() - t0)) };
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown> & { type?: number; data?: Record<string, unknown> };
}

export interface DiscordApp {
  url: string;
  fake: FakeDiscord;
  key: SigningKey;
  clock: Clock;
  store: Store;
  engine: Engine;
  queue: InProcessQueue;
  carrier: SimulatedCarrier;
  adapter: DiscordAdapter;
  server: FastifyInstance;
  errors: unknown[];
  /** Every initial response our endpoint sent (they never reach the fake: they are HTTP answers). */
  answers: HttpAnswer[];
  /** Signs and POSTs an interaction to /discord/interactions. */
  interact(payload: unknown, opts?: { timestamp?: string; signature?: string | null; tamper?: (body: string) => string }): Promise<HttpAnswer>;
  /** Waits until the adapter, the queue and the carrier are idle. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** `dmConversations`: treat the gateway as having no members-only threads, so conversations fall back to DMs. */
export async function startDiscordApp(opts: { deferAfterMs?: number; slowHandle?: (inv: Invocation) => number; dmConversations?: boolean; charts?: Services['charts'] } = {}): Promise<DiscordApp> {
  const clock = movingClock();
  const errors: unknown[] = [];
  const fake = await startFakeDiscord();
  fake.addGuild(GUILD, 'Texas Forward', [OWNER.id, ANA.id, BEN.id]);
  fake.addChannel({ id: CHANNEL, type: 0, guild_id: GUILD, name: 'gotv' });
  const i18n = await createI18n('en');
  const translator = (lang: Lang): Translate => {
    const t = i18n.t(lang);
    return (key, params) => t(key, params ?? {}) as string;
  };
  const store = await engineTestStore(clock);
  const queue = createInProcessQueue({ clock, logger: { error: (err) => void errors.push(err) } });
  const engineRef: { engine?: Engine } = {};
  const carrier = createSimulatedCarrier({
    clock,
    statusDelayMs: 0,
    onStatus: async (cb) => void (await engineRef.engine?.dispatch.applyStatus(cb)),
    onInbound: async (m) => void (await engineRef.engine?.inbound.receive(m)),
    onError: (err) => void errors.push(err),
  });
  const engine = createEngine({ store, queue, sms: carrier, clock, translate: (lang, key, params) => translator(lang)(key, params), config: { retryBackoffMs: 0 }, log: { warn: () => undefined, error: (o) => void errors.push(o) } });
  engineRef.engine = engine;

  const dispatcherRef: { handle?: (inv: Invocation) => Promise<Reply[]> } = {};
  const adapter = createDiscordAdapter({
    applicationId: FAKE_APP_ID,
    rest: createDiscordRest(fake.token, fake.apiUrl),
    store,
    clock,
    handle: async (inv) => {
      const delay = opts.slowHandle?.(inv) ?? 0;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      return (dispatcherRef.handle as (inv: Invocation) => Promise<Reply[]>)(inv);
    },
    translator,
    ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
    log: { warn: () => undefined, error: (o) => void errors.push(o) },
  });
  const gateways = { discord: opts.dmConversations ? { ...adapter.chat, privateThreads: false } : adapter.chat };
  const notifier = createChatNotifier({ store, engine, gateways, translator, log: { warn: () => undefined } });
  queue.process('chat.notify', async (payload) => void (await notifier.handle(payload)));
  const services: Services = {
    store,
    engine,
    clock,
    files: createFileService({ store, clock }),
    chat: { gateways, translator, onError: (err) => void errors.push(err) },
    orgDefaults: { sms: { numbers: [ORG_NUMBER] } },
    ...(opts.charts ? { charts: opts.charts } : {}),
  };
  const commands = createTextbankCommands();
  const dispatcher = createDispatcher<Services>({
    store, clock, translator, commands: commands.commands, interactions: commands.interactions, threadMessage: commands.threadMessage, services,
    onError: (err) => void errors.push(err),
  });
  dispatcherRef.handle = (inv) => dispatcher.handle(inv);

  const key = signingKey();
  const server = Fastify({ logger: false });
  await server.register(discordInteractionsPlugin, { publicKey: key.publicKeyHex, clock, handleInteraction: adapter.handleInteraction });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const answers: HttpAnswer[] = [];

  return {
    url, fake, key, clock, store, engine, queue, carrier, adapter, server, errors, answers,
    async interact(payload, o = {}) {
      const body = JSON.stringify(payload);
      const timestamp = o.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
      const signature = o.signature === undefined ? signBody(key.privateKey, timestamp, body) : o.signature;
      const res = await fetch(`${url}/discord/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, ...(signature === null ? {} : { 'x-signature-ed25519': signature }) },
        body: o.tamper ? o.tamper(body) : body,
      });
      const text = await res.text();
      const answer: HttpAnswer = { status: res.status, body: text ? (JSON.parse(text) as HttpAnswer['body']) : {} };
      if (res.status === 200) answers.push(answer);
      return answer;
    },
    async settle() {
      for (let k = 0; k < 30; k += 1) {
        await adapter.idle();
        await queue.drain();
        await carrier.flush();
        await queue.drain();
        await adapter.idle();
        const s = queue.stats();
        if (s.waiting === 0 && s.active === 0) return;
      }
    },
    async close() {
      await server.close();
      await adapter.idle();
      await queue.close();
      await store.close();
      await fake.close();
    },
  };
}
