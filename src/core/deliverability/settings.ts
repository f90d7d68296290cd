// The org's deliverability thresholds (`/textbank settings deliverability_*`): warn above one
// share of carrier violations or unreachable destinations in the last N sends, pause first texts
// above a second share.
import { z } from 'zod';

export const DELIVERABILITY_DEFAULTS = { warnPercent: 3, pausePercent: 8, window: 200 } as const;
/** Bounds of the settings (the window is also the size of the stored rolling window). */
export const DELIVERABILITY_LIMITS = { percentMin: 1, percentMax: 100, windowMin: 50, windowMax: 1000 } as const;

/**
 * Nothing is judged on fewer than this many outcomes (or the whole window when it is smaller): 3%
 * of 10 sends is one unlucky number. 50 outcomes make a 3% warning mean at least 2 bad outcomes
 * and an 8% pause at least 5.
 */
export const DELIVERABILITY_MIN_SAMPLE = 50;

export const DeliverabilitySettings = z
  .object({
    warnPercent: z.number().min(DELIVERABILITY_LIMITS.percentMin).max(DELIVERABILITY_LIMITS.percentMax),
    pausePercent: z.number().min(DELIVERABILITY_LIMITS.percentMin).max(DELIVERABILITY_LIMITS.percentMax),
    window: z.number().int().min(DELIVERABILITY_LIMITS.windowMin).max(DELIVERABILITY_LIMITS.windowMax),
  })
  .refine((s) => s.warnPercent < s.pausePercent, { message: 'the warning threshold must be below the pause threshold', path: ['warnPercent'] });
export type DeliverabilitySettings = z.infer<typeof DeliverabilitySettings>;

/** The org's thresholds, the defaults for what it has not set. */
export function deliverabilityOf(org: { deliverability?: Partial<DeliverabilitySettings> | undefined }): DeliverabilitySettings {
  return { ...DELIVERABILITY_DEFAULTS, ...(org.deliverability ?? {}) };
}

/** How many outcomes the window must hold before it is judged. */
export function minSampleOf(settings: Pick<DeliverabilitySettings, 'window'>): number {
  return Math.min(DELIVERABILITY_MIN_SAMPLE, settings.window);
}
