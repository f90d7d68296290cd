/** Messages in MongoDB: idempotent create, atomic outbox moves, forward-only statuses (R4.6). */
import { Types } from 'mongoose';
import type { MessageRepository } from '../../core/ports.js';
import { Message, statusesBefore } from '../../core/model/message.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { messageToDomain } from './to-domain.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';

const NewMessageRecord = Message.omit({ id: true });
/** The export stream's index (declared in schemas/message.ts). */
export const MESSAGE_STREAM_INDEX = { orgId: 1, campaignId: 1, createdAt: 1 } as const;

/** The partial filter of the one-first-text-per-contact unique index (schemas/message.ts). */
export const CONTACT_INITIAL = { kind: 'initial', direction: 'outbound' } as const;

export function createMongoMessages({ models: { Message: Messages }, clock }: MongoContext): MessageRepository {
  const mustExist = async (orgId: string, messageId: string): Promise<void> => {
    const _id = toObjectId(messageId);
    if (!_id || (await Messages.exists({ _id, orgId })) === null) throw new NotFoundError('message', messageId);
  };
  const history = (status: Message['status'], at: Date, errorCode?: string) => (errorCode === undefined ? { status, at } : { status, at, errorCode });

  return {
    async create(orgId, m) {
      const now = clock.now();
      const record = NewMessageRecord.parse({ ...m, orgId, history: [{ status: m.status, at: now }], attempts: 0, createdAt: now, updatedAt: now });
      const _id = new Types.ObjectId();
      try {
        await Messages.create({ _id, ...definedOnly(record) });
        return { created: true, message: { id: _id.toHexString(), ...record } };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      // A unique key refused it: return the message that holds the key.
      if (m.interactionId !== undefined) {
        const d = await Messages.findOne({ orgId, interactionId: m.interactionId }).lean();
        if (d) return { created: false, message: messageToDomain(d), duplicate: 'interactionId' };
      }
      if (m.providerId !== undefined) {
        const d = await Messages.findOne({ providerId: m.providerId }).lean();
        // A carrier id held by another org's message is never handed across tenants.
        if (d && d.orgId !== orgId) throw new DuplicateError('message', 'providerId');
        if (d) return { created: false, message: messageToDomain(d), duplicate: 'providerId' };
      }
      if (m.kind === 'initial' && m.direction === 'outbound' && m.contactId !== undefined) {
        const d = await Messages.findOne({ orgId, contactId: m.contactId, ...CONTACT_INITIAL }).lean();
        if (d) return { created: false, message: messageToDomain(d), duplicate: 'contactInitial' };
      }
      throw new DuplicateError('message', 'unique key');
    },
    async get(orgId, messageId) {
      const _id = toObjectId(messageId);
      const d = _id && (await Messages.findOne({ _id, orgId }).lean());
      return d ? messageToDomain(d) : null;
    },
    async findInitial(orgId, contactId) {
      const d = await Messages.findOne({ orgId, contactId, ...CONTACT_INITIAL }).lean();
      return d ? messageToDomain(d) : null;
    },
    async findByProviderId(providerId) {
      const d = await Messages.findOne({ providerId }).lean();
      return d ? messageToDomain(d) : null;
    },
    async claimForSending(orgId, messageId, now) {
      const _id = toObjectId(messageId);
      const d = _id && (await Messages.findOneAndUpdate(
        { _id, orgId, status: 'queued' },
        { $set: { status: 'sending', updatedAt: now }, $inc: { attempts: 1 }, $push: { history: history('sending', now) } },
        { returnDocument: 'after', lean: true },
      ));
      return d ? messageToDomain(d) : null;
    },
    async requeue(orgId, messageId, now, errorCode) {
      const _id = toObjectId(messageId);
      const r = _id && (await Messages.updateOne(
        { _id, orgId, status: 'sending' },
        { $set: { status: 'queued', updatedAt: now, ...(errorCode !== undefined ? { errorCode } : {}) }, $push: { history: history('queued', now, errorCode) } },
      ));
      if (!r || r.matchedCount === 0) await mustExist(orgId, messageId);
    },
    async setProviderId(orgId, messageId, providerId, now) {
      const _id = toObjectId(messageId);
      let matched = 0;
      try {
        if (_id) matched = (await Messages.updateOne({ _id, orgId }, { $set: { providerId, updatedAt: now } })).matchedCount;
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new DuplicateError('message', 'providerId');
        throw err;
      }
      if (matched === 0) throw new NotFoundError('message', messageId);
    },
    async applyStatus(orgId, messageId, status, at, errorCode) {
      const _id = toObjectId(messageId);
      if (!_id) return false;
      const r = await Messages.updateOne(
        // Forward only (R4.6): the filter admits only the statuses that may move to `status`.
        { _id, orgId, status: { $in: statusesBefore(status) } },
        { $set: { status, updatedAt: at, ...(errorCode !== undefined ? { errorCode } : {}) }, $push: { history: history(status, at, errorCode) } },
      );
      return r.modifiedCount === 1;
    },
    async listStaleQueued(before, limit) {
      if (limit <= 0) return [];
      const docs = await Messages.find({ status: 'queued', updatedAt: { $lt: before } }).sort({ updatedAt: 1, _id: 1 }).limit(limit).lean();
      return docs.map(messageToDomain);
    },
    async listStaleSending(before, limit) {
      if (limit <= 0) return [];
      // Same (status, updatedAt) index as the queued sweep; few documents are ever `sending`.
      const docs = await Messages.find({ status: 'sending', providerId: { $exists: false }, updatedAt: { $lt: before } }).sort({ updatedAt: 1, _id: 1 }).limit(limit).lean();
      return docs.map(messageToDomain);
    },
    async listStaleWithProvider(before, limit, createdAfter) {
      if (limit <= 0) return [];
      // Served by (status, updatedAt); providerId and createdAt are checked on the few documents
      // still `sending`/`sent` past the stale time.
      const docs = await Messages.find({
        status: { $in: ['sending', 'sent'] },
        updatedAt: { $lt: before },
        providerId: { $exists: true },
        direction: 'outbound',
        ...(createdAfter ? { createdAt: { $gt: createdAfter } } : {}),
      })
        .sort({ updatedAt: 1, _id: 1 })
        .limit(limit)
        .lean();
      return docs.map(messageToDomain);
    },
    async markChecked(orgId, messageId, at) {
      const _id = toObjectId(messageId);
      const r = _id && (await Messages.updateOne({ _id, orgId }, { $max: { updatedAt: at } }));
      if (!r || r.matchedCount === 0) throw new NotFoundError('message', messageId);
    },
    async listByConversation(orgId, conversationId, limit) {
      if (limit === undefined) {
        const docs = await Messages.find({ orgId, conversationId }).sort({ createdAt: 1, _id: 1 }).lean();
        return docs.map(messageToDomain);
      }
      if (limit <= 0) return [];
      // The latest `limit`, returned oldest first.
      const docs = await Messages.find({ orgId, conversationId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean();
      return docs.reverse().map(messageToDomain);
    },
    async initialsToPhone(orgId, phone, since) {
      const docs = await Messages.find(
        { orgId, voterPhone: phone, kind: 'initial', direction: 'outbound', createdAt: { $gte: since } },
        { campaignId: 1, createdAt: 1 },
      )
        .sort({ createdAt: 1, _id: 1 })
        .lean();
      return docs.map((d) => ({ campaignId: d.campaignId ?? '', at: d.createdAt }));
    },
    async listUnmatched(orgId, limit) {
      if (limit !== undefined && limit <= 0) return [];
      const query = Messages.find({ orgId, direction: 'inbound', conversationId: { $exists: false } }).sort({ createdAt: -1, _id: -1 });
      const docs = await (limit === undefined ? query : query.limit(limit)).lean();
      return docs.map(messageToDomain);
    },
    async *streamByCampaign(orgId, campaignId) {
      // Pinned to (orgId, campaignId, createdAt): the order comes from the index (no server-side
      // sort of a whole campaign) and its keys never change while statuses move.
      const cursor = Messages.find({ orgId, campaignId }).sort({ createdAt: 1 }).hint(MESSAGE_STREAM_INDEX).lean().cursor();
      try {
        for await (const d of cursor) yield messageToDomain(d);
      } finally {
        // A consumer that stops early (break, throw) must not leave the server cursor open.
        await cursor.close().catch(() => undefined);
      }
    },
  };
}
