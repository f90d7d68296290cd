/**
 * ChatGateway over the Discord REST API (DESIGN: Ports). The notifier and the commands post
 * through it: channel posts, edits, DMs, files in DMs, and conversation threads.
 * - startThread: a private thread (type 12) in the campaign channel, the volunteer added as a
 *   member (organizers with Manage Threads see private threads too), the header posted in it.
 *   Its ref is `{channelId: parent, threadId: thread, messageId: header}`.
 * - postInThread: posts in the thread; an archived thread (error 50083) is reopened and the post
 *   retried. A ref whose threadId is a message (a conversation rooted in a DM, where Discord has
 *   no threads) gets a reply to that message instead.
 * - addThreadMembers: lets a member into an existing private thread (a reassigned volunteer).
 * - The channel a message lives in is its thread when `threadId` names one, else `channelId`.
 */
import type { ChatRef } from '../../core/model/common.js';
import type { ChatGateway } from '../../core/ports.js';
import type { View } from '../../core/views/view.js';
import { discordErrorCode, DISCORD_ERROR, type DiscordApi, type OutgoingMessage } from './api.js';
import { withDeliveryErrors } from './chat-errors.js';
import { clip, escapeText } from './escape.js';
import { BoundedCache, type Lookups } from './lookups.js';
import { noMentions, renderMessage } from './render-message.js';

export interface DiscordChat extends ChatGateway {
  readonly platform: 'discord';
  readonly privateThreads: true;
  addThreadMembers(ref: ChatRef, platformUserIds: string[]): Promise<void>;
}

export interface DiscordChatDeps {
  api: DiscordApi;
  lookups: Lookups;
  /** Minutes of inactivity before Discord archives a conversation thread (60, 1440, 4320, 10080). */
  threadArchiveMinutes?: 60 | 1440 | 4320 | 10080;
  warn?(obj: object, msg: string): void;
}

const THREAD_NAME_MAX = 100;

/** True when the ref's "thread" is a message (a DM conversation), not a thread channel. */
export function isMessageThread(ref: ChatRef): boolean {
  return ref.threadId !== undefined && ref.threadId === ref.messageId;
}

/** The channel a referenced message lives in. */
export function messageChannel(ref: ChatRef): string {
  return ref.threadId && !isMessageThread(ref) ? ref.threadId : ref.channelId;
}

export function createDiscordChat(deps: DiscordChatDeps): DiscordChat {
  const { api, lookups } = deps;
  const dmChannels = new BoundedCache<string>(5000);
  const render = (view: View): OutgoingMessage => renderMessage(view, { ...(deps.warn ? { warn: deps.warn } : {}) });

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const channel = await api.openDm(userId);
    dmChannels.set(userId, channel.id);
    return channel.id;
  }

  /** Adds members to a private thread; one refusal (left the server...) does not stop the others. */
  async function addMembers(threadId: string, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      try {
        await api.addThreadMember(threadId, userId);
      } catch (err) {
        if (discordErrorCode(err) !== DISCORD_ERROR.threadArchived) {
          deps.warn?.({ err, threadId }, 'discord: could not add a member to a conversation thread');
          continue;
        }
        await api.editChannel(threadId, { archived: false });
        await api.addThreadMember(threadId, userId);
      }
    }
  }

  /** Posts in a thread channel, reopening it once when Discord says it is archived. */
  async function postToThread(threadId: string, body: OutgoingMessage) {
    try {
      return await api.createMessage(threadId, body);
    } catch (err) {
      if (discordErrorCode(err) !== DISCORD_ERROR.threadArchived) throw err;
      await api.editChannel(threadId, { archived: false });
      return api.createMessage(threadId, body);
    }
  }

  // Refusals a person can fix (missing access or permissions, unknown channel) become ChatDeliveryError.
  return withDeliveryErrors({
    platform: 'discord',
    privateThreads: true,

    async post(channelId, view) {
      const m = await api.createMessage(channelId, render(view));
      return { platform: 'discord', channelId, messageId: m.id };
    },

    async update(ref, view) {
      if (!ref.messageId) throw new Error('discord: no message id to update');
      await api.editMessage(messageChannel(ref), ref.messageId, render(view));
    },

    async startThread(channelId, root, opts) {
      const name = clip((opts?.name ?? root.text).replace(/\s+/g, ' ').trim() || 'Textbank', THREAD_NAME_MAX);
      const thread = await api.createThread(channelId, { name, type: 12, invitable: false, auto_archive_duration: deps.threadArchiveMinutes ?? 10080 });
      lookups.rememberThread(thread.id, channelId);
      const header = await api.createMessage(thread.id, render(root));
      await addMembers(thread.id, opts?.memberIds ?? []);
      return { platform: 'discord', channelId, threadId: thread.id, messageId: header.id };
    },

    async addThreadMembers(ref, platformUserIds) {
      if (ref.threadId && !isMessageThread(ref)) await addMembers(ref.threadId, platformUserIds);
    },

    async postInThread(ref, view) {
      const body = render(view);
      if (isMessageThread(ref) || !ref.threadId) {
        const reply: OutgoingMessage = ref.threadId ? { ...body, message_reference: { message_id: ref.threadId, fail_if_not_exists: false } } : body;
        const m = await api.createMessage(ref.channelId, reply);
        return { platform: 'discord', channelId: ref.channelId, messageId: m.id };
      }
      const m = await postToThread(ref.threadId, body);
      return { platform: 'discord', channelId: ref.channelId, threadId: ref.threadId, messageId: m.id };
    },

    async dm(platformUserId, view) {
      const channelId = await dmChannel(platformUserId);
      const m = await api.createMessage(channelId, render(view));
      return { platform: 'discord', channelId, messageId: m.id };
    },

    async uploadFile(platformUserId, file) {
      const channelId = await dmChannel(platformUserId);
      const data = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
      const content = clip(`📎 ${escapeText(file.title ?? file.name)}`, 2000);
      await api.createMessage(channelId, { content, allowed_mentions: noMentions() }, [{ name: file.name, data }]);
    },
  });
}
