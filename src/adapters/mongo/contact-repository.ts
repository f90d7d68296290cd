/** Contacts in MongoDB: unordered bulk import, atomic claims and conditional status moves. */
import { Types } from 'mongoose';
import type { UpdateQuery } from 'mongoose';
import type { ContactRepository } from '../../core/ports.js';
import { CONTACT_STATUSES, Contact } from '../../core/model/contact.js';
import type { ContactStatus } from '../../core/model/contact.js';
import { NotFoundError } from '../../core/errors.js';
import type { ContactDoc } from './schemas/contact.js';
import { contactToDomain } from './to-domain.js';
import { assertFieldKey, definedOnly, duplicateIndexes, toObjectId } from './support.js';
import type { MongoContext } from './support.js';

const NewContactRecord = Contact.omit({ id: true });
type ContactRecord = ReturnType<typeof NewContactRecord.parse>;
/** Statuses a contact reaches only after its initial text was pressed. */
const MESSAGED_OR_LATER: readonly ContactStatus[] = ['messaged', 'needs_reply', 'replied', 'closed'];
/** "Not yet messaged" for org-wide opt-outs (R1.5). */
const NOT_YET_MESSAGED: ContactStatus[] = ['pending', 'assigned'];
/** Documents per insertMany round trip (bounds memory and the size of a bulk error). */
const INSERT_CHUNK = 1000;
/** The export stream's index: unique (campaignId, phone), keys that no status move changes. */
export const CONTACT_STREAM_INDEX = { campaignId: 1, phone: 1 } as const;

export function createMongoContacts({ models: { Contact: Contacts, Campaign: Campaigns }, clock }: MongoContext): ContactRepository {
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
    async claimPending({ orgId, campaignId, claimId, volunteerId, limit, windowKeys, now }) {
      if (limit <= 0 || windowKeys.length === 0) return [];
      const pending = { orgId, campaignId, status: 'pending' as const, windowKey: { $in: windowKeys } };
      const take = { $set: { status: 'assigned' as const, claimId, volunteerId, updatedAt: now } };
      // 1) One batch: the oldest pending ids, taken by a conditional update. Each document moves
      //    only while still pending, so a contact can never land in two claims; read back which
      //    of them this claim got (another claimer may have taken some first).
      const candidates = await Contacts.find(pending, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean();
      const ids = candidates.map((c) => c._id);
      const got: ContactDoc[] = [];
      if (ids.length > 0) {
        await Contacts.updateMany({ _id: { $in: ids }, orgId, status: 'pending' }, take);
        got.push(...(await Contacts.find({ _id: { $in: ids }, orgId, claimId, status: 'assigned' }).lean()));
      }
      // 2) Short because of contention (not of supply): take the rest one atomic document at a
      //    time, oldest first, so racing claimers never repeat each other's work.
      while (got.length < limit && ids.length === limit) {
        const d = await Contacts.findOneAndUpdate(pending, take, { sort: { _id: 1 }, returnDocument: 'after', lean: true });
        if (!d) break;
        got.push(d);
      }
      return got.sort((a, b) => (a._id.toHexString() < b._id.toHexString() ? -1 : 1)).map(contactToDomain);
    },
    async markMessaged(orgId, contactId, claimId, now) {
      const _id = toObjectId(contactId);
      if (!_id) return { ok: false, reason: 'not_assigned' };
      const d = await Contacts.findOneAndUpdate(
        { _id, orgId, status: 'assigned', claimId },
        { $set: { status: 'messaged', lastMessageAt: now, updatedAt: now } },
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
