/**
 * When to try the Discord gateway again (pure; no clock, no randomness of its own). A transient
 * loss backs off exponentially from `firstMs`, capped at `capMs`, with "equal jitter" (half the
 * step fixed, half random) so several processes do not reconnect in step. A fatal refusal (a
 * bad token, a privileged intent that is off) cannot heal by itself: it is retried slowly, every
 * `fatalMs`, so a fix made in the developer portal is picked up without hammering Discord.
 */
export interface BackoffPolicy {
  firstMs: number;
  capMs: number;
  fatalMs: number;
}

export const GATEWAY_BACKOFF: BackoffPolicy = { firstMs: 1_000, capMs: 60_000, fatalMs: 300_000 };

/**
 * The wait before retry number `attempt` (1 for the first retry). `random` is a number in [0, 1)
 * (Math.random() in production; fixed in tests).
 */
export function reconnectDelay(attempt: number, fatal: boolean, random: number, policy: BackoffPolicy = GATEWAY_BACKOFF): number {
  if (fatal) return policy.fatalMs;
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** 30 already dwarfs any sane cap; bounding the exponent keeps the arithmetic finite.
  const step = Math.min(policy.capMs, policy.firstMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}
