// The Store's deliverability windows (part of the Store port; both stores, contract-tested).
import type { DeliverabilityOutcome } from './outcome.js';

/** A rolling window is kept per (org, key): `sender:<number or service>` and `campaign:<id>`. */
export const windowKey = {
  sender: (sender: string) => `sender:${sender}`,
  campaign: (campaignId: string) => `campaign:${campaignId}`,
};

export interface DeliverabilityCounts {
  /** Outcomes in the window (at most its max). */
  size: number;
  ok: number;
  carrierViolation: number;
  unreachable: number;
  other: number;
}

/** The window's counts and which alerts already fired for the crossing in progress. */
export interface DeliverabilityWindow extends DeliverabilityCounts {
  warned: boolean;
  paused: boolean;
}

export type DeliverabilityFlag = 'warned' | 'paused';

export interface DeliverabilityRepository {
  /**
   * Atomic, one single-document write: appends `outcome` to the (org, key) window, keeps only the
   * newest `max`, and returns the window after the write. Concurrent records lose nothing.
   */
  record(orgId: string, key: string, outcome: DeliverabilityOutcome, max: number): Promise<DeliverabilityWindow>;
  /** The window now (empty when none was recorded). */
  get(orgId: string, key: string): Promise<DeliverabilityWindow>;
  /** Atomic: sets the flag if it is not set; true exactly once per crossing (so one worker posts). */
  fire(orgId: string, key: string, flag: DeliverabilityFlag): Promise<boolean>;
  /** Clears the flag (the share went back under its threshold): the next crossing fires again. */
  rearm(orgId: string, key: string, flag: DeliverabilityFlag): Promise<void>;
  /** Empties the window and clears its flags (an organizer resumed: judge fresh sends only). */
  reset(orgId: string, key: string): Promise<void>;
}

/** Counts of a list of outcomes (both stores use it to answer from the stored window). */
export function countOutcomes(outcomes: readonly string[]): DeliverabilityCounts {
  const counts: DeliverabilityCounts = { size: outcomes.length, ok: 0, carrierViolation: 0, unreachable: 0, other: 0 };
  for (const o of outcomes) {
    if (o === 'ok') counts.ok += 1;
    else if (o === 'carrier_violation') counts.carrierViolation += 1;
    else if (o === 'unreachable') counts.unreachable += 1;
    else counts.other += 1;
  }
  return counts;
}
