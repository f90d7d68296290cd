// Test composition of the Slack side of the app from real parts: memory store, in-process
// queue, simulated carrier (statusDelayMs 0), the engine, the commands and chat notifier
// (src/app/wire-commands.ts), the Slack client + Bolt app (src/app/wire-slack.ts) on the app's
// fastify server, and the app's FileService with Slack's download headers, as compose.ts does.
// The Slack Web API is the local fake (test/support/fake-slack.ts), reached through SLACK_API_URL.
import { engineTestStore } from '../../../core/engine/harness.js';
import { createInProcessQueue, type InProcessQueue } from '../../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier, type SimulatedCarrier } from '../../../../src/adapters/simulated-sms/index.js';
import { loadConfig } from '../../../../src/app/config.js';
import { createFileService } from '../../../../src/app/file-service.js';
import { createI18n } from '../../../../src/app/i18n.js';
import { createLogger } from '../../../../src/app/logger.js';
import { buildServer, LISTEN_BACKLOG, type HttpServer } from '../../../../src/app/server.js';
import { wireCommands } from '../../../../src/app/wire-commands.js';
import { createSlack, registerSlack } from '../../../../src/app/wire-slack.js';
import { createEngine, type Engine } from '../../../../src/core/engine.js';
import type { ChatGateway, Clock, Store } from '../../../../src/core/ports.js';
import type { Platform } from '../../../../src/core/model/common.js';
import type { Reply } from '../../../../src/core/views/view.js';
import type { Invocation } from '../../../../src/commands/framework/invocation.js';
import { startFakeSlack, type FakeSlack } from '../../../support/fake-slack.js';
import { postSlack, SIGNING_SECRET, type SendOptions, type SlackRequest } from './requests.js';
import { startSlowSlack, type SlowSlack } from './slow-slack.js';

export const ORG_NUMBER = '+12025550100';
/** Tuesday 2026-11-17 10:00 in New York: inside the R2.3 window everywhere in the US. */
export const TUESDAY_10AM_NY = new Date('2026-11-17T15:00:00Z');

/** A fixed start that moves on with real time, so texts keep their order. */
export function movingClock(start: Date): Clock & { shift(ms: number): void } {
  const t0 = Date.now();
  let offset = 0;
  return { now: () => new Date(start.getTime() + (Date.now() - t0) + offset), shift: (ms) => void (offset += ms) };
}

export interface SlackApp {
  url: string;
  fake: FakeSlack;
  store: Store;
  engine: Engine;
  queue: InProcessQueue;
  carrier: SimulatedCarrier;
  server: HttpServer;
  clock: ReturnType<typeof movingClock>;
  errors: unknown[];
  /** With `slowApi`: the proxy the app reaches the fake through (set its delay; response_urls via it). */
  slow?: SlowSlack;
  /** Sends a signed request as Slack would. */
  send(req: SlackRequest, opts?: SendOptions): Promise<{ status: number; text: string; json(): unknown }>;
  /** The commands' dispatcher (for seeding state without going through Slack). */
  handle(inv: Invocation): Promise<Reply[]>;
  /** A second server with its own Slack transport over the same store and dispatcher (a restarted or second web process). */
  secondServer(): Promise<{ send(req: SlackRequest, opts?: SendOptions): Promise<{ status: number; text: string }>; close(): Promise<void> }>;
  nowSec(): number;
  /** Waits for the queue (sends, status callbacks, chat.notify) and the fake to go quiet. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSlackApp(opts: { modalAckMs?: number; slowApi?: boolean } = {}): Promise<SlackApp> {
  const clock = movingClock(TUESDAY_10AM_NY);
  const errors: unknown[] = [];
  const fake = await startFakeSlack();
  const slow = opts.slowApi ? await startSlowSlack(fake.url) : undefined;
  const config = loadConfig({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slow?.apiUrl ?? fake.apiUrl, LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const i18n = await createI18n('en');
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
  const engine = createEngine({
    store, queue, sms: carrier, clock,
    translate: (lang, key, params) => i18n.t(lang)(key, params),
    config: { retryBackoffMs: 0 },
    log: { warn: () => undefined, error: (o) => void errors.push(o) },
  });
  engineRef.engine = engine;

  const gateways: Partial<Record<Platform, ChatGateway>> = {};
  const slack = createSlack({ config, clock, logger, i18n });
  if (!slack) throw new Error('Slack was not configured');
  gateways.slack = slack.gateway;
  const commands = wireCommands({ store, engine, queue, clock, i18n, logger, gateways, orgDefaults: { sms: { numbers: [ORG_NUMBER] } }, registerHandlers: true });
  commands.services.files = createFileService({ store, clock, headersFor: slack.headersFor });

  const server = await buildServer({ logger, probes: [] });
  await registerSlack(server, { slack, config, dispatcher: commands.dispatcher, store, clock, logger, i18n, ...(opts.modalAckMs !== undefined ? { modalAckMs: opts.modalAckMs } : {}) });
  const url = await server.listen({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG });
  const nowSec = () => Math.floor(clock.now().getTime() / 1000);
  const extra: HttpServer[] = [];

  return {
    url, fake, store, engine, queue, carrier, server, clock, errors,
    ...(slow ? { slow } : {}),
    send: (req, o) => postSlack(url, req, nowSec(), o),
    handle: (inv) => commands.dispatcher.handle(inv),
    async secondServer() {
      const other = await buildServer({ logger, probes: [] });
      await registerSlack(other, { slack, config, dispatcher: commands.dispatcher, store, clock, logger, i18n });
      const otherUrl = await other.listen({ host: '127.0.0.1', port: 0 });
      extra.push(other);
      return { send: (req, o) => postSlack(otherUrl, req, nowSec(), o), close: () => other.close() };
    },
    nowSec,
    async settle() {
      for (let k = 0; k < 20; k += 1) {
        await fake.quiet(120);
        await queue.drain();
        await carrier.flush();
        await queue.drain();
        const s = queue.stats();
        if (s.waiting === 0 && s.active === 0) break;
      }
      await fake.quiet(120);
    },
    async close() {
      for (const other of extra) await other.close();
      await server.close();
      await queue.close();
      await store.close();
      await slow?.close();
      await fake.close();
    },
  };
}
