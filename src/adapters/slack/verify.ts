/**
 * Slack request signatures (R7.2, R7.4): `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{rawBody}`
 * keyed with the signing secret, compared in constant time by Bolt's `verifySlackRequest`, on
 * the raw bytes before any parsing. Requests whose timestamp is more than 5 minutes off the
 * clock (either way: Bolt checks only the past) are refused as replays.
 */
import { verifySlackRequest } from '@slack/bolt';

export const MAX_SKEW_SECONDS = 300;

export type VerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale' | 'future' | 'bad_signature';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  signingSecret: string;
  /** The body exactly as received. */
  rawBody: string;
  /** X-Slack-Request-Timestamp */
  timestamp: string | undefined;
  /** X-Slack-Signature */
  signature: string | undefined;
  nowMs: number;
}

export function verifySlackSignature(input: VerifyInput): VerifyResult {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const ts = Number(timestamp);
  const nowSec = Math.floor(input.nowMs / 1000);
  if (ts > nowSec + MAX_SKEW_SECONDS) return { ok: false, reason: 'future' };
  if (ts < nowSec - MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  try {
    verifySlackRequest({
      signingSecret: input.signingSecret,
      body: input.rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
      nowMilliseconds: input.nowMs,
    });
  } catch {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true };
}
