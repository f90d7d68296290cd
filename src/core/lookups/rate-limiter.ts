// Paces provider calls to at most `perSecond`, reading time from the Clock (tests pass a fake
// clock whose sleep moves time on). Calls are spaced evenly rather than sent in bursts: a
// provider counts its rate limit over short windows.
import type { Clock } from '../ports.js';

export interface RateLimiter {
  /** Resolves when the next call may go out. */
  take(): Promise<void>;
}

export function createRateLimiter(clock: Clock, perSecond: number, sleep: (ms: number) => Promise<void>): RateLimiter {
  const gapMs = 1_000 / Math.max(perSecond, 0.001);
  let nextAt = -Infinity;
  return {
    async take() {
      const now = clock.now().getTime();
      if (now < nextAt) await sleep(nextAt - now);
      nextAt = Math.max(now, nextAt) + gapMs;
    },
  };
}
