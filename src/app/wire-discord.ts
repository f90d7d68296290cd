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
  createDiscordClient,
  createDiscordRest,
  discordInteractionsPlugin,
  inviteUrl,
  listenRaw,
  registerInGuilds,
  type DiscordAdapter,
} from '../adapters/discord/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createI18n, type I18n } from './i18n.js';
import type { Logger } from './logger.js';
import type { HttpServer } from './server.js';

export interface DiscordWiring {
  adapter: DiscordAdapter;
  client: Client;
  /** Connects the commands once wireCommands has built the dispatcher. */
  bind(dispatcher: Dispatcher): void;
}

function translatorOf(i18n: I18n): (lang: Lang) => Translate {
  return (lang) => {
    const t = i18n.t(lang);
    return (key, params) => t(key, params ?? {}) as string;
  };
}

/**
 * The Discord adapter when DISCORD_TOKEN and DISCORD_APP_ID are set (else undefined). Built before
 * the commands so its ChatGateway can go in the `gateways` record the notifier posts through; the
 * dispatcher is bound afterwards. The client is not connected here (see registerDiscord).
 */
export function createDiscord(opts: { config: Config; store: Store; clock: Clock; i18n: I18n; logger: Logger }): DiscordWiring | undefined {
  const { config, logger } = opts;
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) return undefined;
  const client = createDiscordClient({ token: config.DISCORD_TOKEN, ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}) });
  let dispatcher: Dispatcher | undefined;
  const adapter = createDiscordAdapter({
    applicationId: config.DISCORD_APP_ID,
    rest: client.rest,
    store: opts.store,
    clock: opts.clock,
    handle: async (inv) => {
      if (!dispatcher) throw new Error('discord: the commands are not wired yet');
      return dispatcher.handle(inv);
    },
    translator: translatorOf(opts.i18n),
    defaultLang: config.DEFAULT_LOCALE,
    log: { warn: (o, m) => logger.warn(o, m), error: (o, m) => logger.error(o, m) },
    peekParent: (id) => cachedThreadParent(client, id),
    botUserId: () => client.user?.id,
  });
  return { adapter, client, bind: (d) => void (dispatcher = d) };
}

/**
 * Serves the optional HTTP interactions endpoint (with DISCORD_PUBLIC_KEY) and connects the
 * gateway when the server is ready (web roles; thread messages only arrive over the gateway).
 * Returns the startup lines.
 */
export async function registerDiscord(server: HttpServer, wiring: DiscordWiring, opts: { config: Config; clock: Clock; i18n: I18n; logger: Logger }): Promise<string[]> {
  const { config, logger } = opts;
  const t = opts.i18n.t(config.DEFAULT_LOCALE);
  const { adapter, client } = wiring;
  const lines: string[] = [];
  if (config.DISCORD_PUBLIC_KEY) {
    await server.register(discordInteractionsPlugin, { publicKey: config.DISCORD_PUBLIC_KEY, clock: opts.clock, handleInteraction: adapter.handleInteraction });
    lines.push(t('discord:startup.http', { url: `${config.publicUrl}/discord/interactions` }));
  }
  const fail = (what: string) => (err: unknown) => logger.error({ err }, `discord: ${what} failed`);
  const stopListening = listenRaw(client, {
    onInteraction: (raw) => void adapter.handleGatewayInteraction(raw).catch(fail('interaction')),
    onMessageCreate: (raw) => void adapter.handleMessageCreate(raw).catch(fail('thread message')),
  });
  server.addHook('onReady', async () => {
    void client.login(config.DISCORD_TOKEN).catch(fail('gateway login'));
  });
  server.addHook('onClose', async () => {
    stopListening();
    await adapter.idle();
    await client.destroy();
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
