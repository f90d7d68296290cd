/**
 * MESSAGE_CREATE from the gateway -> a ThreadMessage for the commands (DESIGN Lifecycle step 6):
 * a volunteer typing in a conversation thread texts the voter through the same checks as any
 * reply. Only messages in a known conversation thread count: bots, webhooks, system messages,
 * empty texts and every other channel are ignored. In a DM conversation (no threads in DMs) the
 * volunteer answers with Discord's Reply on the conversation's messages. The commands' answers
 * ("sent", "not yours") are posted as a reply to the volunteer's message, pinging nobody.
 */
import type { Conversation } from '../../core/model/conversation.js';
import type { Store } from '../../core/ports.js';
import type { Reply } from '../../core/views/view.js';
import type { Invocation } from '../../commands/framework/invocation.js';
import type { DiscordApi } from './api.js';
import type { DiscordChat } from './chat-gateway.js';
import { createDelivery } from './delivery.js';
import type { Log } from './interactions.js';
import type { Lookups } from './lookups.js';
import { MessageCreate, snowflakeTime } from './payloads.js';
import { renderMessage } from './render-message.js';

/** Default (0) and reply (19) messages; joins, pins and other system messages are not texts. */
const TEXT_TYPES = new Set([0, 19]);

export interface MessageDeps {
  api: DiscordApi;
  chat: DiscordChat;
  store: Store;
  lookups: Lookups;
  handle(inv: Invocation): Promise<Reply[]>;
  /** The bot's own user id, once known (its messages are never volunteer texts). */
  botUserId?(): string | undefined;
  log: Log;
}

export type MessageOutcome = 'ignored' | 'handled';

export function createMessageHandler(deps: MessageDeps) {
  const { store, api, log } = deps;
  const delivery = createDelivery({ store, chat: deps.chat, warn: log.warn });

  async function locate(m: MessageCreate): Promise<{ conversation: Conversation; channelId: string; threadId: string } | null> {
    if (m.guild_id) {
      const parent = await deps.lookups.threadParent(m.channel_id);
      const conversation = parent ? await store.conversations.findByThread('discord', parent, m.channel_id) : null;
      return conversation && parent ? { conversation, channelId: parent, threadId: m.channel_id } : null;
    }
    const candidates = [m.message_reference?.message_id, m.referenced_message?.message_reference?.message_id].filter((c): c is string => Boolean(c));
    for (const threadId of candidates) {
      const conversation = await store.conversations.findByThread('discord', m.channel_id, threadId);
      if (conversation) return { conversation, channelId: m.channel_id, threadId };
    }
    return null;
  }

  async function answer(m: MessageCreate, guildId: string, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      switch (reply.kind) {
        case 'ephemeral':
        case 'update':
        case 'channel':
          if (reply.kind === 'channel' && reply.channelId && reply.channelId !== m.channel_id) await deps.chat.post(reply.channelId, reply.view);
          else await api.createMessage(m.channel_id, { ...renderMessage(reply.view, { warn: log.warn }), message_reference: { message_id: m.id, fail_if_not_exists: false } });
          break;
        case 'thread':
          await delivery.toConversation(guildId, reply.conversationId, reply.view);
          break;
        case 'dm':
          await delivery.toMember(guildId, reply.memberId, reply.view);
          break;
        case 'file':
          await deps.chat.uploadFile(m.author.id, reply.file);
          break;
        default:
          break; // modals cannot open from a typed message
      }
    }
  }

  async function handleMessageCreate(raw: unknown): Promise<MessageOutcome> {
    const parsed = MessageCreate.safeParse(raw);
    if (!parsed.success) return 'ignored';
    const m = parsed.data;
    if (m.author.bot || m.webhook_id || m.author.id === deps.botUserId?.() || !TEXT_TYPES.has(m.type) || !m.content.trim()) return 'ignored';
    const found = await locate(m);
    if (!found) return 'ignored';
    const org = await store.orgs.get(found.conversation.orgId);
    if (!org || org.platform !== 'discord' || (m.guild_id && m.guild_id !== org.externalId)) return 'ignored';
    const inv: Invocation = {
      kind: 'thread_message',
      actor: {
        platform: 'discord',
        orgExternalId: org.externalId,
        userId: m.author.id,
        displayName: (m.member?.nick || m.author.global_name || m.author.username).slice(0, 120),
      },
      channelId: found.channelId,
      threadId: found.threadId,
      text: m.content,
      interactionId: m.id,
      platformTs: snowflakeTime(m.id).toISOString(),
      // Gateway events arrive over the bot's authenticated TLS connection, not signed requests.
      signatureVerified: false,
    };
    const replies = await deps.handle(inv);
    try {
      await answer(m, org.externalId, replies);
    } catch (err) {
      log.error({ err }, 'discord: an answer to a thread message could not be posted');
    }
    return 'handled';
  }

  return { handleMessageCreate };
}
