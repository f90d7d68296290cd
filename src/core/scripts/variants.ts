// A/B script variants: which first message a contact gets. The choice is made once, at claim, by
// a stable hash of the contact id over the live (not retired) variants of the script the contact
// will be texted in, so the split is even, the same contact always lands in the same variant for
// the same set of live variants, and the card and the Send press agree (the choice is stored on
// the contact). A contact whose script has one variant gets none: there is nothing to compare.
import type { Campaign, ScriptSet, VariantId } from '../model/campaign.js';
import { MAX_VARIANTS } from '../model/campaign.js';
import type { Lang } from '../model/common.js';
import type { Contact } from '../model/contact.js';
import { scriptFor } from '../campaigns/campaign-lint.js';

export const VARIANT_IDS: readonly VariantId[] = ['A', 'B', 'C', 'D'];

export interface VariantText {
  id: VariantId;
  initial: string;
  retired: boolean;
}

/** Every variant of a script set, A (its `initial`) first, then B, C, D in id order. */
export function variantsOf(set: ScriptSet): VariantText[] {
  const retired = new Set(set.retired ?? []);
  const extra = [...(set.variants ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  return [{ id: 'A' as VariantId, initial: set.initial }, ...extra].map((v) => ({ id: v.id, initial: v.initial, retired: retired.has(v.id) }));
}

/** Ids of the variants claims still give out. */
export function liveVariants(set: ScriptSet): VariantId[] {
  return variantsOf(set).filter((v) => !v.retired).map((v) => v.id);
}

/**
 * A 32-bit FNV-1a hash finished with murmur3's fmix32, so ids that differ in one trailing
 * character (counters, ObjectIds minted in the same second) still spread evenly over buckets.
 * Pure and platform-free: the same id gives the same number in every process and store.
 */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The variant for a contact among `live` (ids in a stable order); undefined when none is live. */
export function assignVariant(contactId: string, live: readonly VariantId[]): VariantId | undefined {
  if (live.length === 0) return undefined;
  const sorted = [...live].sort();
  return sorted[stableHash(contactId) % sorted.length];
}

/**
 * The variant a claim gives this contact: from the script it will be texted in (its language,
 * else the org default, else any), only when that script has two or more variants.
 */
export function variantForContact(campaign: Pick<Campaign, 'scripts'>, contact: Pick<Contact, 'id' | 'language'>, fallback: Lang): VariantId | undefined {
  return variantPicker(campaign, fallback)(contact);
}

/** variantForContact for the many contacts of one claim: each language's live variants are worked out once. */
export function variantPicker(campaign: Pick<Campaign, 'scripts'>, fallback: Lang): (contact: Pick<Contact, 'id' | 'language'>) => VariantId | undefined {
  // Most campaigns have no A/B test: no script set with a second variant means no contact gets one.
  if (!Object.values(campaign.scripts).some((set) => (set?.variants?.length ?? 0) > 0)) return () => undefined;
  const live = new Map<Lang, readonly VariantId[] | undefined>();
  return (contact) => {
    let ids = live.get(contact.language);
    if (!live.has(contact.language)) {
      const set = scriptFor(campaign, contact.language, fallback);
      ids = set && variantsOf(set).length >= 2 ? liveVariants(set) : undefined;
      live.set(contact.language, ids);
    }
    return ids ? assignVariant(contact.id, ids) : undefined;
  };
}

/**
 * The first-message template for a contact's stored variant: that variant's text when the set
 * has it (retired or not: the card already showed it), else variant A with no variant recorded.
 */
export function initialTemplateFor(set: ScriptSet, variant: string | undefined): { template: string; variant?: VariantId } {
  const found = variant === undefined ? undefined : variantsOf(set).find((v) => v.id === variant);
  return found ? { template: found.initial, variant: found.id } : { template: set.initial };
}

export type VariantEdit = { ok: true; set: ScriptSet } | { ok: false; reason: 'no_script' | 'unknown_variant' | 'last_live' | 'too_many' };

/** The set with variant `id`'s text replaced or added (A is `initial`). */
export function withVariantText(set: ScriptSet | undefined, id: VariantId, text: string): VariantEdit {
  if (id === 'A') return { ok: true, set: set ? { ...set, initial: text } : { initial: text, followUps: [] } };
  if (!set) return { ok: false, reason: 'no_script' };
  const others = (set.variants ?? []).filter((v) => v.id !== id);
  if (others.length + 2 > MAX_VARIANTS) return { ok: false, reason: 'too_many' };
  return { ok: true, set: { ...set, variants: [...others, { id, initial: text }].sort((a, b) => a.id.localeCompare(b.id)) } };
}

/** The set with variant `id` retired (or restored); one variant always stays live. */
export function withRetired(set: ScriptSet, id: VariantId, retired: boolean): VariantEdit {
  if (!variantsOf(set).some((v) => v.id === id)) return { ok: false, reason: 'unknown_variant' };
  const now = new Set(set.retired ?? []);
  if (retired) now.add(id);
  else now.delete(id);
  if (liveVariants({ ...set, retired: [...now] }).length === 0) return { ok: false, reason: 'last_live' };
  const list = VARIANT_IDS.filter((v) => now.has(v));
  const { retired: _old, ...rest } = set;
  return { ok: true, set: list.length > 0 ? { ...rest, retired: list } : rest };
}
