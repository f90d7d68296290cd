/** Shapes of the sandbox's in-memory chat workspace (channels, DMs, threads, files). */
import type { View } from '../../core/views/view.js';

export type ChannelKind = 'channel' | 'dm';

export interface SandboxChannel {
  id: string;
  /** Shown after '#' for channels; DMs are named by the page. */
  name: string;
  kind: ChannelKind;
  /** DMs only: the member (platform user id) the bot talks to. */
  memberId?: string;
}

export interface SandboxFile {
  id: string;
  name: string;
  contentType: string;
  content: Buffer;
}

/** A file link shown under a message (url is relative to this server). */
export interface FileLink {
  name: string;
  url: string;
  /** Set for pictures (the stats chart): the page shows the image inline with this alt text. */
  imageAlt?: string;
}

export interface SandboxMessage {
  id: string;
  channelId: string;
  /** Set on replies: the id of the thread's root message. */
  threadId?: string;
  /** 'bot' for Textbank, else the platform user id of the member who typed it. */
  authorId: string;
  view: View;
  at: Date;
  /** Ephemeral: only this member sees it. */
  visibleTo?: string;
  files?: FileLink[];
  /** Thread roots started with a member list (private conversation threads). */
  threadMembers?: string[];
  threadName?: string;
  /** Bumped whenever the message is replaced (update). */
  edited?: boolean;
}

/** The bot's author id. */
export const BOT_AUTHOR = 'bot';

/** Route of stored files, relative to the server root. */
export const FILE_ROUTE = '/sandbox/api/upload';
