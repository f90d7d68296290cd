/** Campaigns, in memory. */
import type { CampaignRepository } from '../../core/ports.js';
import { Campaign } from '../../core/model/campaign.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { assertValidPatch } from '../../core/model/patch.js';
import { byDateThenId, copy, definedOnly, key } from './support.js';
import type { MemoryContext } from './support.js';

const NewCampaignRecord = Campaign.omit({ id: true });

export interface MemoryCampaigns extends CampaignRepository {
  /** The org a campaign belongs to (for the other in-memory repositories). */
  orgOf(campaignId: string): string | undefined;
}

export function createMemoryCampaigns(ctx: MemoryContext): MemoryCampaigns {
  const campaigns = new Map<string, Campaign>();
  /** unique (orgId, slug) */
  const bySlug = new Map<string, string>();
  const owned = (orgId: string, id: string): Campaign | undefined => {
    const c = campaigns.get(id);
    return c && c.orgId === orgId ? c : undefined;
  };

  return {
    orgOf: (campaignId) => campaigns.get(campaignId)?.orgId,
    async create(orgId, c) {
      const k = key(orgId, c.slug);
      if (bySlug.has(k)) throw new DuplicateError('campaign', c.slug);
      const now = ctx.clock.now();
      const record: Campaign = {
        id: ctx.newId(),
        ...NewCampaignRecord.parse({ ...c, orgId, status: 'draft', createdAt: now, updatedAt: now }),
      };
      campaigns.set(record.id, record);
      bySlug.set(k, record.id);
      return copy(record);
    },
    async get(orgId, campaignId) {
      const c = owned(orgId, campaignId);
      return c ? copy(c) : null;
    },
    async findBySlug(orgId, slug) {
      const id = bySlug.get(key(orgId, slug));
      const c = id === undefined ? undefined : campaigns.get(id);
      return c ? copy(c) : null;
    },
    async list(orgId, statuses) {
      return [...campaigns.values()]
        .filter((c) => c.orgId === orgId && (statuses === undefined || statuses.includes(c.status)))
        .sort(byDateThenId((c) => c.createdAt))
        .map(copy);
    },
    async update(orgId, campaignId, patch) {
      const c = owned(orgId, campaignId);
      if (!c) throw new NotFoundError('campaign', campaignId);
      assertValidPatch(Campaign.shape, patch);
      Object.assign(c, copy(definedOnly(patch)), { updatedAt: ctx.clock.now() });
      return copy(c);
    },
    async transition(orgId, campaignId, from, to) {
      const c = owned(orgId, campaignId);
      if (!c || !from.includes(c.status)) return null;
      c.status = to;
      c.updatedAt = ctx.clock.now();
      return copy(c);
    },
    async increment(orgId, campaignId, deltas) {
      const c = owned(orgId, campaignId);
      if (!c) throw new NotFoundError('campaign', campaignId);
      for (const [name, delta] of Object.entries(deltas) as [keyof Campaign['counters'], number | undefined][]) {
        if (delta) c.counters[name] = (c.counters[name] ?? 0) + delta;
      }
    },
  };
}
