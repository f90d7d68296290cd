/** Claims (a volunteer's batch), in memory. */
import type { ClaimRepository } from '../../core/ports.js';
import { Claim } from '../../core/model/contact.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { byDateThenId, copy } from './support.js';
import type { MemoryContext } from './support.js';

const NewClaimRecord = Claim.omit({ id: true });

export function createMemoryClaims(ctx: MemoryContext): ClaimRepository {
  const claims = new Map<string, Claim>();
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
      return copy(record);
    },
    async get(orgId, claimId) {
      const c = owned(orgId, claimId);
      return c ? copy(c) : null;
    },
    async listActive(orgId, campaignId, volunteerId) {
      return [...claims.values()]
        .filter((c) => c.orgId === orgId && c.campaignId === campaignId && c.status === 'active')
        .filter((c) => volunteerId === undefined || c.volunteerId === volunteerId)
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
      c.status = to;
      c.endedAt = now;
      c.lastActivityAt = now;
      return copy(c);
    },
  };
}
