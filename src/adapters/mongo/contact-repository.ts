/** Contacts in MongoDB: unordered bulk import, atomic claims and conditional status moves. */
import { Types } from 'mongoose';
import type { UpdateQuery } from 'mongoose';
import type { ContactRepository } from '../../core/ports.js';
import { CONTACT_STATUSES, Contact, MESSAGED_OR_LATER, NOT_YET_MESSAGED } from '../../core/model/contact.js';
import { UNTEXTABLE_LINE_TYPES } from '../../core/lookups/model.js';
import type { ContactStatus } from '../../core/model/contact.js';
import { NotFoundError } from '../../core/errors.js';
import type { ContactDoc } from './schemas/contact.js';
import { contactToDomain } from './to-domain.js';
import { assertFieldKey, definedOnly, duplicateIndexes, toObjectId } from './support.js';
import type { MongoContext } from './support.js';
import { segmentFilters, segmentMatchQuery, segmentQuery } from './segment-query.js';
import type { SegmentCounts } from '../../core/segments/segment.js';

/** The fields of a claimed contact read back (ClaimedContact). */
const CLAIMED = { _id: 1, phone: 1, language: 1 } as const;
type ClaimedDoc = Pick<ContactDoc, 'phone' | 'language'> & { _id: Types.ObjectId };

const NewContactRecord = Contact.omit({ id: true });
type ContactRecord = ReturnType<typeof NewContactRecord.parse>;
/** Documents per insertMany round trip (bounds memory and the size of a bulk error). */
const INSERT_CHUNK = 1000;
/** The export stream's index: unique (campaignId, phone), keys that no status move changes. */
export const CONTACT_STREAM_INDEX = { campaignId: 1, phone: 1 } as const;
/** The segment stream's index: (orgId, campaignId, _id), keys no status move changes; merge-sorted by _id. */
export const CONTACT_SEGMENT_INDEX = { orgId: 1, campaignId: 1, _id: 1 } as const;
/** Phones checked against the org's opt-out list per round trip while streaming a segment. */
const OPT_OUT_BATCH = 500;

export function createMongoContacts({ models: { Contact: Contacts, Campaign: Campaigns, OptOut: OptOuts }, clock }: MongoContext): ContactRepository {
  const ownsCampaign = async (orgId: string, campaignId: string): Promise<boolean> => {
    const _id = toObjectId(campaignId);
    return _id !== null && (await Campaigns.exists({ _id, orgId })) !== null;
  };

  return {
    async insertMany(orgId, campaignId, contacts) {
      // Checked first so one org can never probe another org's campaign through the unique key.
      if (!(await ownsCampaign(orgId, campaignId))) throw new NotFoundError('campaign', campaignId);
      const now = clock.now();
      const docs = contacts.map((nc) => {
        const { claimId: _claim, volunteerId: _volunteer, ...rest } = nc;
        const record = NewContactRecord.parse({ ...rest, orgId, campaignId, status: 'pending', createdAt: now, updatedAt: now });
        // No undefined values: the driver would store them as null.
        return { _id: new Types.ObjectId(), ...(definedOnly(record) as ContactRecord) };
      });
      const duplicates: string[] = [];
      for (let start = 0; start < docs.length; start += INSERT_CHUNK) {
        const chunk = docs.slice(start, start + INSERT_CHUNK);
        try {
          // lean: the documents are already complete; skip hydration and per-doc validation.
          await Contacts.insertMany(chunk, { ordered: false, lean: true });
        } catch (err) {
          for (const i of duplicateIndexes(err)) {
            const phone = chunk[i]?.phone;
            if (phone !== undefined) duplicates.push(phone);
          }
        }
      }
      return { inserted: docs.length - duplicates.length, duplicates };
    },
    async get(orgId, contactId) {
      const _id = toObjectId(contactId);
      const d = _id && (await Contacts.findOne({ _id, orgId }).lean());
      return d ? contactToDomain(d) : null;
    },
    async findByPhone(orgId, campaignId, phone) {
      const d = await Contacts.findOne({ orgId, campaignId, phone }).lean();
      return d ? contactToDomain(d) : null;
    },
    async existingPhones(orgId, campaignId, phones) {
      const found = new Set<string>();
      for (let start = 0; start < phones.length; start += INSERT_CHUNK) {
        const chunk = phones.slice(start, start + INSERT_CHUNK);
        const docs = await Contacts.find({ orgId, campaignId, phone: { $in: chunk } }, { phone: 1 }).lean();
        for (const d of docs) found.add(d.phone);
      }
      return found;
    },
    async pendingWindowKeys(orgId, campaignId) {
      const keys: unknown[] = await Contacts.distinct('windowKey', { orgId, campaignId, status: 'pending' });
      return keys.filter((k): k is string => typeof k === 'string').sort();
    },
    async claimPending({ orgId, campaignId, claimId, volunteerId, limit, windowKeys, now, segment, formerVolunteerId }) {
      if (limit <= 0 || windowKeys.length === 0) return [];
      // A segment only adds conditions to every step's filter: each step stays one conditional write.
      const only = {
        ...(segment ? segmentFilters({ ...segment, statuses: undefined }) : {}),
        // A follow-up's claim: the claimer's own former voters (index follow_up_former_volunteer).
        ...(formerVolunteerId ? { 'followUpOf.volunteerId': formerVolunteerId } : {}),
      };
      const pending = { ...only, orgId, campaignId, status: 'pending' as const, windowKey: { $in: windowKeys } };
      const take = { $set: { status: 'assigned' as const, claimId, volunteerId, updatedAt: now } };
      // 1) One batch: the oldest pending ids, taken by a conditional update. Each document moves
      //    only while still pending, so a contact can never land in two claims; read back which
      //    of them this claim got (another claimer may have taken some first).
      const candidates = await Contacts.find(pending, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean();
      const ids = candidates.map((c) => c._id);
      // Only what the claimer needs comes back (ClaimedContact), not whole contacts.
      const got: ClaimedDoc[] = [];
      if (ids.length > 0) {
        await Contacts.updateMany({ ...only, _id: { $in: ids }, orgId, status: 'pending' }, take);
        got.push(...(await Contacts.find({ _id: { $in: ids }, orgId, claimId, status: 'assigned' }, CLAIMED).lean<ClaimedDoc[]>()));
      }
      // 2) Short because of contention (not of supply): take the rest one atomic document at a
      //    time, oldest first, so racing claimers never repeat each other's work.
      while (got.length < limit && ids.length === limit) {
        const d = await Contacts.findOneAndUpdate(pending, take, { sort: { _id: 1 }, projection: CLAIMED, returnDocument: 'after' }).lean<ClaimedDoc>();
        if (!d) break;
        got.push(d);
      }
      return got
        .map((d) => ({ id: d._id.toHexString(), phone: d.phone, language: d.language ?? 'en' }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async setVariants(orgId, claimId, assignments) {
      // One unordered bulk write by _id (the primary key), each update conditional on the claim.
      const ops = assignments.flatMap(({ contactId, variant }) => {
        const _id = toObjectId(contactId);
        return _id ? [{ updateOne: { filter: { _id, orgId, claimId, status: 'assigned' as const }, update: { $set: { variant } } } }] : [];
      });
      if (ops.length === 0) return 0;
      const r = await Contacts.bulkWrite(ops, { ordered: false });
      return r.matchedCount;
    },
    async markMessaged(orgId, contactId, claimId, now) {
      const _id = toObjectId(contactId);
      if (!_id) return { ok: false, reason: 'not_assigned' };
      const d = await Contacts.findOneAndUpdate(
        { _id, orgId, status: 'assigned', claimId },
        // messagedAt (segments): assigned -> messaged happens once per contact, at its first text.
        { $set: { status: 'messaged', lastMessageAt: now, messagedAt: now, updatedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      if (d) return { ok: true, contact: contactToDomain(d) };
      const current = await Contacts.findOne({ _id, orgId }, { status: 1, claimId: 1 }).lean();
      if (current && current.claimId === claimId && MESSAGED_OR_LATER.includes(current.status)) return { ok: false, reason: 'already_messaged' };
      return { ok: false, reason: 'not_assigned' };
    },
    async transition(orgId, contactId, from, to, now, patch) {
      const _id = toObjectId(contactId);
      if (!_id) return null;
      const set: Partial<ContactDoc> = { status: to, updatedAt: now };
      if (patch?.lastMessageAt !== undefined) set.lastMessageAt = patch.lastMessageAt;
      if (patch?.volunteerId !== undefined) set.volunteerId = patch.volunteerId;
      const update: UpdateQuery<ContactDoc> = { $set: set };
      // Back in the pool: no claim and (unless the patch names one) no volunteer.
      if (to === 'pending') update.$unset = patch?.volunteerId !== undefined ? { claimId: 1 } : { claimId: 1, volunteerId: 1 };
      const d = await Contacts.findOneAndUpdate({ _id, orgId, status: { $in: from } }, update, { returnDocument: 'after', lean: true });
      return d ? contactToDomain(d) : null;
    },
    async releaseClaim(orgId, claimId, now) {
      const r = await Contacts.updateMany(
        { orgId, claimId, status: 'assigned' },
        { $set: { status: 'pending', updatedAt: now }, $unset: { claimId: 1, volunteerId: 1 } },
      );
      return r.modifiedCount;
    },
    async nextAssigned(orgId, claimId) {
      const d = await Contacts.findOne({ orgId, claimId, status: 'assigned' }).sort({ _id: 1 }).lean();
      return d ? contactToDomain(d) : null;
    },
    async countAssigned(orgId, claimId) {
      return Contacts.countDocuments({ orgId, claimId, status: 'assigned' });
    },
    async countByStatus(orgId, campaignId) {
      const rows = await Contacts.aggregate<{ _id: ContactStatus; n: number }>([
        { $match: { orgId, campaignId } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]);
      const counts = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])) as Record<ContactStatus, number>;
      for (const row of rows) if (row._id in counts) counts[row._id] = row.n;
      return counts;
    },
    async optOutPhone(orgId, phone, now) {
      const r = await Contacts.updateMany(
        { orgId, phone, status: { $in: NOT_YET_MESSAGED } },
        { $set: { status: 'opted_out', updatedAt: now } },
      );
      return r.modifiedCount;
    },
    async setSurveyAnswer(orgId, contactId, questionId, answerId) {
      assertFieldKey(questionId, 'survey question id');
      const _id = toObjectId(contactId);
      const r = _id && (await Contacts.updateOne({ _id, orgId }, { $set: { [`surveyAnswers.${questionId}`]: answerId } }));
      if (!r || r.matchedCount === 0) throw new NotFoundError('contact', contactId);
    },
    async addTag(orgId, contactId, tag) {
      const _id = toObjectId(contactId);
      const r = _id && (await Contacts.updateOne({ _id, orgId }, { $addToSet: { tags: tag } }));
      if (!r || r.matchedCount === 0) throw new NotFoundError('contact', contactId);
    },
    async setOutcome(orgId, contactId, outcome, now) {
      const _id = toObjectId(contactId);
      const r = _id && (await Contacts.updateOne({ _id, orgId }, { $set: { outcome, updatedAt: now } }));
      if (!r || r.matchedCount === 0) throw new NotFoundError('contact', contactId);
    },
    async recordLinkClick(orgId, contactId, at) {
      const _id = toObjectId(contactId);
      if (!_id) return null;
      // Two single-document writes: the first sets linkClickedAt only while it is unset, so exactly
      // one of many concurrent clicks is the first; any other is counted by the second.
      const first = await Contacts.updateOne({ _id, orgId, linkClickedAt: { $exists: false } }, { $set: { linkClickedAt: at }, $inc: { linkClicks: 1 } });
      if (first.matchedCount === 1) return { first: true };
      const again = await Contacts.updateOne({ _id, orgId }, { $inc: { linkClicks: 1 } });
      return again.matchedCount === 1 ? { first: false } : null;
    },
    async setLineType(orgId, contactId, lineType, now) {
      const _id = toObjectId(contactId);
      if (!_id) return null;
      // One single-document write (an update pipeline): the line type always, and for landline
      // and VoIP numbers the move out of the pool or batch, only while the contact is not yet texted.
      const untextable = UNTEXTABLE_LINE_TYPES.includes(lineType);
      const status = untextable ? { $cond: [{ $in: ['$status', NOT_YET_MESSAGED] }, 'landline', '$status'] } : '$status';
      const d = await Contacts.findOneAndUpdate({ _id, orgId }, [{ $set: { lineType: { $literal: lineType }, status, updatedAt: { $literal: now } } }], { returnDocument: 'after', lean: true, updatePipeline: true });
      return d ? contactToDomain(d) : null;
    },
    async countNeedingLookup(orgId, campaignId) {
      // campaignId_status narrows to the campaign's not-yet-texted contacts; lineType is read from those.
      return Contacts.countDocuments({ orgId, campaignId, status: { $in: NOT_YET_MESSAGED }, lineType: { $exists: false } });
    },
    async setFacts(orgId, contactId, facts) {
      const _id = toObjectId(contactId);
      // One pipeline update of one document: first-value facts keep what is there ($ifNull).
      const set: Record<string, unknown> = {};
      if (facts.messagedAt !== undefined) set.messagedAt = { $ifNull: ['$messagedAt', { $literal: facts.messagedAt }] };
      if (facts.repliedAt !== undefined) set.repliedAt = { $ifNull: ['$repliedAt', { $literal: facts.repliedAt }] };
      if (facts.replyIntent !== undefined) set.replyIntent = { $literal: facts.replyIntent };
      if (facts.initialStatus !== undefined) set.initialStatus = { $literal: facts.initialStatus };
      if (facts.initialErrorCode !== undefined) set.initialErrorCode = { $literal: facts.initialErrorCode };
      const r = _id && (Object.keys(set).length
        ? await Contacts.updateOne({ _id, orgId }, [{ $set: set }], { updatePipeline: true })
        : { matchedCount: (await Contacts.exists({ _id, orgId })) ? 1 : 0 });
      if (!r || r.matchedCount === 0) throw new NotFoundError('contact', contactId);
    },
    async countSegment(orgId, campaignIds, segment) {
      // Server-side: the match runs on the (orgId, campaignId, ...) indexes, each matching phone
      // is looked up on the opt-out list's unique (orgId, phone) index, and only three counts return.
      const rows = await Contacts.aggregate<{ _id: 'matched' | 'opt_out' | 'status'; n: number }>([
        { $match: segmentMatchQuery(orgId, campaignIds, segment) },
        { $project: { _id: 0, status: 1, phone: 1 } },
        {
          $lookup: {
            from: OptOuts.collection.collectionName, localField: 'phone', foreignField: 'phone',
            pipeline: [{ $match: { orgId } }, { $limit: 1 }, { $project: { _id: 1 } }], as: 'optOut',
          },
        },
        {
          $group: {
            _id: {
              $switch: {
                branches: [
                  { case: { $in: ['$status', ['invalid', 'landline']] }, then: 'status' },
                  { case: { $or: [{ $eq: ['$status', 'opted_out'] }, { $gt: [{ $size: '$optOut' }, 0] }] }, then: 'opt_out' },
                ],
                default: 'matched',
              },
            },
            n: { $sum: 1 },
          },
        },
      ]);
      const counts: SegmentCounts = { matched: 0, excludedOptOut: 0, excludedStatus: 0 };
      for (const row of rows) {
        if (row._id === 'matched') counts.matched = row.n;
        else if (row._id === 'opt_out') counts.excludedOptOut = row.n;
        else counts.excludedStatus = row.n;
      }
      return counts;
    },
    async *streamSegment(orgId, campaignIds, segment) {
      // A cursor in _id order along (orgId, campaignId, _id), whose keys never change while it
      // runs; phones on the org's opt-out list are dropped a batch at a time (flat memory).
      const cursor = Contacts.find(segmentQuery(orgId, campaignIds, segment)).sort({ _id: 1 }).hint(CONTACT_SEGMENT_INDEX).lean().cursor();
      let batch: ContactDoc[] = [];
      const drain = async function* (docs: ContactDoc[]) {
        const opted = new Set((await OptOuts.find({ orgId, phone: { $in: docs.map((d) => d.phone) } }, { phone: 1 }).lean()).map((o) => o.phone));
        for (const d of docs) if (!opted.has(d.phone)) yield contactToDomain(d);
      };
      try {
        for await (const d of cursor) {
          batch.push(d);
          if (batch.length >= OPT_OUT_BATCH) {
            const docs = batch;
            batch = [];
            yield* drain(docs);
          }
        }
        if (batch.length) yield* drain(batch);
      } finally {
        await cursor.close().catch(() => undefined);
      }
    },
    async *streamByCampaign(orgId, campaignId) {
      // A cursor: memory stays flat however large the campaign. Pinned to the unique
      // (campaignId, phone) index, whose keys never change: walked along an index that holds
      // `status` (claim_pending, campaignId_status), a contact claimed or texted while an export
      // runs moves inside the index and comes out twice or not at all. Order: by phone.
      const cursor = Contacts.find({ orgId, campaignId }).hint(CONTACT_STREAM_INDEX).lean().cursor();
      try {
        for await (const d of cursor) yield contactToDomain(d);
      } finally {
        // A consumer that stops early (break, throw) must not leave the server cursor open.
        await cursor.close().catch(() => undefined);
      }
    },
  };
}
