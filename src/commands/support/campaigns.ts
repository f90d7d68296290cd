// The `campaign` option: a campaign's short name (slug). When it is left out and exactly one
// campaign fits, that one is used, so `/textbank claim` works in a one-campaign org.
import { UserError } from '../../core/errors.js';
import type { Campaign, CampaignStatus } from '../../core/model/campaign.js';
import type { OptionSpec } from '../framework/options.js';
import type { Ctx } from './results.js';

export const campaignOption: OptionSpec = { name: 'campaign', type: 'string', descriptionKey: 'commands:options.campaign', maxLength: 40 };

const LISTED = 10;

export interface ResolveOptions {
  /** Campaigns that may be chosen when no slug is given (default: not archived). */
  implicit?: readonly CampaignStatus[];
  /** Archived campaigns may be named (stats, export). */
  allowArchived?: boolean;
}

export async function resolveCampaign(ctx: Ctx, slug: unknown, opts: ResolveOptions = {}): Promise<Campaign> {
  const { store } = ctx.services;
  const orgId = ctx.org.id;
  if (typeof slug === 'string' && slug.trim() !== '') {
    const wanted = slug.trim().toLowerCase();
    const found = await store.campaigns.findBySlug(orgId, wanted);
    if (!found) {
      const known = await store.campaigns.list(orgId, ['draft', 'active', 'paused']);
      throw new UserError('commands:errors.campaign_not_found', { slug: wanted.slice(0, 40), choices: slugs(known) });
    }
    if (found.status === 'archived' && !opts.allowArchived) throw new UserError('engine:campaign.archived', { slug: found.slug });
    return found;
  }
  const candidates = await store.campaigns.list(orgId, [...(opts.implicit ?? ['draft', 'active', 'paused'])]);
  if (candidates.length === 1) return candidates[0] as Campaign;
  if (candidates.length === 0) throw new UserError('commands:errors.no_campaign');
  throw new UserError('commands:errors.campaign_ambiguous', { choices: slugs(candidates) });
}

function slugs(list: readonly Campaign[]): string {
  if (list.length === 0) return '-';
  const shown = list.slice(0, LISTED).map((c) => c.slug).join(', ');
  return list.length > LISTED ? `${shown}, …` : shown;
}
