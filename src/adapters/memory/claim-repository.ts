/** Claims (a volunteer's batch), in memory. */
import type { ClaimRepository } from '../../core/ports.js';
import { Claim } from '../../core/model/contact.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { addTo, byDateThenId, copy, key, removeFrom } from './support.js';
import type { MemoryContext } from './support.js';

const NewClaimRecord = Claim.omit({ id: true });

export function createMemoryClaims(ctx: MemoryContext): ClaimRepository {
  const claims = new Map<string, Claim>();
  // Active claim ids per campaign and per (campaign, volunteer): every Claim press lists the
  // volunteer's active claims twice, which must not scan every claim ever made.
  const active = new Map<string, Set<string>>();
  const activeOf = (campaignId: string, volunteerId?: string): ReadonlySet<string> | undefined => active.get(volunteerId === undefined ? campaignId : key(campaignId, volunteerId));
  const index = (c: Claim, add: boolean): void => {
    for (const k of [c.campaignId, key(c.campaignId, c.volunteerId)]) {
      if (add) addTo(active, k, c.id);
      else removeFrom(active, k, c.id);
    }
  };
  const owned = (orgId: string, claimId: string): Claim | undefined => {
    const c = claims.get(claimId);
    return c && c.orgId === orgId ? c : undefined;
  };

  return {
    newId() {
      return ctx.newId();
    },
    async create(orgId, { id, campaignId, volunteerId, now, size }) {
      const record: Claim = {
        id: id ?? ctx.newId(),
        ...NewClaimRecord.parse({ orgId, campaignId, volunteerId, status: 'active', size: size ?? 0, createdAt: now, lastActivityAt: now }),
      };
      if (claims.has(record.id)) throw new DuplicateError('claim', record.id);
      claims.set(record.id, record);
      if (record.status === 'active') index(record, true);
      return copy(record);
    },
    async get(orgId, claimId) {
      const c = owned(orgId, claimId);
      return c ? copy(c) : null;
    },
    async listActive(orgId, campaignId, volunteerId) {
      return [...(activeOf(campaignId, volunteerId) ?? [])]
        .map((id) => claims.get(id))
        .filter((c): c is Claim => c !== undefined && c.orgId === orgId && c.status === 'active')
        .sort(byDateThenId((c) => c.createdAt))
        .map(copy);
    },
    async setSize(orgId, claimId, size) {
      const c = owned(orgId, claimId);
      if (!c) throw new NotFoundError('claim', claimId);
      c.size = size;
    },
    async touch(orgId, claimId, now) {
      const c = owned(orgId, claimId);
      if (!c) throw new NotFoundError('claim', claimId);
      c.lastActivityAt = now;
    },
    async end(orgId, claimId, to, now) {
      const c = owned(orgId, claimId);
      if (!c || c.status !== 'active') return null;
      index(c, false);
      c.status = to;
      c.endedAt = now;
      c.lastActivityAt = now;
      return copy(c);
    },
  };
}
