import { createHash } from 'node:crypto';

/**
 * Twilio-shaped message ids ('SM' + 32 hex), deterministic from a per-carrier counter:
 * the n-th id of a carrier with seed S is 'SM' + md5(`S:n`).
 */
export function createProviderIds(seed: string): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `SM${createHash('md5').update(`${seed}:${n}`).digest('hex')}`;
  };
}

export const PROVIDER_ID_PATTERN = /^SM[0-9a-f]{32}$/;
