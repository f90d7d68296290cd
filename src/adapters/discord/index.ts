// The Discord adapter (DESIGN: discord/): interactions -> commands, Views -> messages and
// components, thread messages -> replies, and a ChatGateway for the notifier. It imports no other
// adapter. Built on raw Discord JSON (discord-api-types shapes) so the HTTP endpoint and the
// gateway share one parser and one responder; discord.js supplies the gateway client and REST.
import type { REST } from 'discord.js';
import type { Lang } from '../../core/model/common.js';
import type { Clock, Store } from '../../core/ports.js';
import type { Reply } from '../../core/views/view.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { Invocation } from '../../commands/framework/invocation.js';
import { createDiscordApi, type DiscordApi } from './api.js';
import { createDiscordChat, type DiscordChat } from './chat-gateway.js';
import { DEFAULT_COMMAND_NAME } from './command-json.js';
import { createInteractionHandler, type InteractionOutcome, type InteractionTransport, type Log } from './interactions.js';
import { createLookups, type Lookups } from './lookups.js';
import { createMessageHandler, type MessageOutcome } from './messages.js';
import { Interaction } from './payloads.js';

export interface DiscordAdapterConfig {
  applicationId: string;
  /** discord.js REST with the bot token, from createDiscordRest: never the gateway client's `rest`, which discord.js clears when a login fails. */
  rest: REST;
  store: Store;
  clock: Clock;
  /** The commands' dispatcher (`dispatcher.handle`); may be bound after the adapter is built. */
  handle(inv: Invocation): Promise<Reply[]>;
  translator(lang: Lang): Translate;
  defaultLang?: Lang;
  commandName?: string;
  /** Defer an interaction that has not finished after this long (default 2,000 ms; Discord allows 3 s). */
  deferAfterMs?: number;
  /**
   * Deferred at once (default: export; import and optout import when a file is attached; the import
   * form's submit). `import` without a file answers with its form, which must be the first answer.
   */
  slow?: { commands: readonly string[]; modals: readonly string[]; withFile?: readonly string[] };
  log?: Log;
  /** Gateway client's channel cache, when connected (saves REST lookups of thread parents). */
  peekParent?(channelId: string): string | null | undefined;
  botUserId?(): string | undefined;
}

export interface DiscordAdapter {
  chat: DiscordChat;
  api: DiscordApi;
  lookups: Lookups;
  /** One interaction; the transport sends the initial callback (HTTP body or REST). */
  handleInteraction(raw: unknown, transport: InteractionTransport): Promise<InteractionOutcome>;
  /** A gateway INTERACTION_CREATE: the initial callback is POSTed to /interactions/{id}/{token}/callback. */
  handleGatewayInteraction(raw: unknown): Promise<InteractionOutcome>;
  /** A gateway MESSAGE_CREATE (a volunteer typing in a conversation thread). */
  handleMessageCreate(raw: unknown): Promise<MessageOutcome>;
  /** Resolves when no interaction or message is being handled. */
  idle(): Promise<void>;
}

export const DEFAULT_SLOW = { commands: ['export', 'stats'], withFile: ['import', 'optout import'], modals: ['import'] } as const;

const silent: Log = { warn: () => undefined, error: () => undefined };

export function createDiscordAdapter(config: DiscordAdapterConfig): DiscordAdapter {
  const log = config.log ?? silent;
  const api = createDiscordApi(config.rest, config.applicationId);
  const lookups = createLookups({ api, store: config.store, clock: config.clock, ...(config.peekParent ? { peekParent: config.peekParent } : {}) });
  const chat = createDiscordChat({ api, lookups, warn: log.warn });
  const handle = (inv: Invocation) => config.handle(inv);
  const interactions = createInteractionHandler({
    api,
    chat,
    store: config.store,
    lookups,
    handle,
    translator: config.translator,
    defaultLang: config.defaultLang ?? 'en',
    commandName: config.commandName ?? DEFAULT_COMMAND_NAME,
    deferAfterMs: config.deferAfterMs ?? 2000,
    slow: config.slow ?? DEFAULT_SLOW,
    log,
  });
  const messages = createMessageHandler({ api, chat, store: config.store, lookups, handle, log, ...(config.botUserId ? { botUserId: config.botUserId } : {}) });
  const GatewayIds = Interaction.pick({ id: true, token: true });

  return {
    chat,
    api,
    lookups,
    handleInteraction: interactions.handleInteraction,
    async handleGatewayInteraction(raw) {
      const ids = GatewayIds.safeParse(raw);
      if (!ids.success) return 'invalid';
      return interactions.handleInteraction(raw, {
        signatureVerified: false,
        respond: async (body) => void (await api.interactionCallback(ids.data.id, ids.data.token, body)),
      });
    },
    handleMessageCreate(raw) {
      const task = messages.handleMessageCreate(raw);
      interactions.track(task);
      return task;
    },
    idle: interactions.idle,
  };
}

export { createDiscordChat, isMessageThread, messageChannel, type DiscordChat } from './chat-gateway.js';
export { createDiscordApi, type DiscordApi, type InteractionResponse } from './api.js';
export { buildSlashCommand, DEFAULT_COMMAND_NAME, SPANISH_LOCALES, type SlashCommandJson, type CommandSource } from './command-json.js';
export { commandProblems } from './command-limits.js';
export { canonicalCommand, commandsDiffer, registerInGuilds, type RegisterResult } from './register.js';
export { discordInteractionsPlugin, type DiscordHttpOptions } from './http-plugin.js';
export { createDiscordClient, createDiscordRest, gatewayConnector, listenRaw, cachedThreadParent, routeRawDispatch, GATEWAY_INTENTS, type GatewayConnectorOptions } from './client.js';
export { reconnectDelay, GATEWAY_BACKOFF, type BackoffPolicy } from './backoff.js';
export { classifyClose, classifyLoginError, CLOSE, type GatewayFailure, type GatewayFailureKind } from './gateway-failure.js';
export {
  createGatewayLifecycle,
  realTimers,
  type GatewayLifecycle,
  type GatewayLifecycleDeps,
  type GatewayReport,
  type GatewaySession,
  type GatewaySessionEvents,
  type GatewayState,
  type Timers,
} from './gateway-lifecycle.js';
export { renderMessage, renderComponents, viewMarkdown, LIMITS, type DiscordMessage } from './render-message.js';
export { renderModal, MODAL_LIMITS } from './render-modal.js';
export { parseInteraction, type ParsedInteraction, type InteractionContext } from './parse-interaction.js';
export { escapeText, quoteText, breakMentions } from './escape.js';
export { actionCustomId, modalCustomId, parseCustomId, CUSTOM_ID_MAX } from './custom-id.js';
export { verifyDiscordSignature, discordPublicKey, MAX_SKEW_SECONDS } from './signature.js';
export { INVITE_PERMISSIONS, invitePermissions, inviteUrl } from './invite.js';
export type { InteractionTransport, InteractionOutcome, Log } from './interactions.js';
export type { MessageOutcome } from './messages.js';
