/** What the page shows one member: their channels and DM, the open channel and thread, the phones. */
import type { Lang } from '../../core/model/common.js';
import type { FileLink, SandboxMessage } from './chat-types.js';
import { BOT_AUTHOR } from './chat-types.js';
import { renderView } from './render.js';
import { plainText } from './markdown.js';
import type { SandboxChat } from './sandbox-chat.js';
import type { SandboxMember } from './roster.js';
import type { PhoneView } from './phones.js';
import type { SandboxTranslate } from './page-strings.js';

export interface MessageJson {
  id: string;
  /** Display name of the author ('Textbank' for the bot). */
  author: string;
  bot: boolean;
  at: string;
  /** Server-rendered, fully escaped HTML of the view (see render.ts). */
  html: string;
  ephemeral: boolean;
  edited: boolean;
  replyCount: number;
  /** "3 replies", localized. */
  repliesLabel?: string;
  files: FileLink[];
}

export interface ChannelJson {
  id: string;
  label: string;
  kind: 'channel' | 'dm';
}

export interface SandboxState {
  version: number;
  memberId: string;
  channels: ChannelJson[];
  channel: ChannelJson;
  messages: MessageJson[];
  thread: { root: MessageJson; replies: MessageJson[] } | null;
  phones: PhoneView[];
}

export interface StateInput {
  chat: SandboxChat;
  roster: readonly SandboxMember[];
  member: SandboxMember;
  /** Must be one the member can see (else the first public channel is used). */
  channelId?: string;
  threadId?: string;
  phones: PhoneView[];
  t: SandboxTranslate;
  lang: Lang;
}

export function buildState(input: StateInput): SandboxState {
  const { chat, roster, member, t, lang } = input;
  const nameOf = (authorId: string): string =>
    authorId === BOT_AUTHOR ? t(lang, 'sandbox:page.bot') : (roster.find((m) => m.id === authorId)?.displayName ?? authorId);
  const json = (m: SandboxMessage): MessageJson => {
    const replyCount = m.threadId ? 0 : chat.threadFor(member.id, m.id).length;
    return {
      id: m.id,
      author: nameOf(m.authorId),
      bot: m.authorId === BOT_AUTHOR,
      at: m.at.toISOString(),
      // What members type is shown exactly as typed (it may be texted to a voter): no markdown.
      html: m.authorId === BOT_AUTHOR ? renderView(m.view) : plainText(m.view.text),
      ephemeral: m.visibleTo !== undefined,
      edited: m.edited === true,
      replyCount,
      ...(replyCount > 0 ? { repliesLabel: t(lang, 'sandbox:thread.replies', { count: replyCount }) } : {}),
      files: m.files ?? [],
    };
  };

  chat.dmChannelId(member.id); // every member has a DM with the bot from the start
  const channels: ChannelJson[] = chat
    .channels()
    .filter((c) => c.kind === 'channel' || c.memberId === member.id)
    .map((c) => ({ id: c.id, kind: c.kind, label: c.kind === 'dm' ? t(lang, 'sandbox:page.dmWithBot') : c.name }));
  const channel = channels.find((c) => c.id === input.channelId) ?? (channels[0] as ChannelJson);
  const root = input.threadId ? chat.message(input.threadId) : undefined;
  const thread =
    root && !root.threadId && root.channelId === channel.id && chat.canSee(member.id, root)
      ? { root: json(root), replies: chat.threadFor(member.id, root.id).map(json) }
      : null;
  return {
    version: chat.version(),
    memberId: member.id,
    channels,
    channel,
    messages: chat.messagesFor(member.id, channel.id).map(json),
    thread,
    phones: input.phones,
  };
}
