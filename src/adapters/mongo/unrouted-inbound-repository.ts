/** Inbound texts to senders no org owns, in MongoDB. */
import { Types } from 'mongoose';
import type { UnroutedInboundRepository } from '../../core/ports.js';
import { UnroutedInbound } from '../../core/model/unrouted-inbound.js';
import { isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';
import type { UnroutedInboundDoc } from './schemas/unrouted-inbound.js';

const NewRecord = UnroutedInbound.omit({ id: true, adoptedBy: true });

const toDomain = (d: UnroutedInboundDoc & { _id: Types.ObjectId }): UnroutedInbound =>
  UnroutedInbound.parse({
    id: d._id.toHexString(),
    providerId: d.providerId,
    to: d.to,
    from: d.from,
    body: d.body ?? '',
    kind: d.kind,
    receivedAt: d.receivedAt,
    ...(d.messagingServiceSid != null ? { messagingServiceSid: d.messagingServiceSid } : {}),
    ...(d.rule != null ? { rule: d.rule } : {}),
    ...(d.adoptedBy != null ? { adoptedBy: d.adoptedBy } : {}),
  });

export function createMongoUnroutedInbound({ models: { UnroutedInbound: Records } }: MongoContext): UnroutedInboundRepository {
  return {
    async record(m) {
      const parsed = NewRecord.parse(m);
      const _id = new Types.ObjectId();
      try {
        await Records.create({ _id, ...parsed });
        return { created: true, record: { id: _id.toHexString(), ...parsed } };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const d = await Records.findOne({ providerId: parsed.providerId }).lean();
        if (!d) throw err;
        return { created: false, record: toDomain(d) };
      }
    },
    async listForSenders(keys, limit = 1000) {
      if (keys.length === 0) return [];
      const docs = await Records.find({ $or: [{ to: { $in: keys } }, { messagingServiceSid: { $in: keys } }] })
        .sort({ _id: 1 })
        .limit(Math.max(0, limit))
        .lean();
      return docs.map(toDomain);
    },
    async markAdopted(id, orgId) {
      const _id = toObjectId(id);
      if (!_id) return false;
      const r = await Records.updateOne({ _id, adoptedBy: { $exists: false } }, { $set: { adoptedBy: orgId } });
      return r.modifiedCount === 1;
    },
  };
}
