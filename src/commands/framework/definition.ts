import type { z } from 'zod';
import type { Lang } from '../../core/model/common.js';
import type { Member, Org, Role } from '../../core/model/org.js';
import type { Reply } from '../../core/views/view.js';
import type { Actor, Attachment, Invocation } from './invocation.js';
import type { OptionSpec, OptionValues } from './options.js';

/** Translate a `ns:key` with params, in the member's language. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** What every handler receives: the org and member re-loaded from the store, never from the payload. */
export interface HandlerContext<S> {
  org: Org;
  member: Member;
  actor: Actor;
  lang: Lang;
  t: Translate;
  now: Date;
  channelId?: string;
  interactionId: string;
  attachments: Attachment[];
  invocation: Invocation;
  services: S;
}

/** A slash sub-command, declared as data (CONVENTIONS §6). */
export interface CommandDefinition<S> {
  /** Sub-command words after `/textbank`, e.g. ['campaign', 'create']. */
  path: readonly string[];
  descriptionKey: string;
  options: readonly OptionSpec[];
  /** Least role that may run it. `none` is only for `help` and `setup`. */
  role: Role | 'none';
  /** True when it changes data (shown in help; bulk effects ask to confirm). */
  sideEffects: boolean;
  handler(ctx: HandlerContext<S>, options: OptionValues): Promise<Reply | Reply[]>;
}

/** A button, select or modal submit. `value` is parsed with `valueSchema` and carries ids only. */
export interface InteractionDefinition<S, V = unknown> {
  /** Action id or modal id. */
  id: string;
  kind: 'action' | 'modal';
  role: Role;
  valueSchema: z.ZodType<V>;
  handler(ctx: HandlerContext<S>, value: V, fields: Record<string, string>): Promise<Reply | Reply[]>;
}

export function defineCommand<S>(def: CommandDefinition<S>): CommandDefinition<S> {
  return def;
}
export function defineInteraction<S, V>(def: InteractionDefinition<S, V>): InteractionDefinition<S, V> {
  return def;
}
