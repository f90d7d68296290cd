/**
 * The org's number lookup cache in MongoDB. `claim` is one conditional upsert on the unique
 * (orgId, phone) index: it takes the record only when it holds no fresh result and no live claim;
 * when the filter refuses an existing record, the upsert's insert hits the index and the claim is
 * refused, so two workers can never both pay for one number.
 */
import type { CachedLookup, LineType, LookupRepository } from '../../core/ports.js';
import { LOOKUP_CACHE_MS } from '../../core/lookups/model.js';
import { isDuplicateKeyError } from './support.js';
import type { MongoContext } from './support.js';

type Lean = { phone: string; lineType?: string | null; carrier?: string | null; checkedAt?: Date | null };

const resultOf = (d: Lean): CachedLookup | undefined =>
  d.lineType && d.checkedAt ? { phone: d.phone, lineType: d.lineType as LineType, ...(d.carrier ? { carrier: d.carrier } : {}), checkedAt: d.checkedAt } : undefined;

const expiry = (from: Date): Date => new Date(from.getTime() + LOOKUP_CACHE_MS);

export function createMongoLookups({ models: { NumberLookup: Lookups } }: MongoContext): LookupRepository {
  return {
    async getFresh(orgId, phones, freshAfter) {
      const out = new Map<string, CachedLookup>();
      if (phones.length === 0) return out;
      const docs = await Lookups.find({ orgId, phone: { $in: [...phones] }, checkedAt: { $gte: freshAfter } }, { phone: 1, lineType: 1, carrier: 1, checkedAt: 1 }).lean<Lean[]>();
      for (const d of docs) {
        const r = resultOf(d);
        if (r) out.set(d.phone, r);
      }
      return out;
    },
    async claim(orgId, phone, holder, now, { freshAfter, staleBefore }) {
      try {
        const r = await Lookups.updateOne(
          {
            orgId,
            phone,
            $and: [
              { $or: [{ checkedAt: { $exists: false } }, { checkedAt: { $lt: freshAfter } }] },
              { $or: [{ holder: { $exists: false } }, { claimedAt: { $lt: staleBefore } }] },
            ],
          },
          { $set: { holder, claimedAt: now, expireAt: expiry(now) }, $setOnInsert: { orgId, phone } },
          { upsert: true },
        );
        if (r.matchedCount === 1 || r.upsertedCount === 1) return { kind: 'claimed' };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const d = await Lookups.findOne({ orgId, phone }).lean<Lean>();
      const result = d && d.checkedAt && d.checkedAt.getTime() >= freshAfter.getTime() ? resultOf(d) : undefined;
      return result ? { kind: 'cached', result } : { kind: 'busy' };
    },
    async complete(orgId, phone, holder, result, now) {
      const r = await Lookups.updateOne(
        { orgId, phone, holder },
        {
          $set: { lineType: result.lineType, checkedAt: now, expireAt: expiry(now), ...(result.carrier ? { carrier: result.carrier } : {}) },
          $unset: { holder: 1, claimedAt: 1, ...(result.carrier ? {} : { carrier: 1 }) },
        },
      );
      return r.matchedCount === 1;
    },
    async abandon(orgId, phone, holder) {
      await Lookups.updateOne({ orgId, phone, holder }, { $unset: { holder: 1, claimedAt: 1 } });
    },
  };
}
