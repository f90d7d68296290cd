/**
 * Raw interaction JSON -> a neutral Invocation (pure; no I/O). Chat-input commands keep their
 * typed tree: the sub-command (group) names become `path` and the leaf options `options`
 * (attachments resolved to their CDN URL and listed in `attachments`); buttons, selects and modal
 * submits decode our custom_ids. The member's language is `locale`, the guild's `guild_locale`;
 * Manage Guild (0x20) or Administrator (0x8) makes a platform admin (only `setup` asks). The
 * interaction id is the idempotency key (R5.2b). Anything else is `unsupported`, never thrown.
 */
import type { Actor, Attachment, Invocation } from '../../commands/framework/invocation.js';
import type { OptionValues } from '../../commands/framework/options.js';
import { parseCustomId } from './custom-id.js';
import {
  CommandData,
  ComponentData,
  FLAG,
  INTERACTION,
  Interaction,
  ModalData,
  PERMISSION,
  snowflakeTime,
  type CommandOptionPayload,
  type DiscordAttachment,
  type ModalField,
} from './payloads.js';
import { OPTION_TYPE } from './command-json.js';

/** What the responder needs besides the invocation. */
export interface InteractionContext {
  id: string;
  token: string;
  applicationId: string;
  type: 'command' | 'component' | 'modal';
  /** Undefined in a DM with the bot (the org is then looked up by the user). */
  guildId?: string;
  channelId?: string;
  /** The message whose component was pressed (component interactions and modals opened from one). */
  message?: { id: string; channelId: string; ephemeral: boolean };
  /** `import`, `optout import`... for commands; the modal id for submits; the action id for presses. */
  name: string;
}

export type ParsedInteraction =
  | { kind: 'ping' }
  | { kind: 'unsupported'; reason: string; ctx?: InteractionContext }
  | { kind: 'invocation'; ctx: InteractionContext; invocation: Invocation };

export interface ParseOptions {
  commandName: string;
  signatureVerified: boolean;
}

function actorOf(i: Interaction): Actor | null {
  const user = i.member?.user ?? i.user;
  if (!user) return null;
  let perms = 0n;
  try {
    perms = BigInt(i.member?.permissions ?? '0');
  } catch {
    perms = 0n;
  }
  return {
    platform: 'discord',
    orgExternalId: i.guild_id ?? '',
    userId: user.id,
    displayName: (i.member?.nick || user.global_name || user.username).slice(0, 120),
    ...(i.locale ? { locale: i.locale } : {}),
    ...(i.guild_locale ? { orgLocale: i.guild_locale } : {}),
    isPlatformAdmin: (perms & (PERMISSION.administrator | PERMISSION.manageGuild)) !== 0n,
  };
}

function contextOf(i: Interaction, type: InteractionContext['type'], name: string): InteractionContext {
  const channelId = i.channel_id ?? i.channel?.id ?? i.message?.channel_id;
  return {
    id: i.id,
    token: i.token,
    applicationId: i.application_id,
    type,
    ...(i.guild_id ? { guildId: i.guild_id } : {}),
    ...(channelId ? { channelId } : {}),
    ...(i.message ? { message: { id: i.message.id, channelId: i.message.channel_id, ephemeral: ((i.message.flags ?? 0) & FLAG.ephemeral) !== 0 } } : {}),
    name,
  };
}

function attachmentOf(a: DiscordAttachment): Attachment {
  return { name: a.filename, url: a.url, ...(a.size !== undefined ? { size: a.size } : {}) };
}

function commandInvocation(i: Interaction, actor: Actor, opts: ParseOptions): ParsedInteraction {
  const data = CommandData.safeParse(i.data);
  if (!data.success) return { kind: 'unsupported', reason: 'command data' };
  if (data.data.name !== opts.commandName || (data.data.type ?? 1) !== 1) return { kind: 'unsupported', reason: `command ${data.data.name}` };
  const path: string[] = [];
  let leaves: CommandOptionPayload[] = data.data.options ?? [];
  for (let first = leaves[0]; leaves.length === 1 && first && (first.type === OPTION_TYPE.subcommand || first.type === OPTION_TYPE.group); first = leaves[0]) {
    path.push(first.name);
    leaves = first.options ?? [];
  }
  const options: OptionValues = {};
  const attachments: Attachment[] = [];
  for (const leaf of leaves) {
    if (leaf.type === OPTION_TYPE.attachment) {
      const found = typeof leaf.value === 'string' ? data.data.resolved?.attachments?.[leaf.value] : undefined;
      if (!found) return { kind: 'unsupported', reason: `attachment ${leaf.name} not resolved` };
      attachments.push(attachmentOf(found));
      options[leaf.name] = found.url;
    } else if (leaf.type === OPTION_TYPE.user && typeof leaf.value === 'string') {
      // The chosen member's name travels with the id, as Slack's escaped `<@U123|name>` does.
      const user = data.data.resolved?.users?.[leaf.value];
      const name = (data.data.resolved?.members?.[leaf.value]?.nick || user?.global_name || user?.username || '').replace(/[<>|]/g, '').trim().slice(0, 80);
      options[leaf.name] = name ? `<@${leaf.value}|${name}>` : leaf.value;
    } else if (leaf.value !== undefined) {
      options[leaf.name] = leaf.value;
    }
  }
  const ctx = contextOf(i, 'command', path.join(' '));
  return {
    kind: 'invocation',
    ctx,
    invocation: {
      kind: 'command',
      actor,
      ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
      interactionId: i.id,
      path,
      options,
      ...(attachments.length ? { attachments } : {}),
    },
  };
}

function componentInvocation(i: Interaction, actor: Actor, opts: ParseOptions): ParsedInteraction {
  const data = ComponentData.safeParse(i.data);
  if (!data.success) return { kind: 'unsupported', reason: 'component data' };
  const parsed = parseCustomId(data.data.custom_id);
  if (!parsed || parsed.kind !== 'action') return { kind: 'unsupported', reason: 'foreign custom_id' };
  const value = data.data.values ? data.data.values[0] : parsed.value;
  const ctx = contextOf(i, 'component', parsed.id);
  return {
    kind: 'invocation',
    ctx,
    invocation: {
      kind: 'action',
      actor,
      actionId: parsed.id,
      ...(value !== undefined ? { value } : {}),
      ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
      ...(ctx.message ? { message: { platform: 'discord', channelId: ctx.message.channelId, messageId: ctx.message.id } } : {}),
      interactionId: i.id,
      platformTs: snowflakeTime(i.id).toISOString(),
      signatureVerified: opts.signatureVerified,
    },
  };
}

function fieldValue(field: ModalField, resolved: Record<string, DiscordAttachment>, attachments: Attachment[]): string {
  if (field.type === 19) {
    const files = (field.values ?? []).map((id) => resolved[id]).filter((a): a is DiscordAttachment => a !== undefined);
    attachments.push(...files.map(attachmentOf));
    return files[0]?.url ?? '';
  }
  if (field.values) return field.values[0] ?? '';
  return typeof field.value === 'string' ? field.value : field.value === true ? 'true' : '';
}

function modalInvocation(i: Interaction, actor: Actor): ParsedInteraction {
  const data = ModalData.safeParse(i.data);
  if (!data.success) return { kind: 'unsupported', reason: 'modal data' };
  const parsed = parseCustomId(data.data.custom_id);
  if (!parsed || parsed.kind !== 'modal') return { kind: 'unsupported', reason: 'foreign custom_id' };
  const resolved = data.data.resolved?.attachments ?? {};
  const values: Record<string, string> = {};
  const attachments: Attachment[] = [];
  for (const row of data.data.components) {
    for (const field of [...(row.component ? [row.component] : []), ...(row.components ?? [])]) values[field.custom_id] = fieldValue(field, resolved, attachments);
  }
  const ctx = contextOf(i, 'modal', parsed.id);
  return {
    kind: 'invocation',
    ctx,
    invocation: {
      kind: 'modal',
      actor,
      modalId: parsed.id,
      ...(parsed.value !== undefined ? { privateValue: parsed.value } : {}),
      values,
      ...(attachments.length ? { attachments } : {}),
      interactionId: i.id,
      ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
    },
  };
}

export function parseInteraction(raw: unknown, opts: ParseOptions): ParsedInteraction {
  const res = Interaction.safeParse(raw);
  if (!res.success) return { kind: 'unsupported', reason: 'not an interaction' };
  const i = res.data;
  if (i.type === INTERACTION.ping) return { kind: 'ping' };
  const actor = actorOf(i);
  if (!actor) return { kind: 'unsupported', reason: 'no user' };
  const type = i.type === INTERACTION.component ? 'component' : i.type === INTERACTION.modal ? 'modal' : 'command';
  const parsed: ParsedInteraction =
    i.type === INTERACTION.command
      ? commandInvocation(i, actor, opts)
      : i.type === INTERACTION.component
        ? componentInvocation(i, actor, opts)
        : i.type === INTERACTION.modal
          ? modalInvocation(i, actor)
          : { kind: 'unsupported', reason: `interaction type ${i.type}` };
  // Still answerable: the responder tells the member, instead of leaving "interaction failed".
  return parsed.kind === 'unsupported' && !parsed.ctx ? { ...parsed, ctx: contextOf(i, type, '') } : parsed;
}
