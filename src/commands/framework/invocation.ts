import type { ChatRef, Platform } from '../../core/model/common.js';
import type { Reply } from '../../core/views/view.js';
import type { OptionValues } from './options.js';

/**
 * Optional: shows an interim reply to the actor at once, before the handler
 * returns (import progress). Each call replaces the previous interim reply; adapters without it
 * simply show the final replies.
 */
export type InterimReply = (reply: Reply) => Promise<void>;

/** Optional press metadata for the R5.3 audit row, as the adapter saw it. */
export interface PressMeta {
  /** The platform's timestamp of the interaction (Slack action_ts, Discord snowflake time). */
  platformTs?: string;
  /** The adapter verified the request signature (R7.2, R7.3) before building this invocation. */
  signatureVerified?: boolean;
}

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
  interim?: InterimReply;
}

/** A button press or select choice. `value` carries ids only. */
export interface ActionInvocation extends PressMeta {
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
  /** Where the modal was opened from, when the platform says (campaign channel for a create). */
  channelId?: string;
  interim?: InterimReply;
}

/** A volunteer typing in a conversation thread. */
export interface ThreadMessage extends PressMeta {
  kind: 'thread_message';
  actor: Actor;
  channelId: string;
  threadId: string;
  text: string;
  interactionId: string;
}

export type Invocation = CommandInvocation | ActionInvocation | ModalSubmission | ThreadMessage;
