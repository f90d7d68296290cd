/** The org-wide suppression list (R1.2, R1.5), in memory; unique per (orgId, phone). */
import type { OptOutRepository } from '../../core/ports.js';
import { OptOut } from '../../core/model/opt-out.js';
import { byId, copy, key } from './support.js';
import type { MemoryContext } from './support.js';

const NewOptOutRecord = OptOut.omit({ id: true });

/** The memory opt-out list, plus a synchronous check the contacts table uses for segments. */
export interface MemoryOptOuts extends OptOutRepository {
  /** The org's opted-out phones (live; undefined when it has none yet): one lookup per org, not per phone. */
  phonesOf(orgId: string): ReadonlySet<string> | undefined;
}

export function createMemoryOptOuts(ctx: MemoryContext): MemoryOptOuts {
  const optOuts = new Map<string, OptOut>();
  /** unique (orgId, phone) */
  const byPhone = new Map<string, string>();
  /** orgId -> phones, for segments (a set per org: no key built per contact). */
  const phonesByOrg = new Map<string, Set<string>>();
  const find = (orgId: string, phone: string): OptOut | undefined => {
    const id = byPhone.get(key(orgId, phone));
    return id === undefined ? undefined : optOuts.get(id);
  };

  return {
    phonesOf: (orgId) => phonesByOrg.get(orgId),
    async record(orgId, o) {
      // Validated first, as in Mongo, even when the phone is already opted out.
      const parsed = NewOptOutRecord.parse({ ...o, orgId });
      const existing = find(orgId, parsed.phone);
      if (existing) return { created: false, optOut: copy(existing) };
      const record: OptOut = { id: ctx.newId(), ...parsed };
      optOuts.set(record.id, record);
      byPhone.set(key(orgId, record.phone), record.id);
      let phones = phonesByOrg.get(orgId);
      if (!phones) phonesByOrg.set(orgId, (phones = new Set()));
      phones.add(record.phone);
      return { created: true, optOut: copy(record) };
    },
    async isOptedOut(orgId, phone) {
      return find(orgId, phone) !== undefined;
    },
    async get(orgId, phone) {
      const o = find(orgId, phone);
      return o ? copy(o) : null;
    },
    async filterOptedOut(orgId, phones) {
      return new Set(phones.filter((p) => find(orgId, p) !== undefined));
    },
    async remove(orgId, phone) {
      const o = find(orgId, phone);
      if (!o) return null;
      optOuts.delete(o.id);
      byPhone.delete(key(orgId, phone));
      phonesByOrg.get(orgId)?.delete(phone);
      return copy(o);
    },
    async markConfirmationSent(orgId, optOutId, at) {
      const o = optOuts.get(optOutId);
      if (!o || o.orgId !== orgId || o.confirmationAt !== undefined) return false;
      o.confirmationAt = at;
      return true;
    },
    async list(orgId, opts = {}) {
      // `after` is an id from an earlier page; anything else names no position (as in Mongo).
      if (opts.after !== undefined && !/^[0-9a-f]{24}$/i.test(opts.after)) return [];
      const all = [...optOuts.values()].filter((o) => o.orgId === orgId && (opts.after === undefined || o.id > opts.after)).sort(byId);
      return (opts.limit === undefined ? all : all.slice(0, Math.max(0, opts.limit))).map(copy);
    },
    async count(orgId) {
      let n = 0;
      for (const o of optOuts.values()) if (o.orgId === orgId) n += 1;
      return n;
    },
  };
}
