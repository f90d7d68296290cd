/**
 * An in-memory chat workspace for the sandbox (platform 'sandbox'): channels, one DM per member
 * with the bot, threads under messages, ephemeral messages only one member sees, and files.
 * It implements ChatGateway, so the notifier and the commands talk to it like to Slack; the
 * page reads it through `messagesFor` / `threadFor` and polls `version()`.
 */
import type { ChatRef } from '../../core/model/common.js';
import type { ChatGateway, Clock } from '../../core/ports.js';
import type { View } from '../../core/views/view.js';
import { BOT_AUTHOR, FILE_ROUTE, type FileLink, type SandboxChannel, type SandboxFile, type SandboxMessage } from './chat-types.js';

export interface SandboxChatOptions {
  clock?: Clock;
  /** Public channels at start (default: one, #campaign). */
  channels?: { id: string; name: string }[];
  /** Files kept at most (oldest dropped first; default 50). */
  maxFiles?: number;
}

export interface SandboxChat extends ChatGateway {
  readonly platform: 'sandbox';
  /** Grows by one on every change, so the page knows when to redraw. */
  version(): number;
  /** Public channels, then every DM. */
  channels(): SandboxChannel[];
  channel(id: string): SandboxChannel | undefined;
  /** The DM channel id of a member (created on first use). */
  dmChannelId(userId: string): string;
  /** A channel's top-level messages the member may see, oldest first. */
  messagesFor(userId: string, channelId: string): SandboxMessage[];
  /** A thread's replies the member may see, oldest first (without the root). */
  threadFor(userId: string, rootId: string): SandboxMessage[];
  message(id: string): SandboxMessage | undefined;
  /** May this member see this message (channel membership and ephemeral owner)? */
  canSee(userId: string, message: SandboxMessage): boolean;
  postEphemeral(userId: string, channelId: string, view: View, threadId?: string, files?: FileLink[]): SandboxMessage;
  /** A member typing a message (shown with their name). */
  postAs(userId: string, channelId: string, view: View, threadId?: string): SandboxMessage;
  putFile(file: { name: string; content: Buffer | string; contentType?: string }, id?: string): SandboxFile;
  getFile(id: string): SandboxFile | undefined;
}

const systemClock: Clock = { now: () => new Date() };

function contentTypeOf(name: string): string {
  if (/\.csv$/i.test(name)) return 'text/csv; charset=utf-8';
  if (/\.txt$/i.test(name)) return 'text/plain; charset=utf-8';
  if (/\.png$/i.test(name)) return 'image/png';
  return 'application/octet-stream';
}

export function createSandboxChat(opts: SandboxChatOptions = {}): SandboxChat {
  const clock = opts.clock ?? systemClock;
  const maxFiles = opts.maxFiles ?? 50;
  const channelMap = new Map<string, SandboxChannel>();
  const messages = new Map<string, SandboxMessage>();
  const files = new Map<string, SandboxFile>();
  /** Thread root id -> its replies, oldest first (the page asks for reply counts on every poll). */
  const replies = new Map<string, SandboxMessage[]>();
  let version = 0;
  let seq = 0;

  for (const c of opts.channels ?? [{ id: 'campaign', name: 'campaign' }]) channelMap.set(c.id, { id: c.id, name: c.name, kind: 'channel' });

  const bump = (): void => {
    version += 1;
  };
  const nextId = (prefix: string): string => {
    seq += 1;
    return `${prefix}${seq.toString(36).padStart(4, '0')}`;
  };

  const dmChannelId = (userId: string): string => {
    const id = `D-${userId}`;
    if (!channelMap.has(id)) channelMap.set(id, { id, name: userId, kind: 'dm', memberId: userId });
    return id;
  };

  /** Unknown channel ids become public channels named after the id (as if the bot joined one). */
  const ensureChannel = (id: string): SandboxChannel => {
    const existing = channelMap.get(id);
    if (existing) return existing;
    if (id.startsWith('D-')) return channelMap.get(dmChannelId(id.slice(2))) as SandboxChannel;
    const created: SandboxChannel = { id, name: id.replace(/^#/, ''), kind: 'channel' };
    channelMap.set(id, created);
    return created;
  };

  const add = (m: Omit<SandboxMessage, 'id' | 'at'>): SandboxMessage => {
    ensureChannel(m.channelId);
    const message: SandboxMessage = { ...m, id: nextId('m'), at: clock.now() };
    messages.set(message.id, message);
    if (message.threadId) {
      const list = replies.get(message.threadId);
      if (list) list.push(message);
      else replies.set(message.threadId, [message]);
    }
    bump();
    return message;
  };

  const refOf = (m: SandboxMessage): ChatRef => ({
    platform: 'sandbox',
    channelId: m.channelId,
    messageId: m.id,
    ...(m.threadId ? { threadId: m.threadId } : {}),
  });

  const canSee = (userId: string, m: SandboxMessage): boolean => {
    if (m.visibleTo !== undefined && m.visibleTo !== userId) return false;
    const channel = channelMap.get(m.channelId);
    return !(channel?.kind === 'dm' && channel.memberId !== userId);
  };

  const rootOf = (ref: ChatRef): SandboxMessage => {
    const id = ref.threadId ?? ref.messageId;
    const root = id === undefined ? undefined : messages.get(id);
    if (!root) throw new Error(`sandbox chat: no message ${id ?? '(none)'} to thread under`);
    return root.threadId ? (messages.get(root.threadId) as SandboxMessage) : root;
  };

  const putFile: SandboxChat['putFile'] = (file, id) => {
    const stored: SandboxFile = {
      id: id ?? nextId('f'),
      name: file.name,
      contentType: file.contentType ?? contentTypeOf(file.name),
      content: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content,
    };
    files.delete(stored.id);
    files.set(stored.id, stored);
    while (files.size > maxFiles) files.delete(files.keys().next().value as string);
    return stored;
  };

  return {
    platform: 'sandbox',

    async post(channelId, view) {
      return refOf(add({ channelId, authorId: BOT_AUTHOR, view }));
    },

    async update(ref, view) {
      const m = ref.messageId === undefined ? undefined : messages.get(ref.messageId);
      if (!m) throw new Error(`sandbox chat: no message ${ref.messageId ?? '(none)'} to update`);
      m.view = view;
      m.edited = true;
      bump();
    },

    async startThread(channelId, root, threadOpts) {
      const m = add({
        channelId,
        authorId: BOT_AUTHOR,
        view: root,
        ...(threadOpts?.name ? { threadName: threadOpts.name } : {}),
        ...(threadOpts?.memberIds ? { threadMembers: [...threadOpts.memberIds] } : {}),
      });
      return { platform: 'sandbox', channelId, messageId: m.id, threadId: m.id };
    },

    async postInThread(ref, view) {
      const root = rootOf(ref);
      return refOf(add({ channelId: root.channelId, threadId: root.id, authorId: BOT_AUTHOR, view }));
    },

    async dm(platformUserId, view) {
      return refOf(add({ channelId: dmChannelId(platformUserId), authorId: BOT_AUTHOR, view }));
    },

    async uploadFile(platformUserId, file) {
      const stored = putFile({ name: file.name, content: file.content, contentType: contentTypeOf(file.name) });
      const title = file.title ?? file.name;
      add({
        channelId: dmChannelId(platformUserId),
        authorId: BOT_AUTHOR,
        view: { text: title, blocks: [{ type: 'section', text: title }] },
        files: [{ name: file.name, url: `${FILE_ROUTE}/${stored.id}` }],
      });
    },

    version: () => version,
    channels: () => {
      const all = [...channelMap.values()];
      return [...all.filter((c) => c.kind === 'channel'), ...all.filter((c) => c.kind === 'dm')];
    },
    channel: (id) => channelMap.get(id),
    dmChannelId,
    messagesFor: (userId, channelId) => [...messages.values()].filter((m) => m.channelId === channelId && !m.threadId && canSee(userId, m)),
    threadFor: (userId, rootId) => (replies.get(rootId) ?? []).filter((m) => canSee(userId, m)),
    message: (id) => messages.get(id),
    canSee,
    postEphemeral: (userId, channelId, view, threadId, files) => add({ channelId, authorId: BOT_AUTHOR, view, visibleTo: userId, ...(threadId ? { threadId } : {}), ...(files?.length ? { files } : {}) }),
    postAs: (userId, channelId, view, threadId) => add({ channelId, authorId: userId, view, ...(threadId ? { threadId } : {}) }),
    putFile,
    getFile: (id) => files.get(id),
  };
}
