// Small pieces the lookup command, the campaign start check and the `lookup.run` job share.
import { UserError } from '../core/errors.js';
import type { LookupReport } from '../core/lookups/model.js';
import type { Campaign } from '../core/model/campaign.js';
import type { Ctx } from './support/results.js';

export const emptyReport = (): LookupReport => ({ total: 0, lineTypes: { mobile: 0, landline: 0, voip: 0, unknown: 0 }, cached: 0, paid: 0, failed: {}, finished: false });

/**
 * An org that requires a number lookup before texting (`settings require_lookup:true`) cannot
 * start a campaign while pending contacts have no line type yet.
 */
export async function assertLookedUp(ctx: Ctx, campaign: Pick<Campaign, 'id' | 'slug'>): Promise<void> {
  if (ctx.org.requireLookup !== true) return;
  const missing = await ctx.services.store.contacts.countNeedingLookup(ctx.org.id, campaign.id);
  if (missing > 0) throw new UserError('lookup:errors.required', { missing, slug: campaign.slug });
}
