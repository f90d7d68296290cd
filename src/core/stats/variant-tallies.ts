// A/B variant tallies: scope `campaign:<campaignId>:variants`, keys `<variantId>/<metric>`, moved
// with the store's atomic increment where the campaign counters move (the press, a delivery, a
// contact's first reply, an opt-out, the first survey answer, a first click), so stats never scan.
import { bumpTally, type EngineDeps } from '../campaigns/engine-deps.js';

export const VARIANT_METRICS = ['sent', 'delivered', 'replied', 'optOut', 'positive', 'clicked'] as const;
export type VariantMetric = (typeof VARIANT_METRICS)[number];

export const variantScope = (campaignId: string): string => `campaign:${campaignId}:variants`;

export const variantKey = (variant: string, metric: VariantMetric): string => `${variant.replace(/[.$/]/g, '_')}/${metric}`;

/** Counts one event for a variant; nothing when the contact or message has no variant. */
export async function bumpVariant(deps: EngineDeps, orgId: string, campaignId: string | undefined, variant: string | undefined, metric: VariantMetric, delta = 1): Promise<void> {
  if (!variant || !campaignId || delta === 0) return;
  await bumpTally(deps, orgId, variantScope(campaignId), { [variantKey(variant, metric)]: delta });
}
