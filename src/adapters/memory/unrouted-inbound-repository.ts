/** Inbound texts to senders no org owns, in memory. */
import type { UnroutedInboundRepository } from '../../core/ports.js';
import { UnroutedInbound } from '../../core/model/unrouted-inbound.js';
import { copy } from './support.js';
import type { MemoryContext } from './support.js';

const NewRecord = UnroutedInbound.omit({ id: true, adoptedBy: true });

export function createMemoryUnroutedInbound(ctx: MemoryContext): UnroutedInboundRepository {
  const records: UnroutedInbound[] = [];
  /** unique providerId */
  const byProvider = new Map<string, UnroutedInbound>();
  return {
    async record(m) {
      const existing = byProvider.get(m.providerId);
      if (existing) return { created: false, record: copy(existing) };
      const record: UnroutedInbound = { id: ctx.newId(), ...NewRecord.parse(m) };
      records.push(record);
      byProvider.set(record.providerId, record);
      return { created: true, record: copy(record) };
    },
    async listForSenders(keys, limit = 1000) {
      const wanted = new Set(keys);
      return records
        .filter((r) => wanted.has(r.to) || (r.messagingServiceSid !== undefined && wanted.has(r.messagingServiceSid)))
        .slice(0, Math.max(0, limit))
        .map(copy);
    },
    async markAdopted(id, orgId) {
      const r = records.find((x) => x.id === id);
      if (!r || r.adoptedBy !== undefined) return false;
      r.adoptedBy = orgId;
      return true;
    },
  };
}
