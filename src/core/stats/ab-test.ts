// The statistics behind A/B script variants: a Wilson score interval for one rate and a
// two-proportion z-test between two variants. Pure arithmetic; no sampling, no state.

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;
/** Significance level below which a difference names a winner. */
export const ALPHA = 0.05;

/**
 * erf(x) by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7), odd-extended to x < 0.
 * Precise enough for p-values compared with 0.05 and shown to two or three digits.
 */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return sign * (1 - poly * Math.exp(-a * a));
}

/** The standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

export interface Interval {
  /** successes / trials, 0..1. */
  rate: number;
  low: number;
  high: number;
}

/** Wilson score interval at 95% for `successes` of `trials`; null with no trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  const x = Math.min(Math.max(successes, 0), trials);
  const p = x / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { rate: p, low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export interface ZTest {
  z: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Two-proportion z-test with the pooled proportion (H0: both rates equal), two-sided. Null when
 * either side has no trials; p = 1 when no trial differs (all successes or none on both sides).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return { z, p: Math.min(1, Math.max(0, p)) };
}
