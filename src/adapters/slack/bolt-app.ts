/**
 * The Bolt App with one of two transports: HTTP through our fastify server (FastifyReceiver),
 * or Socket Mode when an app-level token is given (no public URL; Bolt's SocketModeReceiver).
 * Listeners only route: the slash command, block_actions, view_submission and `message`
 * events go to the handlers. Bolt ignores the bot's own messages (ignoreSelf); authorization
 * uses the single bot token, whose bot user id comes from one auth.test, never awaited.
 */
import { App, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { SlackApi } from './api.js';
import type { Ack, SlackHandlers } from './handlers.js';
import { boltLogger, type SlackLog } from './log.js';
import { FastifyReceiver, VERIFIED_KEY, type FastifyReceiverOptions } from './receiver.js';

export interface BoltAppOptions {
  botToken: string;
  api: SlackApi;
  handlers: SlackHandlers;
  log: SlackLog;
  /** The slash command, default `/textbank`. */
  command?: string;
  /** Web API base for Bolt's own clients (SLACK_API_URL). */
  apiUrl?: string;
  transport: { kind: 'http'; receiver: Omit<FastifyReceiverOptions, 'log'> } | { kind: 'socket'; appToken: string };
}

export interface BoltApp {
  app: App;
  /** The fastify plugin serving /slack/events (HTTP transport only). */
  plugin?: FastifyReceiver['plugin'];
  transport: 'http' | 'socket';
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt types each ack by payload; the handlers pass the Slack response shapes through. */
const anyAck = (ack: (response?: never) => Promise<void>): Ack => (response) => ack(response as never);

const verified = (context: Record<string, unknown>): boolean => context[VERIFIED_KEY] === true;

export function createBoltApp(opts: BoltAppOptions): BoltApp {
  const logger = boltLogger(opts.log);
  const receiver: Receiver =
    opts.transport.kind === 'http'
      ? new FastifyReceiver({ ...opts.transport.receiver, log: opts.log })
      : new SocketModeReceiver({ appToken: opts.transport.appToken, logger });
  const app = new App({
    receiver,
    logger,
    convoStore: false,
    ignoreSelf: true,
    ...(opts.apiUrl ? { clientOptions: { slackApiUrl: opts.apiUrl } } : {}),
    // Ack first, then work: authorize runs before any listener, so it never waits for auth.test
    // (the first request after a restart would otherwise ack only through the receiver's
    // fallback). The bot's ids come from the cached answer once it is in; until then our
    // handlers still skip bot messages by their bot_id.
    authorize: async () => {
      const me = opts.api.knownAuth();
      if (!me) opts.api.authTest().catch((err: unknown) => opts.log.warn({ err: String(err) }, 'slack: auth.test failed; retried on the next request'));
      return { botToken: opts.botToken, ...(me ? { botUserId: me.userId, ...(me.botId ? { botId: me.botId } : {}) } : {}) };
    },
  });
  const { handlers } = opts;
  app.command(opts.command ?? '/textbank', async ({ body, ack, context }) => handlers.command(body, anyAck(ack), verified(context)));
  app.action({ type: 'block_actions' }, async ({ body, ack, context }) => handlers.action(body, anyAck(ack), verified(context)));
  app.view({ callback_id: /.+/, type: 'view_submission' }, async ({ body, ack, context }) => handlers.view(body, anyAck(ack), verified(context)));
  app.event('message', async ({ body, context }) => handlers.message(body, verified(context)));
  app.error(async (err) => opts.log.error({ err: err.message, code: err.code }, 'slack: listener failed'));
  let started = false;
  return {
    app,
    transport: opts.transport.kind,
    ...(receiver instanceof FastifyReceiver ? { plugin: receiver.plugin } : {}),
    async start() {
      if (started) return;
      await app.start();
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
    },
  };
}
