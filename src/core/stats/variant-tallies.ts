// A/B variant tallies: scope `campaign:<campaignId>:variants`, keys `<language>/<variantId>/<metric>`,
// moved with the store's atomic increment where the campaign counters move (the press, a delivery,
// a contact's first reply, an opt-out, the first survey answer, a first click), so stats never scan.
// An arm is a variant within one contact language: variant B of the English script and variant B
// of the Spanish one are different texts, so they are counted (and compared) apart. Keys of the
// older form `<variantId>/<metric>` (counted before languages were) still read, as their own group.
import { bumpTally, tallyKey, type EngineDeps } from '../campaigns/engine-deps.js';
import type { Lang } from '../model/common.js';

export const VARIANT_METRICS = ['sent', 'delivered', 'replied', 'optOut', 'positive', 'clicked'] as const;
export type VariantMetric = (typeof VARIANT_METRICS)[number];

export const variantScope = (campaignId: string): string => `campaign:${campaignId}:variants`;

/** The arm a text counts in: its contact's variant, within the contact's language. */
export interface VariantArmRef {
  variant?: string | undefined;
  language: Lang;
}

export const variantKey = (language: Lang, variant: string, metric: VariantMetric): string => tallyKey(language, variant.replace(/\//g, '_'), metric);

/** Counts one event for an arm; nothing when the contact or message has no variant. */
export async function bumpVariant(deps: EngineDeps, orgId: string, campaignId: string | undefined, arm: VariantArmRef | undefined, metric: VariantMetric, delta = 1): Promise<void> {
  if (!arm?.variant || !campaignId || delta === 0) return;
  await bumpTally(deps, orgId, variantScope(campaignId), { [variantKey(arm.language, arm.variant, metric)]: delta });
}
