// The audit row of something a member did in chat: the org, the time and the actor come from the
// request, so each command names only what happened, to what, and its data.
import type { NewAuditEvent } from '../../core/model/audit.js';
import type { Ctx } from './results.js';

export async function auditByMember(ctx: Ctx, event: Pick<NewAuditEvent, 'action' | 'subject' | 'data'>): Promise<void> {
  await ctx.services.store.audit.append({
    orgId: ctx.org.id,
    at: ctx.now,
    actor: { type: 'member', id: ctx.member.id, name: ctx.member.displayName },
    ...event,
  });
}
