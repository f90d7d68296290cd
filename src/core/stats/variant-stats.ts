// Per-variant rates from the variant tallies, per contact language: each rate over the variant's
// pressed first texts, with its Wilson 95% interval, and for each rate the leading variant tested against the
// runner-up with a two-proportion z-test. The reply rate is the primary metric: a variant is
// named the winner only when it leads the reply rate and the test gives p < 0.05.
import { ALPHA, twoProportionZTest, wilsonInterval, type Interval } from './ab-test.js';
import { SUPPORTED_LANGS, type Lang } from '../model/common.js';
import { VARIANT_METRICS, type VariantMetric } from './variant-tallies.js';

/** Rates shown per variant (every one over `sent`: the first texts pressed with that variant). */
export const VARIANT_RATES = ['delivered', 'replied', 'optOut', 'positive', 'clicked'] as const;
export type VariantRate = (typeof VARIANT_RATES)[number];
export const PRIMARY_METRIC: VariantRate = 'replied';

/** Higher is better except opt-outs. */
const LOWER_IS_BETTER: ReadonlySet<VariantRate> = new Set(['optOut']);

export interface VariantArm {
  variant: string;
  counts: Record<VariantMetric, number>;
  rates: Record<VariantRate, Interval | null>;
}

export interface VariantComparison {
  metric: VariantRate;
  leader: string;
  runnerUp: string;
  p: number;
  significant: boolean;
}

export interface VariantStats {
  arms: VariantArm[];
  /** One per rate with two or more variants that have texts (and, for clicks, any click). */
  comparisons: VariantComparison[];
  /** The primary metric's comparison (reply rate); null with fewer than two variants texted. */
  primary: VariantComparison | null;
  /** Set only when the primary comparison is significant. */
  winner: string | null;
  /** Clicks were counted for some variant (the click rate is shown only then). */
  hasClicks: boolean;
}

function compare(arms: readonly VariantArm[], metric: VariantRate): VariantComparison | null {
  const texted = arms.filter((a) => a.counts.sent > 0);
  if (texted.length < 2) return null;
  const sign = LOWER_IS_BETTER.has(metric) ? 1 : -1;
  const ranked = [...texted].sort((a, b) => sign * ((a.rates[metric]?.rate ?? 0) - (b.rates[metric]?.rate ?? 0)) || a.variant.localeCompare(b.variant));
  const [leader, runnerUp] = ranked as [VariantArm, VariantArm];
  const test = twoProportionZTest(leader.counts[metric], leader.counts.sent, runnerUp.counts[metric], runnerUp.counts.sent);
  const p = test?.p ?? 1;
  return { metric, leader: leader.variant, runnerUp: runnerUp.variant, p, significant: p < ALPHA };
}

/** The arms of one contact language (null: texts counted before languages were counted apart). */
export interface VariantGroup extends VariantStats {
  language: Lang | null;
}

const emptyCounts = (): Record<VariantMetric, number> => ({ sent: 0, delivered: 0, replied: 0, optOut: 0, positive: 0, clicked: 0 });

/**
 * Groups from the tallies of scope `campaign:<id>:variants`: keys `<language>/<variant>/<metric>`
 * make one group per language (in the supported languages' order), older keys
 * `<variant>/<metric>` one more group, last. Variants are compared only within their group.
 */
export function variantGroups(tallies: Readonly<Record<string, number>>): VariantGroup[] {
  const byLanguage = new Map<Lang | null, Map<string, Record<VariantMetric, number>>>();
  for (const [key, n] of Object.entries(tallies)) {
    const parts = key.split('/');
    const [language, variant, metric]: (string | null | undefined)[] = parts.length === 3 ? parts : [null, ...parts];
    if (language !== null && !(SUPPORTED_LANGS as readonly (string | null | undefined)[]).includes(language)) continue;
    if (!variant || !(VARIANT_METRICS as readonly (string | null | undefined)[]).includes(metric)) continue;
    const lang = language as Lang | null;
    let arms = byLanguage.get(lang);
    if (!arms) byLanguage.set(lang, (arms = new Map()));
    const counts = arms.get(variant) ?? emptyCounts();
    counts[metric as VariantMetric] += n;
    arms.set(variant, counts);
  }
  const order = (l: Lang | null): number => (l === null ? SUPPORTED_LANGS.length : SUPPORTED_LANGS.indexOf(l));
  return [...byLanguage.entries()].sort((a, b) => order(a[0]) - order(b[0])).map(([language, arms]) => ({ language, ...statsOf(arms) }));
}

/** One group's arms in id order, the comparisons between them and the winner. */
function statsOf(byVariant: ReadonlyMap<string, Record<VariantMetric, number>>): VariantStats {
  const arms: VariantArm[] = [...byVariant.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([variant, counts]) => ({
      variant,
      counts,
      rates: Object.fromEntries(VARIANT_RATES.map((m) => [m, wilsonInterval(counts[m], counts.sent)])) as Record<VariantRate, Interval | null>,
    }));
  const hasClicks = arms.some((a) => a.counts.clicked > 0);
  const comparisons = VARIANT_RATES.filter((m) => m !== 'clicked' || hasClicks).flatMap((m) => compare(arms, m) ?? []);
  const primary = comparisons.find((c) => c.metric === PRIMARY_METRIC) ?? null;
  return { arms, comparisons, primary, winner: primary?.significant ? primary.leader : null, hasClicks };
}
