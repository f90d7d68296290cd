// Permission checks (DESIGN: Roles). Button values carry ids only, never authority, so every
// service method that takes `by` re-loads the member from the store and checks org and role.
import { hasRole, type Member, type Role } from '../model/org.js';
import type { Store } from '../ports.js';
import { fail, type Failure } from './result.js';

/** Null when `member` may act with `needed` in `orgId`; otherwise the failure to return. */
export function authorize(member: Member | null, orgId: string, needed: Role): Failure | null {
  if (!member || member.orgId !== orgId) return fail('engine:auth.not_member');
  if (!hasRole(member.role, needed)) return fail('engine:auth.forbidden', { needed });
  return null;
}

/** Loads `memberId` in `orgId` and checks `needed`: the member, or a failure. */
export async function loadActor(store: Store, orgId: string, memberId: string, needed: Role = 'volunteer'): Promise<Member | Failure> {
  const member = await store.members.get(orgId, memberId);
  return authorize(member, orgId, needed) ?? (member as Member);
}

/** True for owners and organizers (they may act on anybody's claim or conversation). */
export function isOrganizer(member: Member): boolean {
  return hasRole(member.role, 'organizer');
}
