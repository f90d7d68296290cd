/** The org's number lookup cache, in memory: one record per (org, phone); every method is one synchronous step. */
import type { CachedLookup, LineType, LookupRepository } from '../../core/ports.js';
import { key } from './support.js';

interface LookupRecord {
  orgId: string;
  phone: string;
  lineType?: LineType;
  carrier?: string;
  checkedAt?: Date;
  holder?: string;
  claimedAt?: Date;
}

const resultOf = (r: LookupRecord): CachedLookup | undefined =>
  r.lineType && r.checkedAt ? { phone: r.phone, lineType: r.lineType, ...(r.carrier ? { carrier: r.carrier } : {}), checkedAt: new Date(r.checkedAt) } : undefined;

const isFresh = (r: LookupRecord, freshAfter: Date): boolean => r.checkedAt !== undefined && r.checkedAt.getTime() >= freshAfter.getTime();

export function createMemoryLookups(): LookupRepository {
  const records = new Map<string, LookupRecord>();
  return {
    async getFresh(orgId, phones, freshAfter) {
      const out = new Map<string, CachedLookup>();
      for (const phone of phones) {
        const r = records.get(key(orgId, phone));
        const result = r && isFresh(r, freshAfter) ? resultOf(r) : undefined;
        if (result) out.set(phone, result);
      }
      return out;
    },
    async claim(orgId, phone, holder, now, { freshAfter, staleBefore }) {
      const k = key(orgId, phone);
      const r = records.get(k) ?? { orgId, phone };
      const result = isFresh(r, freshAfter) ? resultOf(r) : undefined;
      if (result) return { kind: 'cached', result };
      if (r.holder !== undefined && r.claimedAt !== undefined && r.claimedAt.getTime() >= staleBefore.getTime()) return { kind: 'busy' };
      r.holder = holder;
      r.claimedAt = new Date(now);
      records.set(k, r);
      return { kind: 'claimed' };
    },
    async complete(orgId, phone, holder, result, now) {
      const r = records.get(key(orgId, phone));
      if (!r || r.holder !== holder) return false;
      r.lineType = result.lineType;
      if (result.carrier) r.carrier = result.carrier;
      else delete r.carrier;
      r.checkedAt = new Date(now);
      delete r.holder;
      delete r.claimedAt;
      return true;
    },
    async abandon(orgId, phone, holder) {
      const r = records.get(key(orgId, phone));
      if (!r || r.holder !== holder) return;
      delete r.holder;
      delete r.claimedAt;
    },
  };
}

