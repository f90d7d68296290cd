// Judges a rolling window of carrier outcomes against the org's thresholds (pure).
import type { DeliverabilitySettings } from './settings.js';
import { minSampleOf } from './settings.js';
import type { DeliverabilityCounts } from './store-port.js';

export type DeliverabilityLevel = 'none' | 'warn' | 'pause';

export interface DeliverabilityVerdict {
  level: DeliverabilityLevel;
  /** What crossed (the worse of the two shares when both did). */
  cause: 'carrier_violation' | 'unreachable' | null;
  /** Shares of the window in percent (one decimal). */
  violationPercent: number;
  unreachablePercent: number;
  size: number;
}

const percent = (n: number, size: number): number => (size === 0 ? 0 : Math.round((n / size) * 1000) / 10);

/**
 * `warn` when carrier violations or unreachable destinations are above `warnPercent` of the
 * window, `pause` above `pausePercent`; `none` while the window holds fewer than the minimum sample.
 * Shares are compared exactly (not the rounded percent shown to people).
 */
export function evaluateWindow(counts: DeliverabilityCounts, settings: DeliverabilitySettings): DeliverabilityVerdict {
  const { size } = counts;
  const violationPercent = percent(counts.carrierViolation, size);
  const unreachablePercent = percent(counts.unreachable, size);
  const base = { violationPercent, unreachablePercent, size };
  if (size < minSampleOf(settings)) return { level: 'none', cause: null, ...base };
  const worst = Math.max(counts.carrierViolation, counts.unreachable);
  const cause = counts.carrierViolation >= counts.unreachable ? 'carrier_violation' : 'unreachable';
  if (worst * 100 > settings.pausePercent * size) return { level: 'pause', cause, ...base };
  if (worst * 100 > settings.warnPercent * size) return { level: 'warn', cause, ...base };
  return { level: 'none', cause: null, ...base };
}
