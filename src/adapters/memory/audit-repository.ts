/** The append-only audit log (R5.3), in memory. */
import type { AuditRepository } from '../../core/ports.js';
import { AuditEvent } from '../../core/model/audit.js';
import { copy } from './support.js';
import type { MemoryContext } from './support.js';

const NewAuditRecord = AuditEvent.omit({ id: true });

/** Newest first, then newest id. */
const newestFirst = (a: AuditEvent, b: AuditEvent): number =>
  b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function createMemoryAudit(ctx: MemoryContext): AuditRepository {
  const byOrg = new Map<string, AuditEvent[]>();
  return {
    async append(e) {
      const record: AuditEvent = { id: ctx.newId(), ...NewAuditRecord.parse(e) };
      let list = byOrg.get(record.orgId);
      if (!list) byOrg.set(record.orgId, (list = []));
      list.push(record);
      return copy(record);
    },
    async list(orgId, filter = {}) {
      const all = (byOrg.get(orgId) ?? [])
        .filter((e) => (filter.action === undefined || e.action === filter.action) && (filter.subjectId === undefined || e.subject.id === filter.subjectId))
        .sort(newestFirst);
      return (filter.limit === undefined ? all : all.slice(0, Math.max(0, filter.limit))).map(copy);
    },
  };
}
