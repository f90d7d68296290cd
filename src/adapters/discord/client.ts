/**
 * The discord.js v14 client: the gateway connection with the intents the workflow needs
 * (Guilds: threads and channels; GuildMessages + MessageContent: volunteers typing in
 * conversation threads; DirectMessages: replies in DM conversations) and its REST client, whose
 * base URL honours DISCORD_API_URL. The adapter works on raw gateway payloads: INTERACTION_CREATE
 * and MESSAGE_CREATE are passed on as the same JSON the HTTP endpoint receives, so one parser
 * and one set of handlers serve both transports and are tested without a websocket.
 */
import { Client, GatewayIntentBits, Partials, REST, type ClientOptions } from 'discord.js';

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

/** A client that is not connected yet; its `rest` already carries the token. */
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
