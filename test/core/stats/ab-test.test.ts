import { describe, expect, it } from 'vitest';
import { erf, normalCdf, twoProportionZTest, wilsonInterval } from '../../../src/core/stats/ab-test.js';
import { variantGroups } from '../../../src/core/stats/variant-stats.js';

describe('A/B statistics (values checked against Python statistics.NormalDist)', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517796],
    [-2.5758293035489, 0.005],
    [3, 0.9986501019683699],
  ])('normalCdf(%f) = %f', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 6);
  });

  it('erf is odd and saturates', () => {
    expect(erf(-0.5)).toBeCloseTo(-erf(0.5), 12);
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 6);
    expect(erf(6)).toBeCloseTo(1, 9);
  });

  it('Wilson 95% intervals', () => {
    const a = wilsonInterval(125, 1000);
    expect(a?.rate).toBe(0.125);
    expect(a?.low).toBeCloseTo(0.10592623, 6);
    expect(a?.high).toBeCloseTo(0.14694384, 6);
    const zero = wilsonInterval(0, 10);
    expect(zero?.low).toBe(0);
    expect(zero?.high).toBeCloseTo(0.2775328, 6);
    const all = wilsonInterval(10, 10);
    expect(all?.low).toBeCloseTo(0.7224672, 6);
    expect(all?.high).toBeCloseTo(1, 9);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('two-proportion z-test', () => {
    const t1 = twoProportionZTest(120, 1000, 90, 1000);
    expect(t1?.z).toBeCloseTo(2.1882659, 5);
    expect(t1?.p).toBeCloseTo(0.0286502, 5);
    expect(twoProportionZTest(30, 200, 25, 200)?.p).toBeCloseTo(0.4678670, 5);
    expect(twoProportionZTest(10, 20, 2, 20)?.p).toBeCloseTo(0.0057755, 5);
    expect(twoProportionZTest(0, 10, 0, 10)).toEqual({ z: 0, p: 1 });
    expect(twoProportionZTest(1, 0, 1, 10)).toBeNull();
  });
});

describe('variantGroups', () => {
  it('names the reply-rate leader the winner only when p < 0.05', () => {
    const [s, ...rest] = variantGroups({ 'en/A/sent': 1000, 'en/A/replied': 90, 'en/B/sent': 1000, 'en/B/replied': 120, 'en/B/optOut': 5, 'en/A/optOut': 9 });
    expect(rest).toEqual([]);
    expect(s?.language).toBe('en');
    expect(s?.arms.map((a) => a.variant)).toEqual(['A', 'B']);
    expect(s?.primary).toMatchObject({ metric: 'replied', leader: 'B', runnerUp: 'A', significant: true });
    expect(s?.primary?.p).toBeCloseTo(0.0286502, 5);
    expect(s?.winner).toBe('B');
    // Opt-outs: lower is better, so A (9) trails B (5).
    expect(s?.comparisons.find((c) => c.metric === 'optOut')).toMatchObject({ leader: 'B', runnerUp: 'A', significant: false });
    expect(s?.hasClicks).toBe(false);
    expect(s?.comparisons.some((c) => c.metric === 'clicked')).toBe(false);
  });

  it('no winner when the difference is not significant; clicks compared once counted', () => {
    const [s] = variantGroups({ 'es/A/sent': 200, 'es/A/replied': 25, 'es/B/sent': 200, 'es/B/replied': 30, 'es/A/clicked': 3 });
    expect(s?.language).toBe('es');
    expect(s?.winner).toBeNull();
    expect(s?.primary?.p).toBeCloseTo(0.4678670, 5);
    expect(s?.hasClicks).toBe(true);
    expect(s?.comparisons.some((c) => c.metric === 'clicked')).toBe(true);
  });

  it('one variant texted: rates, no comparison; no tallies: no group', () => {
    const [s] = variantGroups({ 'en/A/sent': 10, 'en/A/replied': 2 });
    expect(s?.arms[0]?.rates.replied?.rate).toBe(0.2);
    expect(s?.primary).toBeNull();
    expect(s?.winner).toBeNull();
    expect(variantGroups({})).toEqual([]);
  });

  it('compares variants only within a language: B in English and B in Spanish are different texts', () => {
    // English: B clearly ahead. Spanish: A ahead, not significantly. Merged, B would lead overall.
    const groups = variantGroups({
      'es/A/sent': 100, 'es/A/replied': 14, 'es/B/sent': 100, 'es/B/replied': 10,
      'en/A/sent': 1000, 'en/A/replied': 90, 'en/B/sent': 1000, 'en/B/replied': 120,
    });
    expect(groups.map((g) => g.language)).toEqual(['en', 'es']);
    expect(groups.map((g) => g.arms.map((a) => [a.variant, a.counts.sent, a.counts.replied]))).toEqual([
      [['A', 1000, 90], ['B', 1000, 120]],
      [['A', 100, 14], ['B', 100, 10]],
    ]);
    expect(groups[0]).toMatchObject({ winner: 'B', primary: { leader: 'B', runnerUp: 'A', significant: true } });
    expect(groups[1]).toMatchObject({ winner: null, primary: { leader: 'A', runnerUp: 'B', significant: false } });
  });

  it('keys counted before languages were (`<variant>/<metric>`) read as their own group, last; unknown languages and metrics are ignored', () => {
    const groups = variantGroups({ 'A/sent': 50, 'A/replied': 5, 'B/sent': 40, 'es/A/sent': 7, 'fr/A/sent': 9, 'en/A/bogus': 3, 'en/A/sent/extra': 2 });
    expect(groups.map((g) => [g.language, g.arms.map((a) => [a.variant, a.counts.sent])])).toEqual([
      ['es', [['A', 7]]],
      [null, [['A', 50], ['B', 40]]],
    ]);
  });
});
