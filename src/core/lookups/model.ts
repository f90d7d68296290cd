// Number lookup in the domain's terms: how long a result stays good, how a run's report is kept
// (named tallies, so a run resumed after a crash keeps counting where it stopped) and the job
// payload. A lookup run is the `lookup.run` job over one campaign's pending contacts.
import { z } from 'zod';
import { ChatRef, Id, Lang } from '../model/common.js';
import type { LineType, NumberLookupFailure } from '../ports.js';

/** A stored result is reused (costs nothing) for this long. */
export const LOOKUP_CACHE_DAYS = 90;
export const LOOKUP_CACHE_MS = LOOKUP_CACHE_DAYS * 24 * 60 * 60_000;
/**
 * A claim still pending after this long was left by a worker that died mid-call. Until then the
 * number is not asked again (the provider may already have billed the lost answer).
 */
export const LOOKUP_CLAIM_STALE_MS = 60 * 60_000;

export const LINE_TYPES: readonly LineType[] = ['mobile', 'landline', 'voip', 'unknown'];
/** Line types that cannot receive a text: the contact leaves the pool (status `landline`). */
export const UNTEXTABLE_LINE_TYPES: readonly LineType[] = ['landline', 'voip'];

/** Why a number got no result in this run (provider failures, plus a claim someone else holds). */
export type LookupFailureReason = NumberLookupFailure | 'in_progress';
export const LOOKUP_FAILURE_REASONS: readonly LookupFailureReason[] = ['not_found', 'invalid', 'not_covered', 'no_credit', 'rate_limited', 'unavailable', 'unauthorized', 'in_progress'];

/** Failures after which every further call would fail too: the run stops and says why. */
export type LookupStop = 'no_credit' | 'unauthorized';

export interface LookupReport {
  /** Contacts the run set out to cover (at its first start). */
  total: number;
  lineTypes: Record<LineType, number>;
  /** Results taken from the org's cache (no charge). */
  cached: number;
  /** Results the provider answered in this run (charged). */
  paid: number;
  failed: Partial<Record<LookupFailureReason, number>>;
  /** Set when the run ended (a re-delivered job then does nothing). */
  finished: boolean;
  stopped?: LookupStop;
}

/** Tally scope of one run's report (store.tallies: atomic $inc, survives a crash). */
export const lookupRunScope = (runId: string): string => `lookup:${runId}`;

export function reportOfTallies(t: Record<string, number>): LookupReport {
  const failed: LookupReport['failed'] = {};
  for (const r of LOOKUP_FAILURE_REASONS) if ((t[`failed/${r}`] ?? 0) > 0) failed[r] = t[`failed/${r}`];
  const stopped = (['no_credit', 'unauthorized'] as const).find((s) => (t[`stopped/${s}`] ?? 0) > 0);
  return {
    total: t.total ?? 0,
    lineTypes: { mobile: t['line/mobile'] ?? 0, landline: t['line/landline'] ?? 0, voip: t['line/voip'] ?? 0, unknown: t['line/unknown'] ?? 0 },
    cached: t.cached ?? 0,
    paid: t.paid ?? 0,
    failed,
    finished: (t.finished ?? 0) > 0,
    ...(stopped ? { stopped } : {}),
  };
}

/** Contacts the run has dealt with so far (a result or a failure). */
export function doneOf(r: LookupReport): number {
  return Object.values(r.lineTypes).reduce((a, b) => a + b, 0) + Object.values(r.failed).reduce((a, b) => a + (b ?? 0), 0);
}

/** What a run costs or cost: `count` lookups at the configured unit price (rounded to cents' hundredths). */
export const costOf = (count: number, unitPrice: number): number => Math.round(count * unitPrice * 10_000) / 10_000;

/** Payload of the `lookup.run` job: ids and where to report; everything else is re-read from the store. */
export const LookupRunJob = z.object({
  orgId: Id,
  campaignId: Id,
  runId: z.string().min(1).max(64),
  requestedBy: z.object({ memberId: Id, platformUserId: z.string().min(1).max(64), lang: Lang }),
  progressRef: ChatRef.optional(),
});
export type LookupRunJob = z.infer<typeof LookupRunJob>;
