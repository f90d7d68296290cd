// The script as organizers see it: the first message and follow-ups per language, each with its
// segment count (R3.6) as written, canned replies, and the live lint findings (R3.1-R3.6).
// Script texts are shown verbatim in quote blocks (escaped), exactly as they will be sent
// before merge fields are filled.
import type { ScriptFinding } from '../../core/campaigns/campaign-lint.js';
import type { Campaign } from '../../core/model/campaign.js';
import { SUPPORTED_LANGS, type Lang } from '../../core/model/common.js';
import { segmentInfo } from '../../core/scripts/segments.js';
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { findingsBlocks } from './campaign.js';
import { inline } from './text.js';
import { trackLinksBlocks } from './links.js';
import { measuredTemplate } from '../../core/compliance/script-lint.js';

function segments(t: Translate, text: string): Block {
  const s = segmentInfo(text);
  return { type: 'context', text: t('rules:segments.summary', { characters: s.characters, segments: s.segments, encoding: s.encoding }) };
}

export function scriptView(t: Translate, c: Pick<Campaign, 'id' | 'name' | 'slug' | 'scripts' | 'cannedReplies'>, findings: readonly ScriptFinding[], linkBase?: string): View {
  const blocks: Block[] = [{ type: 'section', text: t('commands:script.title', { name: inline(c.name), slug: c.slug }) }];
  for (const lang of SUPPORTED_LANGS) {
    const set = c.scripts[lang];
    const language = t(`commands:lang.${lang}`);
    blocks.push({ type: 'divider' });
    if (!set) {
      blocks.push({ type: 'context', text: t('commands:script.missing_lang', { lang: language, slug: c.slug, code: lang }) });
      continue;
    }
    blocks.push({ type: 'section', text: t('commands:script.initial_title', { lang: language }) });
    // A first message's tracked links count as long as the link each voter gets (LINK_BASE_URL/<code>).
    blocks.push({ type: 'quote', text: set.initial, voter: true }, segments(t, measuredTemplate(set.initial, linkBase)));
    for (const fu of set.followUps) {
      blocks.push({ type: 'section', text: t('commands:script.follow_up_title', { label: inline(fu.label, 75) }) });
      blocks.push({ type: 'quote', text: fu.text, voter: true }, segments(t, measuredTemplate(fu.text)));
    }
    const canned = c.cannedReplies.filter((r) => r.text[lang as Lang]);
    if (canned.length > 0) {
      blocks.push({ type: 'context', text: t('commands:script.canned_title', { lang: language, labels: canned.map((r) => inline(r.label, 75)).join(', ') }) });
    }
  }
  blocks.push({ type: 'divider' }, ...findingsBlocks(t, findings), ...trackLinksBlocks(t, c));
  blocks.push({ type: 'context', text: t('commands:script.edit_hint', { slug: c.slug }) });
  return { text: t('commands:script.fallback', { name: inline(c.name), n: findings.length }), blocks };
}
