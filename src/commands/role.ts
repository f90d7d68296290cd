// `/textbank role grant|revoke <member> [role]`: organizers grant the organizer role; only owners
// grant or take away ownership, and the last owner cannot be removed.
import { UserError } from '../core/errors.js';
import { hasRole, type Member, type Role } from '../core/model/org.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { errorView } from './framework/error-view.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { ephemeral, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

const memberOption: OptionSpec = { name: 'member', type: 'user', descriptionKey: 'commands:options.member', required: true, maxLength: 120 };
const roleOption: OptionSpec = { name: 'role', type: 'string', descriptionKey: 'commands:options.role', choices: ['organizer', 'owner'] };

/** `<@U123|ana>`, `<@U123>`, `<@!123>`, `@U123` or a bare id -> the platform user id. */
export function parseMention(raw: string): string | null {
  return parseMemberMention(raw)?.id ?? null;
}

/**
 * The platform user id and, when the payload carries one, the member's name: Slack escapes a
 * mention as `<@U123|name>` (the command's should_escape); the Discord adapter writes a user
 * option as `<@id|name>` from the interaction's resolved member.
 */
export function parseMemberMention(raw: string): { id: string; name?: string } | null {
  const text = raw.trim();
  const m = /^<@!?([A-Za-z0-9._-]+)(?:\|([^>]*))?>$/.exec(text);
  if (m?.[1]) {
    const name = m[2]?.trim();
    return { id: m[1], ...(name ? { name: name.slice(0, 120) } : {}) };
  }
  const bare = /^@?([A-Za-z0-9._-]+)$/.exec(text);
  return bare?.[1] ? { id: bare[1] } : null;
}

/** A name people recognize: the store's (unless it is only the id), the payload's, else the platform's (asked after the ack). */
async function nameFor(ctx: Ctx, userId: string, known: Member | null, payloadName: string | undefined): Promise<string | undefined> {
  if (known && known.displayName !== userId) return known.displayName;
  if (payloadName) return payloadName;
  const gateway = ctx.services.chat?.gateways[ctx.actor.platform];
  try {
    return (await gateway?.memberName?.(userId))?.slice(0, 120) || undefined;
  } catch {
    // No name from the platform: the id is shown, and the name is filled in when they first act.
    return undefined;
  }
}

async function target(ctx: Ctx, raw: unknown): Promise<Member> {
  const mention = typeof raw === 'string' ? parseMemberMention(raw) : null;
  if (!mention) throw new UserError('commands:role.bad_member', { got: String(raw ?? '').slice(0, 40) });
  const { store } = ctx.services;
  const found = await store.members.findByPlatformUser(ctx.org.id, mention.id);
  const name = await nameFor(ctx, mention.id, found, mention.name);
  if (found && (!name || found.displayName === name)) return found;
  // Someone who never used Textbank yet (or known only by id): added or named now; their own
  // name replaces this one when they first act.
  return store.members.upsert(ctx.org.id, { platformUserId: mention.id, displayName: name ?? mention.id, role: found?.role ?? 'volunteer', ...(found?.locale ? { locale: found.locale } : {}) });
}

async function audit(ctx: Ctx, member: Member, from: Role, to: Role): Promise<void> {
  await auditByMember(ctx, {
    action: 'member.role_changed',
    subject: { type: 'member', id: member.id },
    data: { from, to },
  });
}

export const roleGrantCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['role', 'grant'],
  descriptionKey: 'commands:descriptions.role_grant',
  options: [memberOption, roleOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const role: Role = options.role === 'owner' ? 'owner' : 'organizer';
    if (role === 'owner' && ctx.member.role !== 'owner') return errorView(ctx.t, 'commands:errors.forbidden', { role: ctx.t('commands:roles.owner') });
    const member = await target(ctx, options.member);
    const name = inline(member.displayName);
    if (hasRole(member.role, role)) return ephemeral(noticeView(ctx.t('commands:role.already', { name, role: ctx.t(`commands:roles.${member.role}`) })));
    await ctx.services.store.members.setRole(ctx.org.id, member.id, role);
    await audit(ctx, member, member.role, role);
    return ephemeral(noticeView(`✅ ${ctx.t('commands:role.granted', { name, role: ctx.t(`commands:roles.${role}`) })}`));
  },
});

export const roleRevokeCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['role', 'revoke'],
  descriptionKey: 'commands:descriptions.role_revoke',
  options: [memberOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const member = await target(ctx, options.member);
    const name = inline(member.displayName);
    if (member.role === 'volunteer') return ephemeral(noticeView(ctx.t('commands:role.already', { name, role: ctx.t('commands:roles.volunteer') })));
    if (member.role === 'owner') {
      if (ctx.member.role !== 'owner') return errorView(ctx.t, 'commands:errors.forbidden', { role: ctx.t('commands:roles.owner') });
      const owners = await ctx.services.store.members.list(ctx.org.id, 'owner');
      if (owners.length <= 1) return errorView(ctx.t, 'commands:role.last_owner');
    }
    await ctx.services.store.members.setRole(ctx.org.id, member.id, 'volunteer');
    await audit(ctx, member, member.role, 'volunteer');
    return ephemeral(noticeView(`✅ ${ctx.t('commands:role.revoked', { name })}`));
  },
});
