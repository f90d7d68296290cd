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

const memberOption: OptionSpec = { name: 'member', type: 'user', descriptionKey: 'commands:options.member', required: true, maxLength: 120 };
const roleOption: OptionSpec = { name: 'role', type: 'string', descriptionKey: 'commands:options.role', choices: ['organizer', 'owner'] };

/** `<@U123|ana>`, `<@U123>`, `<@!123>`, `@U123` or a bare id -> the platform user id. */
export function parseMention(raw: string): string | null {
  const m = /^<@!?([A-Za-z0-9._-]+)(?:\|[^>]*)?>$/.exec(raw.trim()) ?? /^@?([A-Za-z0-9._-]+)$/.exec(raw.trim());
  return m?.[1] ?? null;
}

async function target(ctx: Ctx, raw: unknown): Promise<Member> {
  const userId = typeof raw === 'string' ? parseMention(raw) : null;
  if (!userId) throw new UserError('commands:role.bad_member', { got: String(raw ?? '').slice(0, 40) });
  const { store } = ctx.services;
  const found = await store.members.findByPlatformUser(ctx.org.id, userId);
  // Someone who never used Textbank yet: added now; their name is filled in when they first act.
  return found ?? store.members.upsert(ctx.org.id, { platformUserId: userId, displayName: userId, role: 'volunteer' });
}

async function audit(ctx: Ctx, member: Member, from: Role, to: Role): Promise<void> {
  await ctx.services.store.audit.append({
    orgId: ctx.org.id,
    at: ctx.now,
    actor: { type: 'member', id: ctx.member.id, name: ctx.member.displayName },
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
