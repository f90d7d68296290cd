/** Campaigns, in memory. */
import type { CampaignRepository } from '../../core/ports.js';
import { Campaign } from '../../core/model/campaign.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { assertValidPatch } from '../../core/model/patch.js';
import { byDateThenId, definedOnly, frozenCopy, key } from './support.js';
import type { MemoryContext } from './support.js';

const NewCampaignRecord = Campaign.omit({ id: true });

export interface MemoryCampaigns extends CampaignRepository {
  /** The org a campaign belongs to (for the other in-memory repositories). */
  orgOf(campaignId: string): string | undefined;
}

/**
 * One stored campaign. Everything but its counters is a frozen copy, replaced on every write and
 * handed out by reads as is (a read copies only the top level and the counters): every claim and
 * every Send press reads the campaign, scripts, survey and all. Counters move on every text, so
 * they stay a plain object changed in place.
 */
interface Stored {
  body: Campaign;
  counters: Campaign['counters'];
}

const view = (s: Stored): Campaign => ({ ...s.body, counters: { ...s.counters } });

function stored(record: Campaign): Stored {
  const { counters, ...rest } = record;
  return { body: frozenCopy({ ...rest, counters: {} }) as Campaign, counters: { ...counters } };
}

export function createMemoryCampaigns(ctx: MemoryContext): MemoryCampaigns {
  const campaigns = new Map<string, Stored>();
  /** unique (orgId, slug) */
  const bySlug = new Map<string, string>();
  const owned = (orgId: string, id: string): Stored | undefined => {
    const c = campaigns.get(id);
    return c && c.body.orgId === orgId ? c : undefined;
  };

  return {
    orgOf: (campaignId) => campaigns.get(campaignId)?.body.orgId,
    async create(orgId, c) {
      const k = key(orgId, c.slug);
      if (bySlug.has(k)) throw new DuplicateError('campaign', c.slug);
      const now = ctx.clock.now();
      const record: Campaign = {
        id: ctx.newId(),
        ...NewCampaignRecord.parse({ ...c, orgId, status: 'draft', createdAt: now, updatedAt: now }),
      };
      const s = stored(record);
      campaigns.set(record.id, s);
      bySlug.set(k, record.id);
      return view(s);
    },
    async get(orgId, campaignId) {
      const c = owned(orgId, campaignId);
      return c ? view(c) : null;
    },
    async findBySlug(orgId, slug) {
      const id = bySlug.get(key(orgId, slug));
      const c = id === undefined ? undefined : campaigns.get(id);
      return c ? view(c) : null;
    },
    async list(orgId, statuses) {
      return [...campaigns.values()]
        .filter((c) => c.body.orgId === orgId && (statuses === undefined || statuses.includes(c.body.status)))
        .map(view)
        .sort(byDateThenId((c) => c.createdAt));
    },
    async update(orgId, campaignId, patch) {
      const c = owned(orgId, campaignId);
      if (!c) throw new NotFoundError('campaign', campaignId);
      assertValidPatch(Campaign.shape, patch);
      c.body = frozenCopy({ ...c.body, ...definedOnly(patch), updatedAt: ctx.clock.now() });
      return view(c);
    },
    async transition(orgId, campaignId, from, to) {
      const c = owned(orgId, campaignId);
      if (!c || !from.includes(c.body.status)) return null;
      c.body = frozenCopy({ ...c.body, status: to, updatedAt: ctx.clock.now() });
      return view(c);
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
