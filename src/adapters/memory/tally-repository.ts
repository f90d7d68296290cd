/** Counters by scope (survey tallies, per-volunteer counts, failures by code), in memory. */
import type { TallyRepository } from '../../core/ports.js';
import { AppError } from '../../core/errors.js';

export function createMemoryTallies(): TallyRepository {
  const byScope = new Map<string, Map<string, number>>();
  return {
    async increment(orgId, scope, deltas) {
      for (const k of Object.keys(deltas)) assertKey(k);
      const id = `${orgId}\u0000${scope}`;
      let counts = byScope.get(id);
      if (!counts) byScope.set(id, (counts = new Map()));
      for (const [k, d] of Object.entries(deltas)) counts.set(k, (counts.get(k) ?? 0) + d);
    },
    async get(orgId, scope) {
      return Object.fromEntries(byScope.get(`${orgId}\u0000${scope}`) ?? []);
    },
  };
}

/** Same rule as MongoDB field names, so both stores refuse the same keys. */
export function assertKey(k: string): void {
  if (k === '' || k.includes('.') || k.startsWith('$')) throw new AppError('INVALID_KEY', `tally key not allowed: ${JSON.stringify(k)}`);
}
