// What one carrier outcome says about a sender's and a campaign's deliverability (R4.7, R6.3).
// Codes: https://www.twilio.com/docs/api/errors/<code>.
import type { MessageStatus } from '../model/message.js';

/**
 * - `ok`: delivered.
 * - `carrier_violation`: 30007, the carrier filtered the text as spam (content or volume).
 * - `unreachable`: the destination does not take texts: 30003 unreachable handset, 30005 unknown
 *   handset (the number may no longer exist), 30006 landline or unreachable carrier.
 * - `other`: any other carrier failure (counted in the window, never a trigger on its own).
 */
export type DeliverabilityOutcome = 'ok' | 'carrier_violation' | 'unreachable' | 'other';
export const DELIVERABILITY_OUTCOMES: readonly DeliverabilityOutcome[] = ['ok', 'carrier_violation', 'unreachable', 'other'];

export const CARRIER_VIOLATION_CODES: readonly string[] = ['30007'];
export const UNREACHABLE_CODES: readonly string[] = ['30003', '30005', '30006'];

/**
 * The carrier refused the text because a daily cap was reached: 63038 (the account exceeded its
 * daily messages limit, a rolling 24 h window) and 30023 (US A2P 10DLC daily message cap, the
 * T-Mobile brand cap of R4.2). The text itself is fine: it waits for the contact's next texting
 * window instead of failing, and it says nothing about the sender's deliverability.
 */
export const DAILY_CAP_CODES: readonly string[] = ['63038', '30023'];

export function isDailyCap(code: string | undefined): boolean {
  return code !== undefined && DAILY_CAP_CODES.includes(code);
}

/**
 * Failure codes we set ourselves (the text never reached the carrier, or was stopped by us):
 * they are not carrier outcomes and stay out of the window.
 */
const LOCAL_CODE = /^[a-z_]+$/;

/**
 * The outcome a terminal status stands for, or null when it is not one to count: not terminal
 * (queued, sending, sent, received), a local refusal, or a daily cap.
 */
export function classifyOutcome(status: MessageStatus, errorCode?: string): DeliverabilityOutcome | null {
  if (status === 'delivered') return 'ok';
  if (status !== 'failed' && status !== 'undelivered') return null;
  if (errorCode !== undefined && (LOCAL_CODE.test(errorCode) || isDailyCap(errorCode))) return null;
  if (errorCode !== undefined && CARRIER_VIOLATION_CODES.includes(errorCode)) return 'carrier_violation';
  if (errorCode !== undefined && UNREACHABLE_CODES.includes(errorCode)) return 'unreachable';
  return 'other';
}
