import type { ChatRef, Platform } from '../../core/model/common.js';
import type { OptionValues } from './options.js';

/** Who pressed or typed, as the platform says (never trusted for authority: roles come from the store). */
export interface Actor {
  platform: Platform;
  /** Slack team id / Discord guild id / sandbox workspace id. */
  orgExternalId: string;
  /** Workspace or guild name, used when an org is first set up. */
  orgName?: string;
  userId: string;
  displayName: string;
  /** Member locale from the platform (en-US, es-419...). */
  locale?: string;
  /** Workspace / guild locale. */
  orgLocale?: string;
  /** The platform says this user administers the workspace/guild (only used by `setup`). */
  isPlatformAdmin?: boolean;
}

export interface Attachment {
  name: string;
  url: string;
  size?: number;
}

/** A slash command: free text (Slack) or a typed path + options (Discord); both end the same. */
export interface CommandInvocation {
  kind: 'command';
  actor: Actor;
  channelId?: string;
  /** Idempotency key of the interaction (R5.2b). */
  interactionId: string;
  /** Slack style: everything after `/textbank`. */
  text?: string;
  /** Discord style: sub-command path and typed options. */
  path?: string[];
  options?: OptionValues;
  attachments?: Attachment[];
}

/** A button press or select choice. `value` carries ids only. */
export interface ActionInvocation {
  kind: 'action';
  actor: Actor;
  actionId: string;
  value?: string;
  channelId?: string;
  message?: ChatRef;
  interactionId: string;
}

export interface ModalSubmission {
  kind: 'modal';
  actor: Actor;
  modalId: string;
  privateValue?: string;
  values: Record<string, string>;
  attachments?: Attachment[];
  interactionId: string;
}

/** A volunteer typing in a conversation thread. */
export interface ThreadMessage {
  kind: 'thread_message';
  actor: Actor;
  channelId: string;
  threadId: string;
  text: string;
  interactionId: string;
}

export type Invocation = CommandInvocation | ActionInvocation | ModalSubmission | ThreadMessage;
