/**
 * Webhook signatures: `Textbank-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<t>.<body>` with the webhook's secret (the README shows a receiver verifying it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Textbank-Signature';
export const EVENT_ID_HEADER = 'Textbank-Event-Id';

export function signatureHeader(secret: string, timestamp: Date, body: string): string {
  const t = Math.floor(timestamp.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Checks a header against the raw body (constant-time) and the timestamp against `toleranceSec`. */
export function verifySignature(secret: string, header: string, body: string, now: Date, toleranceSec = 300): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}
