// Organizers pause first texts across the whole org (`/textbank pause initials`): every Send on
// an initial card is then refused by SendService, while replies keep flowing. Who paused or
// resumed, and when, is on the org and in the audit log.
import type { Org } from '../model/org.js';
import { initialsPaused } from '../model/org.js';
import type { Clock, Store } from '../ports.js';
import { loadActor } from './access.js';
import { isFailure, type Failure } from './result.js';

export type InitialsPauseResult = { ok: true; org: Org; changed: boolean } | Failure;

export async function setInitialsPaused(deps: { store: Store; clock: Clock }, orgId: string, by: string, paused: boolean): Promise<InitialsPauseResult> {
  const { store, clock } = deps;
  const actor = await loadActor(store, orgId, by, 'organizer');
  if (isFailure(actor)) return actor;
  const org = await store.orgs.get(orgId);
  if (!org) return { ok: false, reason: 'engine:org.not_found', params: {} };
  if (initialsPaused(org) === paused) return { ok: true, org, changed: false };
  const now = clock.now();
  const updated = await store.orgs.update(orgId, { initialsPause: { paused, by: actor.id, at: now } });
  await store.audit.append({
    orgId,
    at: now,
    actor: { type: 'member', id: actor.id, name: actor.displayName },
    action: paused ? 'initials.paused' : 'initials.resumed',
    subject: { type: 'org', id: orgId },
    data: {},
  });
  return { ok: true, org: updated, changed: true };
}
