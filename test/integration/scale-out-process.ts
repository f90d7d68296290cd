/**
 * One Textbank process for the scale-out test (scale-out.test.ts), composed the way
 * src/app/compose.ts composes `--role web` or `--role worker`, from the same seams (loadConfig,
 * chooseSms, createSlack/registerSlack, wireCommands, the engine, BullMQ) with two test-only
 * differences: the store is MongoDB when TB_MONGODB_URI is set, else the test process's store
 * over loopback (twilio-bullmq-store-rpc.ts, standing in for MongoDB, which not every test
 * machine has), and the clock is shared by every
 * process (a fixed start that moves on with real time, so texts land inside the R2.3 window
 * whatever the hour). Configured by environment; prints "ready <url>" once it serves.
 *   node --import tsx test/integration/scale-out-process.ts
 */
import { createBullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import { parseArgs } from '../../src/app/args.js';
import { loadConfig } from '../../src/app/config.js';
import { smsSendRateLimit } from '../../src/app/choose-queue.js';
import { chooseSms, defaultKeywordReplies, TWILIO_ADVANCED_OPT_OUT_KEYWORDS } from '../../src/app/choose-sms.js';
import { createI18n } from '../../src/app/i18n.js';
import { createLogger } from '../../src/app/logger.js';
import { buildServer } from '../../src/app/server.js';
import { wireCommands } from '../../src/app/wire-commands.js';
import { createSlack, registerSlack } from '../../src/app/wire-slack.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import type { Clock } from '../../src/core/ports.js';
import { createMongoStore } from '../../src/adapters/mongo/index.js';
import { remoteStore } from './twilio-bullmq-store-rpc.js';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

const { role } = parseArgs(process.argv.slice(2));
const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const start = Number(env('TB_CLOCK_START_MS'));
const t0 = Number(env('TB_CLOCK_T0_MS'));
const clock: Clock = { now: () => new Date(start + (Date.now() - t0)) };
const i18n = await createI18n(config.DEFAULT_LOCALE);
const t = i18n.t(config.DEFAULT_LOCALE);
const store = process.env.TB_MONGODB_URI ? await createMongoStore({ uri: process.env.TB_MONGODB_URI, clock }) : remoteStore(env('TB_STORE_URL'));
const queue = createBullmqQueue({
  url: env('REDIS_URL'),
  prefix: env('TB_PREFIX'),
  rateLimits: { 'sms.send': smsSendRateLimit(config.SMS_SEGMENTS_PER_SECOND ?? 1) },
  workerName: `${role}-${process.pid}`,
  logger: { error: (obj, msg) => logger.error(obj, msg), warn: (obj, msg) => logger.warn(obj, msg) },
});
// Carrier events reach the engine, which is built after the gateway it needs.
const engineRef: { engine?: Engine } = {};
const sms = chooseSms(config, clock, { onStatus: async (cb) => void (await engineRef.engine?.dispatch.applyStatus(cb)), onInbound: async (m) => void (await engineRef.engine?.inbound.receive(m)) }, t);
const worker = role !== 'web';
const engine = createEngine({
  store,
  queue,
  sms: sms.sms,
  clock,
  config: {
    statusCallbackUrl: `${config.publicUrl}/twilio/status`,
    carrierHandlesKeywordReplies: defaultKeywordReplies(config) === 'carrier',
    carrierKeywords: [...TWILIO_ADVANCED_OPT_OUT_KEYWORDS],
  },
  translate: (lang, key, params) => i18n.t(lang)(key, params),
  log: logger,
  registerHandlers: worker,
  sendConcurrency: Number(process.env.TB_SEND_CONCURRENCY ?? 4),
});
engineRef.engine = engine;
const slack = createSlack({ config, clock, logger, i18n });
if (!slack) throw new Error('SLACK_BOT_TOKEN is required');
const commands = wireCommands({ store, engine, queue, clock, i18n, logger, gateways: { slack: slack.gateway }, headersFor: slack.headersFor, registerHandlers: worker });

let url = '';
const server = await buildServer({ logger, probes: [{ name: 'store', ping: () => store.ping() }, { name: 'queue', ping: () => queue.ping() }] });
if (role !== 'worker') {
  await sms.routes?.(server, { onInbound: async (m) => void (await engine.inbound.receive(m)), onStatus: async (s) => void (await engine.dispatch.applyStatus(s)) });
  await registerSlack(server, { slack, config, dispatcher: commands.dispatcher, store, clock, logger, i18n });
  await server.listen({ port: config.PORT, host: '127.0.0.1' });
  url = config.publicUrl;
}
await queue.ping();

const stop = (): void => {
  void (async () => {
    if (url) await server.close();
    await queue.close();
    if (process.env.TB_MONGODB_URI) await store.close();
    process.exit(0);
  })();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
console.log(`ready ${role} ${url}`);
