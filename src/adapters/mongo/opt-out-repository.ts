/** The org-wide suppression list (R1.2, R1.5) in MongoDB; unique per (orgId, phone). */
import type { OptOutRepository } from '../../core/ports.js';
import { OptOut } from '../../core/model/opt-out.js';
import { optOutToDomain } from './to-domain.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';

const NewOptOutRecord = OptOut.omit({ id: true });

export function createMongoOptOuts({ models: { OptOut: OptOuts } }: MongoContext): OptOutRepository {
  return {
    async record(orgId, o) {
      const { orgId: _org, phone, ...onInsert } = NewOptOutRecord.parse({ ...o, orgId });
      try {
        const r = await OptOuts.findOneAndUpdate(
          { orgId, phone },
          { $setOnInsert: definedOnly(onInsert) },
          { upsert: true, returnDocument: 'after', includeResultMetadata: true, lean: true },
        );
        if (r.value) return { created: Boolean(r.lastErrorObject?.upserted), optOut: optOutToDomain(r.value) };
      } catch (err) {
        // Two first-time records raced on (orgId, phone): the loser reads the winner's.
        if (!isDuplicateKeyError(err)) throw err;
      }
      const d = await OptOuts.findOne({ orgId, phone }).lean();
      if (!d) throw new Error('opt-out upsert found no document');
      return { created: false, optOut: optOutToDomain(d) };
    },
    async isOptedOut(orgId, phone) {
      return (await OptOuts.exists({ orgId, phone })) !== null;
    },
    async get(orgId, phone) {
      const d = await OptOuts.findOne({ orgId, phone }).lean();
      return d ? optOutToDomain(d) : null;
    },
    async filterOptedOut(orgId, phones) {
      const found = new Set<string>();
      for (let start = 0; start < phones.length; start += 1000) {
        const docs = await OptOuts.find({ orgId, phone: { $in: phones.slice(start, start + 1000) } }, { phone: 1 }).lean();
        for (const d of docs) found.add(d.phone);
      }
      return found;
    },
    async remove(orgId, phone) {
      const d = await OptOuts.findOneAndDelete({ orgId, phone }).lean();
      return d ? optOutToDomain(d) : null;
    },
    async markConfirmationSent(orgId, optOutId, at) {
      const _id = toObjectId(optOutId);
      if (!_id) return false;
      // Exactly once (R1.6): only the update that finds no confirmationAt succeeds.
      const r = await OptOuts.updateOne({ _id, orgId, confirmationAt: { $exists: false } }, { $set: { confirmationAt: at } });
      return r.modifiedCount === 1;
    },
    async list(orgId, opts = {}) {
      if (opts.limit !== undefined && opts.limit <= 0) return [];
      let filter: { orgId: string; _id?: { $gt: NonNullable<ReturnType<typeof toObjectId>> } } = { orgId };
      if (opts.after !== undefined) {
        const after = toObjectId(opts.after);
        if (!after) return [];
        filter = { orgId, _id: { $gt: after } };
      }
      const query = OptOuts.find(filter).sort({ _id: 1 });
      const docs = await (opts.limit === undefined ? query : query.limit(opts.limit)).lean();
      return docs.map(optOutToDomain);
    },
    async count(orgId) {
      return OptOuts.countDocuments({ orgId });
    },
  };
}
