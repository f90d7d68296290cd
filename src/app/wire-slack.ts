import type { Clock, Store } from '../core/ports.js';
import type { Dispatcher } from '../commands/framework/dispatcher.js';
import type { Translate } from '../commands/framework/definition.js';
import { createSlackAdapter, createSlackClient, SLACK_EVENTS_PATH, type BoltApp, type SlackClient } from '../adapters/slack/index.js';
import type { Config } from './config.js';
import type { HttpServer } from './server.js';
import type { I18n } from './i18n.js';
import type { Logger } from './logger.js';
import type { AppMetrics } from './metrics.js';

/**
 * Slack, when SLACK_BOT_TOKEN is set. Step 1 (`createSlack`, before the commands are wired):
 * the Web API client and the ChatGateway the notifier posts through, plus the download headers
 * for Slack-hosted CSVs. Step 2 (`registerSlack`, once the dispatcher exists): the Bolt app on
 * /slack/events (HTTP, signature-checked) or over Socket Mode when SLACK_APP_TOKEN is set.
 */
export function createSlack(opts: { config: Config; clock: Clock; logger: Logger; i18n: I18n; metrics?: Pick<AppMetrics, 'chatCall' | 'chatRateLimited'> }): SlackClient | undefined {
  const { config } = opts;
  if (!config.SLACK_BOT_TOKEN) return undefined;
  const t: Translate = (key, params) => opts.i18n.t(config.DEFAULT_LOCALE)(key, params ?? {}) as string;
  return createSlackClient({
    botToken: config.SLACK_BOT_TOKEN,
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    clock: opts.clock,
    log: opts.logger.child({ adapter: 'slack' }),
    t,
    ...(opts.metrics ? { counters: { call: () => opts.metrics?.chatCall('slack'), rateLimited: () => opts.metrics?.chatRateLimited('slack') } } : {}),
  });
}

export interface RegisterSlackOptions {
  slack: SlackClient;
  config: Config;
  dispatcher: Dispatcher;
  store: Store;
  clock: Clock;
  logger: Logger;
  i18n: I18n;
  /** Test tuning: how long a modal submit may wait for field errors (default 2,500 ms). */
  modalAckMs?: number;
}

/** Mounts the Slack transport; returns the startup line saying which one. */
export async function registerSlack(server: HttpServer, opts: RegisterSlackOptions): Promise<{ line: string; bolt: BoltApp }> {
  const { config } = opts;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('registerSlack needs SLACK_BOT_TOKEN');
  const t = opts.i18n.t(config.DEFAULT_LOCALE);
  const bolt = createSlackAdapter({
    client: opts.slack,
    botToken: token,
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    handle: (inv) => opts.dispatcher.handle(inv),
    store: opts.store,
    clock: opts.clock,
    log: opts.logger.child({ adapter: 'slack' }),
    translator: (lang) => {
      const fixed = opts.i18n.t(lang);
      return (key, params) => fixed(key, params ?? {}) as string;
    },
    defaultLang: config.DEFAULT_LOCALE,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(opts.modalAckMs !== undefined ? { modalAckMs: opts.modalAckMs } : {}),
  });
  if (bolt.plugin) {
    await server.register(bolt.plugin);
    return { line: t('slack:startup.http', { url: `${config.publicUrl}${SLACK_EVENTS_PATH}` }), bolt };
  }
  // Socket Mode connects when the server starts serving, and disconnects when it closes.
  server.addHook('onReady', async () => bolt.start());
  server.addHook('onClose', async () => bolt.stop());
  return { line: t('slack:startup.socket'), bolt };
}
