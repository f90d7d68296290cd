// Frequency caps per contact across the org's campaigns (R6.3, CONFIG), as a pure check.

export interface FrequencyCaps {
  /** Initial messages per contact per campaign. */
  readonly perCampaign: number;
  /** Initiations (initial messages, any campaign) in any rolling 24 h. */
  readonly per24h: number;
  /** Initiations in any rolling 7 days. */
  readonly per7d: number;
}

/**
 * R6.3 literally: "one initial message per campaign; at most 3 initiations per 24 h and 2 per week".
 * Note: a weekly cap (2) below the daily cap (3) makes the daily cap unreachable; the spec's
 * numbers are kept as written and left for ops/counsel to tune (R6.1 mentions 3 per 24 h for
 * FL/OK/MD commercial texts).
 */
export const DEFAULT_FREQUENCY_CAPS: FrequencyCaps = { perCampaign: 1, per24h: 3, per7d: 2 };

export interface SendHistoryEntry {
  readonly campaignId: string;
  readonly at: Date;
  /** True for a campaign's initial (first) message; replies in a conversation are not initiations. */
  readonly initial: boolean;
}

export interface FrequencyRequest {
  readonly campaignId: string;
  readonly at: Date;
}

export type FrequencyRefusal = 'already_messaged_in_campaign' | 'daily_cap' | 'weekly_cap';
/** Every refusal reason; i18n keys `rules:frequency.<reason>`. */
export const FREQUENCY_REFUSALS: readonly FrequencyRefusal[] = ['already_messaged_in_campaign', 'daily_cap', 'weekly_cap'];

export type FrequencyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: FrequencyRefusal; readonly retryAt?: Date };

const DAY_MS = 24 * 60 * 60 * 1000;

/** If `cap` initiations already fall in (at - windowMs, at], when the oldest that must age out does. */
function rollingCap(initiations: readonly number[], at: number, windowMs: number, cap: number): Date | undefined {
  const inWindow = initiations.filter((t) => t > at - windowMs && t <= at).sort((a, b) => a - b);
  if (inWindow.length < cap) return undefined;
  const oldestToExpire = inWindow[inWindow.length - cap] ?? at;
  return new Date(oldestToExpire + windowMs);
}

/**
 * R6.3: may this contact get an initial message from `request.campaignId` at `request.at`?
 * `history` is the contact's outbound history across the org. When both rolling caps are hit,
 * the one that frees up later is reported (its retryAt is the earliest time both hold).
 */
export function checkFrequency(
  history: readonly SendHistoryEntry[],
  request: FrequencyRequest,
  caps: FrequencyCaps = DEFAULT_FREQUENCY_CAPS,
): FrequencyResult {
  const initial = history.filter((h) => h.initial);
  const inCampaign = initial.filter((h) => h.campaignId === request.campaignId).length;
  if (inCampaign >= caps.perCampaign) return { ok: false, reason: 'already_messaged_in_campaign' };

  const at = request.at.getTime();
  const times = initial.map((h) => h.at.getTime());
  const daily = rollingCap(times, at, DAY_MS, caps.per24h);
  const weekly = rollingCap(times, at, 7 * DAY_MS, caps.per7d);
  if (weekly && (!daily || weekly >= daily)) return { ok: false, reason: 'weekly_cap', retryAt: weekly };
  if (daily) return { ok: false, reason: 'daily_cap', retryAt: daily };
  return { ok: true };
}
