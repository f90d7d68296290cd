/** Counters by scope in MongoDB: one upserted document per (org, scope), `$inc` per key. */
import type { TallyRepository } from '../../core/ports.js';
import { AppError } from '../../core/errors.js';
import type { MongoContext } from './support.js';
import { isDuplicateKeyError } from './support.js';

export function createMongoTallies({ models: { Tally } }: MongoContext): TallyRepository {
  return {
    async increment(orgId, scope, deltas) {
      const inc: Record<string, number> = {};
      for (const [k, d] of Object.entries(deltas)) {
        if (k === '' || k.includes('.') || k.startsWith('$')) throw new AppError('INVALID_KEY', `tally key not allowed: ${JSON.stringify(k)}`);
        inc[`counts.${k}`] = d;
      }
      if (Object.keys(inc).length === 0) return;
      const update = () => Tally.updateOne({ orgId, scope }, { $inc: inc, $setOnInsert: { orgId, scope } }, { upsert: true });
      try {
        await update();
      } catch (err) {
        // Two first increments can race on the upsert; the loser retries as a plain $inc.
        if (!isDuplicateKeyError(err)) throw err;
        await update();
      }
    },
    async get(orgId, scope) {
      const doc = await Tally.findOne({ orgId, scope }).lean();
      return { ...((doc?.counts as Record<string, number> | undefined) ?? {}) };
    },
  };
}
