/**
 * Why the Discord gateway refused or dropped the bot, from a close code or the error discord.js
 * rejects `login()` with (pure). Fatal causes are the ones only a person can fix: 4004 (the token
 * is wrong or was reset: README "Set up Discord" step 1), 4014 (a privileged intent, Message
 * Content, is off: step 2), and 4010-4013 (a setup the bot cannot fix by retrying). Reasons never
 * carry the token: they come from close codes and discord.js's own error messages.
 */
export type GatewayFailureKind = 'disallowed_intents' | 'auth_failed' | 'refused' | 'transient';

export interface GatewayFailure {
  kind: GatewayFailureKind;
  /** Only a person can fix it (retried slowly). */
  fatal: boolean;
  /** The gateway close code, when there was one. */
  code?: number;
  /** A short technical reason for the log (never the token). */
  reason: string;
}

export const CLOSE = { authenticationFailed: 4004, invalidShard: 4010, shardingRequired: 4011, invalidApiVersion: 4012, invalidIntents: 4013, disallowedIntents: 4014 } as const;

const CLOSE_REASONS: Record<number, string> = {
  4000: 'unknown error',
  4001: 'unknown opcode',
  4002: 'decode error',
  4003: 'not authenticated',
  4004: 'authentication failed',
  4005: 'already authenticated',
  4007: 'invalid sequence',
  4008: 'rate limited',
  4009: 'session timed out',
  4010: 'invalid shard',
  4011: 'sharding required',
  4012: 'invalid API version',
  4013: 'invalid intents',
  4014: 'disallowed intents',
};

/** discord.js (@discordjs/ws) rejects login() with these messages on the fatal close codes. */
const MESSAGE_CODES: [RegExp, number][] = [
  [/disallowed intents/i, CLOSE.disallowedIntents],
  [/authentication failed/i, CLOSE.authenticationFailed],
  [/invalid intents/i, CLOSE.invalidIntents],
  [/invalid api version/i, CLOSE.invalidApiVersion],
  [/sharding is required/i, CLOSE.shardingRequired],
  [/invalid shard/i, CLOSE.invalidShard],
];

const MAX_REASON = 200;

export function classifyClose(code: number): GatewayFailure {
  const reason = CLOSE_REASONS[code] ?? 'connection closed';
  if (code === CLOSE.disallowedIntents) return { kind: 'disallowed_intents', fatal: true, code, reason };
  if (code === CLOSE.authenticationFailed) return { kind: 'auth_failed', fatal: true, code, reason };
  if (code >= CLOSE.invalidShard && code <= CLOSE.invalidIntents) return { kind: 'refused', fatal: true, code, reason };
  return { kind: 'transient', fatal: false, code, reason };
}

/** A login() rejection; `closeCode` is the close code seen during that login, when one was. */
export function classifyLoginError(err: unknown, closeCode?: number): GatewayFailure {
  if (closeCode !== undefined && classifyClose(closeCode).fatal) return classifyClose(closeCode);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  // DiscordjsError TokenInvalid: no token, or GET /gateway/bot answered 401.
  if (code === 'TokenInvalid') return { kind: 'auth_failed', fatal: true, reason: 'the token was refused (401)' };
  const message = err instanceof Error ? err.message : String(err);
  for (const [pattern, close] of MESSAGE_CODES) if (pattern.test(message)) return classifyClose(close);
  if (closeCode !== undefined) return classifyClose(closeCode);
  return { kind: 'transient', fatal: false, reason: message.slice(0, MAX_REASON) || 'login failed' };
}
