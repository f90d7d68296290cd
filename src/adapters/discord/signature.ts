/**
 * R7.3 / R7.4: Discord signs each HTTP interaction with Ed25519 over `X-Signature-Timestamp +
 * rawBody`; the hex signature is in `X-Signature-Ed25519`. Verified on the raw bytes before any
 * parsing, with the application's public key (64 hex characters). Timestamps older (or newer)
 * than 300 s are refused: Discord states no freshness window, so this is our replay bound.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const MAX_SKEW_SECONDS = 300;

/** The application's hex public key as a node:crypto key (raw 32 bytes wrapped as JWK). */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('DISCORD_PUBLIC_KEY: expected 64 hex characters');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyDiscordSignature(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowMs: number,
  maxSkewSeconds = MAX_SKEW_SECONDS,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return { ok: false, reason: 'stale' };
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]);
  return verify(null, message, key, Buffer.from(signature, 'hex')) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
