/**
 * The discord.js v14 client: the gateway connection with the intents the workflow needs
 * (Guilds: threads and channels; GuildMessages + MessageContent: volunteers typing in
 * conversation threads; DirectMessages: replies in DM conversations). The adapter works on raw
 * gateway payloads: INTERACTION_CREATE and MESSAGE_CREATE are passed on as the same JSON the HTTP
 * endpoint receives, so one parser and one set of handlers serve both transports and are tested
 * without a websocket.
 *
 * Bot REST calls never go through the gateway client's `rest`: when a login fails, discord.js
 * destroys the client and `destroy()` clears its REST token (`rest.setToken(null)`), which would
 * break every post, edit, thread and DM until a restart. They use their own REST client
 * (createDiscordRest), whose token is set once; its base URL honours DISCORD_API_URL.
 */
import { Client, Events, GatewayIntentBits, Partials, REST, type ClientOptions } from 'discord.js';
import { classifyClose, classifyLoginError } from './gateway-failure.js';
import type { GatewaySession, GatewaySessionEvents } from './gateway-lifecycle.js';

export interface RawDispatch {
  t?: string | null;
  d?: unknown;
}

export interface GatewayHandlers {
  onInteraction(raw: unknown): void;
  onMessageCreate(raw: unknown): void;
}

export const GATEWAY_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages] as const;

/** REST options: API version 10 at DISCORD_API_URL when set (a local fake in tests), else Discord's. */
export function restOptions(apiUrl: string | undefined): NonNullable<ClientOptions['rest']> {
  return { version: '10', ...(apiUrl ? { api: apiUrl.replace(/\/+$/, '') } : {}) };
}

/** A REST client with the bot token, for processes that do not open the gateway (workers, CLI). */
export function createDiscordRest(token: string, apiUrl?: string): REST {
  return new REST(restOptions(apiUrl)).setToken(token);
}

/** Routes the gateway's raw dispatches to the handlers (exported for tests). */
export function routeRawDispatch(packet: RawDispatch, handlers: GatewayHandlers): void {
  if (packet.t === 'INTERACTION_CREATE') handlers.onInteraction(packet.d);
  else if (packet.t === 'MESSAGE_CREATE') handlers.onMessageCreate(packet.d);
}

/** A client that is not connected yet (its own `rest` is only used by discord.js for the gateway). */
export function createDiscordClient(opts: { token: string; apiUrl?: string }): Client {
  const client = new Client({ intents: [...GATEWAY_INTENTS], partials: [Partials.Channel], rest: restOptions(opts.apiUrl) });
  client.rest.setToken(opts.token);
  return client;
}

/** Listens for raw dispatches; returns a function that stops listening. */
export function listenRaw(client: Client, handlers: GatewayHandlers): () => void {
  const listener = (packet: RawDispatch): void => routeRawDispatch(packet, handlers);
  // 'raw' is emitted by discord.js for every dispatch but is not in its typed event map.
  const emitter = client as unknown as NodeJS.EventEmitter;
  emitter.on('raw', listener);
  return () => void emitter.off('raw', listener);
}

/** The parent of a cached thread channel (undefined when the client has not seen the channel). */
export function cachedThreadParent(client: Client, channelId: string): string | null | undefined {
  const channel = client.channels.cache.get(channelId);
  if (!channel) return undefined;
  return channel.isThread() ? channel.parentId : null;
}

export interface GatewayConnectorOptions {
  token: string;
  apiUrl?: string;
  handlers: GatewayHandlers;
  /** The connected client, or undefined between sessions (thread-parent cache, bot user id). */
  onClient?(client: Client | undefined): void;
  /** discord.js shard errors (socket errors; they do not end the session by themselves). */
  onError?(err: unknown): void;
}

/**
 * One gateway session per call, on a FRESH client: a destroyed discord.js client cannot log in
 * again (its websocket manager stays destroyed), and discord.js destroys it when a login fails.
 * Outcomes go to `events`: ready (login resolved, a shard ready or resumed), reconnecting (a
 * transient close discord.js recovers from by itself), lost (a close discord.js will not recover
 * from, such as 4004 or 4014, or a rejected login). The close code seen during a login wins over
 * the error message login() rejects with.
 */
export function gatewayConnector(opts: GatewayConnectorOptions): (events: GatewaySessionEvents) => GatewaySession {
  return (events) => {
    const client = createDiscordClient({ token: opts.token, ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}) });
    const stopListening = listenRaw(client, opts.handlers);
    let closeCode: number | undefined;
    let closed = false;
    client.on(Events.ShardDisconnect, (event: { code: number }) => {
      closeCode = event.code;
      events.lost(classifyClose(event.code));
    });
    const up = (): void => {
      if (closed) return;
      opts.onClient?.(client);
      events.ready();
    };
    client.on(Events.ShardReconnecting, () => events.reconnecting());
    client.on(Events.ShardResume, up);
    client.on(Events.ShardReady, up);
    client.on(Events.ShardError, (err: Error) => opts.onError?.(err));
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      stopListening();
      opts.onClient?.(undefined);
      await client.destroy();
      client.removeAllListeners();
    };
    client.login(opts.token).then(
      up,
      (err: unknown) => events.lost(classifyLoginError(err, closeCode)),
    );
    return { close };
  };
}
