// The A/B section of campaign stats: per variant, texts pressed and delivered, and each rate with
// its Wilson 95% interval; then the winner line (reply rate, only when p < 0.05) and, per rate,
// which variant leads and whether the lead is significant. Variants are compared within one contact
// language (variant B in English and in Spanish are different texts): at most four arms (A-D) per
// language, and one more group for texts counted before languages were counted apart.
import type { Lang } from '../../core/model/common.js';
import type { Interval } from '../../core/stats/ab-test.js';
import { VARIANT_RATES, type VariantComparison, type VariantGroup, type VariantStats } from '../../core/stats/variant-stats.js';
import type { Block } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { inline, num } from './text.js';

function pct(x: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x * 100);
}

/** "12.5% (95% CI 9.1–16.9%)", or a dash before the variant's first text. */
export function rateWithInterval(t: Translate, i: Interval | null, lang: Lang): string {
  if (!i) return '–';
  return t('variants:stats.rate', { rate: pct(i.rate, lang), low: pct(i.low, lang), high: pct(i.high, lang) });
}

/** "0.23", "0.004", or "< 0.001". */
export function pValue(p: number, lang: Lang): string {
  const f = (x: number, d: number): string => new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(x);
  if (p < 0.001) return `< ${f(0.001, 3)}`;
  return `= ${p < 0.01 ? f(p, 3) : f(p, 2)}`;
}

function comparisonLine(t: Translate, c: VariantComparison, lang: Lang): string {
  return t(c.significant ? 'variants:stats.compare_significant' : 'variants:stats.compare', {
    metric: t(`variants:stats.metric_${c.metric}`),
    leader: inline(c.leader, 40),
    runnerUp: inline(c.runnerUp, 40),
    p: pValue(c.p, lang),
  });
}

/**
 * The A/B section: one title, then each contact language's arms and verdict (a heading per
 * language only when there is more than one group to tell apart).
 */
export function variantStatsBlocks(t: Translate, groups: readonly VariantGroup[], lang: Lang): Block[] {
  const blocks: Block[] = [{ type: 'divider' }, { type: 'section', text: t('variants:stats.title', { metric: t('variants:stats.primary') }) }];
  for (const g of groups) {
    if (groups.length > 1) blocks.push({ type: 'section', text: g.language ? t('variants:stats.group', { language: t(`commands:lang.${g.language}`) }) : t('variants:stats.group_unrecorded') });
    blocks.push(...groupBlocks(t, g, lang));
  }
  return blocks;
}

function groupBlocks(t: Translate, v: VariantStats, lang: Lang): Block[] {
  const n = (x: number): string => num(x, lang);
  const blocks: Block[] = [];
  const rates = VARIANT_RATES.filter((m) => m !== 'clicked' || v.hasClicks);
  for (const arm of v.arms) {
    blocks.push({ type: 'section', text: t('variants:stats.variant', { variant: inline(arm.variant, 40), sent: n(arm.counts.sent), delivered: n(arm.counts.delivered) }) });
    blocks.push({ type: 'fields', fields: rates.map((m) => ({ label: t(`variants:stats.metric_${m}`), value: rateWithInterval(t, arm.rates[m], lang) })) });
  }
  if (v.winner && v.primary) {
    blocks.push({ type: 'section', text: t('variants:stats.winner', { variant: inline(v.winner, 40), metric: t('variants:stats.primary'), p: pValue(v.primary.p, lang) }) });
  } else if (v.primary) {
    blocks.push({ type: 'section', text: t('variants:stats.no_winner', { p: pValue(v.primary.p, lang) }) });
  } else {
    blocks.push({ type: 'section', text: t('variants:stats.no_comparison') });
  }
  if (v.comparisons.length > 0) blocks.push({ type: 'context', text: v.comparisons.map((c) => comparisonLine(t, c, lang)).join('\n') });
  return blocks;
}
