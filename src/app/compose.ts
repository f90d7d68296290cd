import type { Clock, JobQueue, SmsGateway, Store } from '../core/ports.js';
import type { ProcessRole } from './args.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createI18n, type I18n } from './i18n.js';
import { buildServer, LISTEN_BACKLOG, type HttpServer } from './server.js';
import { chooseStore } from './choose-store.js';
import { chooseQueue } from './choose-queue.js';
import { chooseSms, defaultKeywordReplies, TWILIO_ADVANCED_OPT_OUT_KEYWORDS, type CarrierEvents } from './choose-sms.js';
import { simulatedOrgNumbers, type SimulatedCarrier } from '../adapters/simulated-sms/index.js';
import { createEngine, type Engine } from '../core/engine.js';
import type { ChatGateway } from '../core/ports.js';
import type { Platform } from '../core/model/common.js';
import { wireCommands, type CommandsWiring } from './wire-commands.js';
import { createSandbox, registerSandbox, SANDBOX_ORG_NUMBER } from './wire-sandbox.js';
import { createSlack, registerSlack } from './wire-slack.js';
import { createDiscord, registerDiscord } from './wire-discord.js';
import { createMetrics, registerMetricsRoute, type AppMetrics } from './metrics.js';
import { registerAdminQueues } from './admin-queues.js';
import { registerLinkRoutes } from './link-routes.js';
import { loadMediaProcessor } from '../adapters/media/index.js';
import { mediaRoutes } from '../adapters/media/media-routes.js';
import { createTwilioMediaFetcher } from '../adapters/twilio/twilio-media.js';
import { createMediaService } from './media-service.js';
import { createEphemeralSecretBox, createSecretBox } from '../adapters/crypto/secret-box.js';
import { chooseAssistant } from './choose-assistant.js';
import { chooseLookup } from './choose-lookup.js';
import { createCrmConnector } from '../adapters/crm/index.js';
import { createWebhookHttp } from '../adapters/webhooks/index.js';
import { createWebhookSink } from '../core/webhooks/sink.js';
import type { BullmqQueue } from '../adapters/queue/bullmq-queue.js';
import type { InProcessQueue } from '../adapters/queue/in-process-queue.js';


export interface App {
  config: Config;
  role: ProcessRole;
  logger: Logger;
  i18n: I18n;
  clock: Clock;
  store: Store;
  queue: JobQueue;
  sms: SmsGateway;
  simulated?: SimulatedCarrier;
  engine: Engine;
  /** Prometheus counters (GET /metrics). */
  metrics: AppMetrics;
  commands: CommandsWiring;
  server: HttpServer;
  /** One line per adapter choice, printed at startup. */
  choices: string[];
  start(): Promise<string>;
  stop(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: builds the object graph from config, choosing one adapter per port
 * and saying why. Later adapters (Twilio, BullMQ, Slack, Discord, sandbox) plug into the
 * choose-* seams and register their routes on `server`.
 */
export async function composeApp(opts: { config: Config; role: ProcessRole; logger: Logger; clock?: Clock }): Promise<App> {
  const { config, role, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const i18n = await createI18n(config.DEFAULT_LOCALE);
  const t = i18n.t(config.DEFAULT_LOCALE);

  // Carrier events reach the engine, which is built after the gateway it needs.
  let engineRef: Engine | undefined;
  const carrierEvents: CarrierEvents = {
    onStatus: async (cb) => void (await engineRef?.dispatch.applyStatus(cb)),
    // Inbound is written to the store (with any opt-out) before the carrier is answered (R1.4).
    onInbound: async (m) => void (await engineRef?.inbound.receive(m)),
  };

  // Operators' counters: core, the queues, the chat clients and the HTTP server report into them.
  const metrics = createMetrics();
  const storeChoice = await chooseStore(config, logger, t);
  const { store } = storeChoice;
  let queue: JobQueue | undefined;
  try {
    const queueChoice = chooseQueue(config, role, logger, t, metrics.jobs);
    queue = queueChoice.queue;
    const countsOf = queueChoice.queue as Partial<Pick<BullmqQueue | InProcessQueue, 'counts'>>;
    if (countsOf.counts) metrics.setQueueDepthSource(countsOf.counts.bind(queueChoice.queue));
    const smsChoice = chooseSms(config, clock, carrierEvents, t);
    const assistantChoice = chooseAssistant(config, logger, t);
    const lookupChoice = chooseLookup(config, t);
    const choices = [storeChoice.line, queueChoice.line, smsChoice.line, assistantChoice.line, lookupChoice.line];
    const worker = role !== 'web';
    const engine = createEngine({
      store,
      queue: queueChoice.queue,
      sms: smsChoice.sms,
      clock,
      config: {
        statusCallbackUrl: config.realSms ? `${config.publicUrl}/twilio/status` : undefined,
        linkBaseUrl: config.linkBaseUrl,
        mediaBaseUrl: config.publicUrl,
        // One reply per keyword (R1.6): orgs without their own setting follow the carrier's default.
        carrierHandlesKeywordReplies: defaultKeywordReplies(config) === 'carrier',
        carrierKeywords: [...TWILIO_ADVANCED_OPT_OUT_KEYWORDS],
      },
      translate: (lang, key, params) => i18n.t(lang)(key, params),
      log: logger,
      metrics,
      assistant: assistantChoice.assistant,
      // Outgoing webhooks: each event goes to the outbox of the org's subscribed webhooks, then the queue.
      events: createWebhookSink({ store, queue: queueChoice.queue, log: logger }),
      registerHandlers: worker,
    });
    engineRef = engine;

    // Chat gateways: the sandbox when no real carrier is configured; Slack and Discord when configured.
    const gateways: Partial<Record<Platform, ChatGateway>> = {};
    const sandbox = smsChoice.simulated ? createSandbox(clock) : undefined;
    if (sandbox) gateways.sandbox = sandbox.chat;
    // Slack (SLACK_BOT_TOKEN): its gateway is in place before the notifier is wired.
    const slack = createSlack({ config, clock, logger, i18n, metrics });
    if (slack) gateways.slack = slack.gateway;
    const discord = createDiscord({ config, store, clock, i18n, logger, metrics });
    if (discord) gateways.discord = discord.adapter.chat;
    const smsSender = config.TWILIO_MESSAGING_SERVICE_SID
      ? { numbers: config.TWILIO_FROM_NUMBER ? [config.TWILIO_FROM_NUMBER] : [], messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID }
      : { numbers: [config.TWILIO_FROM_NUMBER ?? SANDBOX_ORG_NUMBER] };
    // Org secrets at rest: SECRET_KEY, or a per-process key while the store dies with the process too.
    const secrets = config.SECRET_KEY ? createSecretBox(config.SECRET_KEY) : store.kind === 'memory' ? createEphemeralSecretBox() : undefined;
    // MMS media: sharp re-encodes uploads; where its binary cannot load, the simulated processor takes only files that already fit.
    const mediaChoice = await loadMediaProcessor();
    if (mediaChoice.fallbackReason) logger.warn({ reason: mediaChoice.fallbackReason }, 'sharp could not load: images are accepted only when they already fit an MMS');
    const commands = wireCommands({
      store, engine, queue: queueChoice.queue, clock, i18n, logger, gateways,
      assistantInfo: { remote: assistantChoice.assistant.kind === 'remote', ...(assistantChoice.model ? { model: assistantChoice.model } : {}) },
      ...(secrets ? { secrets } : {}),
      // The sandbox shows CRM sync against a simulated CRM; otherwise the real VAN and Action Network APIs.
      crm: createCrmConnector({
        simulated: Boolean(smsChoice.simulated),
        baseUrls: { ...(config.VAN_API_URL ? { van: config.VAN_API_URL } : {}), ...(config.ACTION_NETWORK_API_URL ? { action_network: config.ACTION_NETWORK_API_URL } : {}) },
      }),
      webhooks: createWebhookHttp({ allowHttpLoopback: config.WEBHOOK_ALLOW_HTTP_LOOPBACK }),
      lookup: lookupChoice,
      media: createMediaService({ store, processor: mediaChoice.processor, publicUrl: config.publicUrl, ...(slack ? { headersFor: slack.headersFor } : {}) }),
      orgDefaults: {
        sms: smsSender,
        // A sender belongs to one org: with the simulated carrier each further org gets its own fictional number.
        ...(smsChoice.simulated ? { spareSenders: simulatedOrgNumbers(smsSender.numbers[0] ?? SANDBOX_ORG_NUMBER).slice(1).map((n) => ({ numbers: [n] })) } : {}),
        keywordReplies: defaultKeywordReplies(config),
      },
      ...(sandbox ? { sandbox: sandbox.demo(engine, store, i18n) } : {}),
      // Slack-hosted CSVs download with the bot token (files.slack.com only).
      ...(slack ? { headersFor: slack.headersFor } : {}),
      registerHandlers: worker,
    });

    const server = await buildServer({
      logger,
      onResponse: (route, method, status, seconds) => metrics.httpRequest(route, method, status, seconds),
      probes: [
        { name: 'store', ping: () => store.ping() },
        { name: 'queue', ping: () => queueChoice.queue.ping() },
        // Discord's gateway (web roles): not ready while the bot is not connected (a refused login included).
        ...(discord && role !== 'worker' ? [discord.probe] : []),
      ],
    });

    // GET /metrics (Bearer METRICS_TOKEN when set) and, with BullMQ, the queue dashboard behind ADMIN_TOKEN.
    registerMetricsRoute(server, metrics, config.METRICS_TOKEN);
    // Tracked links: GET|HEAD <LINK_BASE_URL>/<code> redirects to the stored destination only.
    // MMS media: GET /media/:id (what the carrier sends) and /media/in/:id (voter media, fetched from Twilio with its credentials).
    await server.register(mediaRoutes, {
      store,
      ...(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
        ? { fetchInbound: createTwilioMediaFetcher({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, ...(config.TWILIO_API_URL ? { apiUrl: config.TWILIO_API_URL } : {}) }) }
        : {}),
    });
    registerLinkRoutes(server, engine.links, { linkBaseUrl: config.linkBaseUrl, notFound: { title: t('links:page.not_found_title'), text: t('links:page.not_found') } });
    if (queueChoice.queue.kind === 'bullmq') {
      const bull = queueChoice.queue as BullmqQueue;
      await registerAdminQueues(server, {
        queueFor: (name) => bull.bullQueue(name),
        token: config.ADMIN_TOKEN,
        write: config.ADMIN_QUEUES_WRITE,
        secureCookie: config.publicUrl.startsWith('https:'),
      });
    }

    // Twilio's signed webhooks: the inbound text (and any opt-out) is stored before Twilio gets its 200.
    await smsChoice.routes?.(server, {
      onInbound: async (m) => void (await engine.inbound.receive(m)),
      onStatus: async (s) => void (await engine.dispatch.applyStatus(s)),
    });

    if (sandbox && smsChoice.simulated) {
      await registerSandbox(server, { chat: sandbox.chat, dispatcher: commands.dispatcher, store, carrier: smsChoice.simulated, i18n, publicUrl: config.publicUrl });
      choices.push(t('common:startup.sandbox', { url: `${config.publicUrl}/` }));
    }
    if (slack) choices.push((await registerSlack(server, { slack, config, dispatcher: commands.dispatcher, store, clock, logger, i18n })).line);
    if (discord) {
      discord.bind(commands.dispatcher);
      choices.push(...(await registerDiscord(server, discord, { config, clock, i18n, logger })));
    }

    // A worker has no public routes; with METRICS_PORT it serves only /metrics, /healthz and
    // /readyz there, so its queue and send counters can be scraped like a web process's.
    const opsServer =
      role === 'worker' && config.METRICS_PORT !== undefined
        ? await buildServer({ logger, probes: [{ name: 'store', ping: () => store.ping() }, { name: 'queue', ping: () => queueChoice.queue.ping() }] })
        : undefined;
    if (opsServer) registerMetricsRoute(opsServer, metrics, config.METRICS_TOKEN);

    let started = false;
    let opsStarted = false;
    return {
      config, role, logger, i18n, clock, store, queue: queueChoice.queue, sms: smsChoice.sms, simulated: smsChoice.simulated, engine, metrics, commands, server, choices,
      async start() {
        if (worker) await engine.startSweeper();
        if (role === 'worker') {
          if (!opsServer) return '';
          const ops = await opsServer.listen({ port: config.METRICS_PORT ?? 0, host: config.HOST });
          opsStarted = true;
          return ops;
        }
        const address = await server.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG });
        started = true;
        return address;
      },
      async stop() {
        // Stop taking work first, then finish in-flight jobs, then close connections.
        if (started) await server.close();
        if (opsStarted) await opsServer?.close();
        await discord?.stop();
        await queueChoice.queue.close();
        await store.close();
        await storeChoice.stopExtra?.();
      },
    };
  } catch (err) {
    await queue?.close();
    await store.close();
    await storeChoice.stopExtra?.();
    throw err;
  }
}
