import type { Client } from 'discord.js';
import type { Clock, Store } from '../core/ports.js';
import type { Lang } from '../core/model/common.js';
import type { Translate } from '../commands/framework/definition.js';
import type { Dispatcher } from '../commands/framework/dispatcher.js';
import { createTextbankCommands } from '../commands/index.js';
import {
  buildSlashCommand,
  cachedThreadParent,
  commandProblems,
  createDiscordAdapter,
  createDiscordApi,
  createDiscordRest,
  createGatewayLifecycle,
  discordInteractionsPlugin,
  gatewayConnector,
  inviteUrl,
  reconnectDelay,
  registerInGuilds,
  type DiscordAdapter,
  type GatewayLifecycle,
  type GatewayLifecycleDeps,
  type GatewayReport,
} from '../adapters/discord/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createI18n, type I18n } from './i18n.js';
import type { Logger } from './logger.js';
import type { AppMetrics } from './metrics.js';
import type { HttpServer, Probe } from './server.js';

export interface DiscordWiring {
  adapter: DiscordAdapter;
  /** The gateway connection: retries with backoff, says what is wrong, tells readiness. */
  gateway: GatewayLifecycle;
  /** Readiness probe for /readyz: fails, naming discord, while the gateway is not ready. */
  probe: Probe;
  /** Connects the commands once wireCommands has built the dispatcher. */
  bind(dispatcher: Dispatcher): void;
  /** Stops the gateway (timers included) and waits for interactions in progress (idempotent). */
  stop(): Promise<void>;
}

function translatorOf(i18n: I18n): (lang: Lang) => Translate {
  return (lang) => {
    const t = i18n.t(lang);
    return (key, params) => t(key, params ?? {}) as string;
  };
}

/**
 * One log line per gateway failure that says what is wrong and which README step fixes it
 * (4014: step 2, the Message Content intent; 4004 or a refused token: step 1, reset the token).
 * The token is never part of it: reasons come from close codes and discord.js's messages.
 */
export function gatewayReporter(t: Translate, logger: Pick<Logger, 'error' | 'warn' | 'info'>): (event: GatewayReport) => void {
  return (event) => {
    if (event.type === 'connected') {
      logger.info(event.after ? t('discord-setup:gateway.reconnected', { attempts: event.after }) : t('discord-setup:gateway.connected'));
      return;
    }
    const { failure, attempt, retryInMs } = event;
    const what = t(`discord-setup:gateway.${failure.kind}`, { code: failure.code ?? '-', reason: failure.reason });
    const line = `${what} ${t('discord-setup:gateway.retry', { seconds: Math.round(retryInMs / 1000), attempt })}`;
    const fields = { closeCode: failure.code, fatal: failure.fatal, attempt, retryInMs };
    if (failure.fatal) logger.error(fields, line);
    else logger.warn(fields, line);
  };
}

/**
 * The Discord adapter when DISCORD_TOKEN and DISCORD_APP_ID are set (else undefined). Built before
 * the commands so its ChatGateway can go in the `gateways` record the notifier posts through; the
 * dispatcher is bound afterwards. Bot REST calls get their own REST client (token set once), so
 * they keep working whatever happens to the gateway client. The gateway is not connected here
 * (see registerDiscord); `connect` and `delay` can be replaced in tests.
 */
export function createDiscord(opts: {
  config: Config;
  store: Store;
  clock: Clock;
  i18n: I18n;
  logger: Logger;
  gateway?: Partial<Pick<GatewayLifecycleDeps, 'connect' | 'delay' | 'timers'>>;
  /** Operator counters of REST requests and rate limits. */
  metrics?: Pick<AppMetrics, 'chatCall' | 'chatRateLimited'>;
}): DiscordWiring | undefined {
  const { config, logger } = opts;
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) return undefined;
  const token = config.DISCORD_TOKEN;
  const apiUrl = config.DISCORD_API_URL;
  let client: Client | undefined;
  let dispatcher: Dispatcher | undefined;
  const rest = createDiscordRest(token, apiUrl);
  const { metrics } = opts;
  if (metrics) {
    // A 429 answer is only seen in 'response'; 'rateLimited' is discord.js waiting out a known limit.
    rest.on('response', (_req, res) => {
      metrics.chatCall('discord');
      if (res.status === 429) metrics.chatRateLimited('discord');
    });
    rest.on('rateLimited', () => metrics.chatRateLimited('discord'));
  }
  const adapter = createDiscordAdapter({
    applicationId: config.DISCORD_APP_ID,
    rest,
    store: opts.store,
    clock: opts.clock,
    handle: async (inv) => {
      if (!dispatcher) throw new Error('discord: the commands are not wired yet');
      return dispatcher.handle(inv);
    },
    translator: translatorOf(opts.i18n),
    defaultLang: config.DEFAULT_LOCALE,
    log: { warn: (o, m) => logger.warn(o, m), error: (o, m) => logger.error(o, m) },
    peekParent: (id) => (client ? cachedThreadParent(client, id) : undefined),
    botUserId: () => client?.user?.id,
  });
  const fail = (what: string) => (err: unknown) => logger.error({ err }, `discord: ${what} failed`);
  const gateway = createGatewayLifecycle({
    connect:
      opts.gateway?.connect ??
      gatewayConnector({
        token,
        ...(apiUrl ? { apiUrl } : {}),
        handlers: {
          onInteraction: (raw) => void adapter.handleGatewayInteraction(raw).catch(fail('interaction')),
          onMessageCreate: (raw) => void adapter.handleMessageCreate(raw).catch(fail('thread message')),
        },
        onClient: (c) => void (client = c),
        onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'discord: gateway socket error'),
      }),
    delay: opts.gateway?.delay ?? ((attempt, failure) => reconnectDelay(attempt, failure.fatal, Math.random())),
    report: gatewayReporter(translatorOf(opts.i18n)(config.DEFAULT_LOCALE), logger),
    ...(opts.gateway?.timers ? { timers: opts.gateway.timers } : {}),
  });
  let stopping: Promise<void> | undefined;
  return {
    adapter,
    gateway,
    probe: { name: 'discord', ping: () => gateway.ping() },
    bind: (d) => void (dispatcher = d),
    stop: () =>
      (stopping ??= (async () => {
        await gateway.stop();
        await adapter.idle();
      })()),
  };
}

/**
 * Serves the optional HTTP interactions endpoint (with DISCORD_PUBLIC_KEY) and connects the
 * gateway when the server is ready (web roles; thread messages only arrive over the gateway).
 * Returns the startup lines.
 */
export async function registerDiscord(server: HttpServer, wiring: DiscordWiring, opts: { config: Config; clock: Clock; i18n: I18n; logger: Logger }): Promise<string[]> {
  const { config } = opts;
  const t = opts.i18n.t(config.DEFAULT_LOCALE);
  const { adapter } = wiring;
  const lines: string[] = [];
  if (config.DISCORD_PUBLIC_KEY) {
    await server.register(discordInteractionsPlugin, { publicKey: config.DISCORD_PUBLIC_KEY, clock: opts.clock, handleInteraction: adapter.handleInteraction });
    lines.push(t('discord:startup.http', { url: `${config.publicUrl}/discord/interactions` }));
  }
  server.addHook('onReady', async () => {
    wiring.gateway.start();
  });
  server.addHook('onClose', async () => {
    await wiring.stop();
  });
  lines.push(t('discord:startup.gateway'));
  return lines;
}

/** `npm run discord:register [-- --guild <id> ...] [--print]`: registers /textbank where it changed. */
export async function runDiscordRegister(argv: string[], env: Record<string, string | undefined>, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const say = (s: string) => void io.stdout.write(`${s}\n`);
  const complain = (s: string) => void io.stderr.write(`${s}\n`);
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    complain(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
    return 1;
  }
  const i18n = await createI18n(config.DEFAULT_LOCALE);
  const t = i18n.t(config.DEFAULT_LOCALE);
  const command = buildSlashCommand(createTextbankCommands().commands, translatorOf(i18n));
  if (argv.includes('--print')) {
    say(JSON.stringify(command, null, 2));
    return 0;
  }
  const problems = commandProblems(command);
  if (problems.length) {
    complain([t('discord:register.problems'), ...problems.map((p) => `  ${p}`)].join('\n'));
    return 1;
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
    complain(t('discord:register.missing_config'));
    return 1;
  }
  const api = createDiscordApi(createDiscordRest(config.DISCORD_TOKEN, config.DISCORD_API_URL), config.DISCORD_APP_ID);
  const named = argv.flatMap((a, i) => (a === '--guild' && argv[i + 1] ? [argv[i + 1] as string] : a.startsWith('--guild=') ? [a.slice(8)] : []));
  const guildIds = named.length ? named : (await api.myGuilds()).map((g) => g.id);
  if (!guildIds.length) {
    complain(t('discord:register.no_guilds', { url: inviteUrl(config.DISCORD_APP_ID) }));
    return 1;
  }
  let failed = false;
  for (const r of await registerInGuilds(api, guildIds, command)) {
    if (r.result === 'failed') {
      failed = true;
      complain(t('discord:register.failed', { guild: r.guildId, error: r.error }));
    } else say(t(`discord:register.${r.result}`, { guild: r.guildId, command: command.name }));
  }
  return failed ? 1 : 0;
}
