/** The append-only audit log (R5.3) in MongoDB. */
import { Types } from 'mongoose';
import type { AuditRepository } from '../../core/ports.js';
import { AuditEvent } from '../../core/model/audit.js';
import { auditToDomain } from './to-domain.js';
import type { MongoContext } from './support.js';

const NewAuditRecord = AuditEvent.omit({ id: true });

export function createMongoAudit({ models: { Audit } }: MongoContext): AuditRepository {
  return {
    async append(e) {
      const record = NewAuditRecord.parse(e);
      const _id = new Types.ObjectId();
      await Audit.create({ _id, ...record });
      return { id: _id.toHexString(), ...record };
    },
    async list(orgId, filter = {}) {
      if (filter.limit !== undefined && filter.limit <= 0) return [];
      const query = Audit.find({
        orgId,
        ...(filter.action !== undefined ? { action: filter.action } : {}),
        ...(filter.subjectId !== undefined ? { 'subject.id': filter.subjectId } : {}),
      }).sort({ at: -1, _id: -1 });
      const docs = await (filter.limit === undefined ? query : query.limit(filter.limit)).lean();
      return docs.map(auditToDomain);
    },
  };
}
