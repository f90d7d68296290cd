// A/B script variants as organizers see them: per language, each variant's first message
// (verbatim, escaped, with its segment count) and whether claims still give it out, with one
// Retire or Restore button per variant. The buttons of a language share one actions row (at most
// four), so the worst case (4 variants x 2 languages) is two rows on Discord and Slack alike.
import type { Campaign } from '../../core/model/campaign.js';
import { SUPPORTED_LANGS } from '../../core/model/common.js';
import { segmentInfo } from '../../core/scripts/segments.js';
import { variantsOf } from '../../core/scripts/variants.js';
import type { Block, Button, View } from '../../core/views/view.js';
import { ids } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import { inline } from './text.js';

export const VARIANT_BUTTONS = { retire: 'script_variant_retire', restore: 'script_variant_restore' } as const;

export function variantsListView(t: Translate, c: Pick<Campaign, 'id' | 'name' | 'slug' | 'scripts'>, notice?: string): View {
  const blocks: Block[] = [];
  if (notice) blocks.push({ type: 'section', text: `✅ ${notice}` });
  blocks.push({ type: 'section', text: t('variants:list.title', { name: inline(c.name), slug: c.slug }) });
  for (const lang of SUPPORTED_LANGS) {
    const set = c.scripts[lang];
    const language = t(`commands:lang.${lang}`);
    blocks.push({ type: 'divider' });
    if (!set) {
      blocks.push({ type: 'context', text: t('variants:list.no_script', { lang: language, slug: c.slug, code: lang }) });
      continue;
    }
    const variants = variantsOf(set);
    const buttons: Button[] = [];
    for (const v of variants) {
      const s = segmentInfo(v.initial);
      blocks.push({ type: 'section', text: t(v.retired ? 'variants:list.variant_retired' : 'variants:list.variant_live', { variant: v.id, lang: language }) });
      blocks.push({ type: 'quote', text: v.initial, voter: true });
      blocks.push({ type: 'context', text: t('rules:segments.summary', { characters: s.characters, segments: s.segments, encoding: s.encoding }) });
      // A lone variant has nothing to retire in favour of.
      if (variants.length > 1) {
        buttons.push(
          v.retired
            ? { type: 'button', id: VARIANT_BUTTONS.restore, label: t('variants:list.restore', { variant: v.id }), value: ids(c.id, lang, v.id) }
            : { type: 'button', id: VARIANT_BUTTONS.retire, label: t('variants:list.retire', { variant: v.id }), style: 'danger', value: ids(c.id, lang, v.id) },
        );
      }
    }
    if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
    blocks.push({ type: 'context', text: t('variants:list.how', { slug: c.slug, code: lang, max: 4 }) });
  }
  return { text: t('variants:list.fallback', { name: inline(c.name) }), blocks };
}
