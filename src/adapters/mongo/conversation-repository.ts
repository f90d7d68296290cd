/** Conversations in MongoDB. */
import type { ConversationRepository } from '../../core/ports.js';
import { Conversation } from '../../core/model/conversation.js';
import type { Conversation as ConversationEntity } from '../../core/model/conversation.js';
import { NotFoundError } from '../../core/errors.js';
import { conversationToDomain } from './to-domain.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';

const NewConversationRecord = Conversation.omit({ id: true });

export function createMongoConversations({ models: { Conversation: Conversations }, clock }: MongoContext): ConversationRepository {
  /** An update matched nothing: NotFound when the conversation is not in the org, else a no-op. */
  const checkMatched = async (matched: number, orgId: string, conversationId: string): Promise<void> => {
    if (matched > 0) return;
    const _id = toObjectId(conversationId);
    if (!_id || (await Conversations.exists({ _id, orgId })) === null) throw new NotFoundError('conversation', conversationId);
  };

  return {
    async upsertForContact(orgId, c) {
      const { orgId: _org, contactId, ...onInsert } = NewConversationRecord.parse({
        ...c, orgId, threads: [], pendingOptOutReview: false, createdAt: clock.now(),
      });
      const filter = { orgId, contactId };
      try {
        const d = await Conversations.findOneAndUpdate(filter, { $setOnInsert: definedOnly(onInsert) }, { upsert: true, returnDocument: 'after', lean: true });
        if (d) return conversationToDomain(d);
      } catch (err) {
        // Two first-time upserts raced on (orgId, contactId): the loser reads the winner's.
        if (!isDuplicateKeyError(err)) throw err;
      }
      const d = await Conversations.findOne(filter).lean();
      if (!d) throw new Error('conversation upsert found no document');
      return conversationToDomain(d);
    },
    async get(orgId, conversationId) {
      const _id = toObjectId(conversationId);
      const d = _id && (await Conversations.findOne({ _id, orgId }).lean());
      return d ? conversationToDomain(d) : null;
    },
    async findByContact(orgId, contactId) {
      const d = await Conversations.findOne({ orgId, contactId }).lean();
      return d ? conversationToDomain(d) : null;
    },
    async findLatestForPhone(orgId, voterPhone) {
      const d = await Conversations.findOne({ orgId, voterPhone }).sort({ lastMessageAt: -1, _id: -1 }).lean();
      return d ? conversationToDomain(d) : null;
    },
    async findByThread(platform, channelId, threadId) {
      const d = await Conversations.findOne({ threads: { $elemMatch: { platform, channelId, threadId } } }).lean();
      return d ? conversationToDomain(d) : null;
    },
    async addThread(orgId, conversationId, ref) {
      const _id = toObjectId(conversationId);
      const same = { platform: ref.platform, channelId: ref.channelId, threadId: ref.threadId ?? null };
      const r = _id && (await Conversations.updateOne(
        { _id, orgId, $nor: [{ threads: { $elemMatch: same } }] },
        { $push: { threads: definedOnly(ref) } },
      ));
      await checkMatched(r ? r.matchedCount : 0, orgId, conversationId);
    },
    async touch(orgId, conversationId, at, direction) {
      const _id = toObjectId(conversationId);
      // Forward only: a late event never makes the conversation look older.
      // Inbound keeps the first unanswered text's time ($ifNull in one pipeline update, so an
      // answer racing it is never undone); outbound clears the wait and the pool.
      const r = _id && (direction === 'inbound'
        ? await Conversations.updateOne(
          { _id, orgId, lastMessageAt: { $lte: at } },
          [{ $set: { lastMessageAt: at, lastDirection: { $literal: direction }, awaitingSince: { $ifNull: ['$awaitingSince', at] } } }],
          { updatePipeline: true },
        )
        : await Conversations.updateOne(
          { _id, orgId, lastMessageAt: { $lte: at } },
          { $set: { lastMessageAt: at, lastDirection: direction }, $unset: { awaitingSince: 1, pooledAt: 1 } },
        ));
      await checkMatched(r ? r.matchedCount : 0, orgId, conversationId);
    },
    async releaseToPool(orgId, conversationId, ifAwaitingSince, now) {
      const _id = toObjectId(conversationId);
      if (!_id) return null;
      const d = await Conversations.findOneAndUpdate(
        { _id, orgId, awaitingSince: ifAwaitingSince, pooledAt: null },
        { $set: { pooledAt: now } },
        { returnDocument: 'after', lean: true },
      );
      return d ? conversationToDomain(d) : null;
    },
    async claimReplies(orgId, campaignId, volunteerId, limit, _now) {
      // One conditional single-document update per conversation (served by the reply_pool
      // index): a conversation leaves the pool for exactly one claimer.
      const taken: ConversationEntity[] = [];
      while (taken.length < limit) {
        const d = await Conversations.findOneAndUpdate(
          { orgId, campaignId, pooledAt: { $type: 'date' } },
          { $set: { volunteerId }, $unset: { pooledAt: 1 } },
          { sort: { awaitingSince: 1, _id: 1 }, returnDocument: 'after', lean: true },
        );
        if (!d) break;
        taken.push(conversationToDomain(d));
      }
      return taken;
    },
    async countPooled(orgId, campaignId) {
      return Conversations.countDocuments({ orgId, campaignId, pooledAt: { $type: 'date' } });
    },
    async setVolunteer(orgId, conversationId, volunteerId) {
      const _id = toObjectId(conversationId);
      // Given to someone by name: it leaves the reply pool.
      const r = _id && (await Conversations.updateOne({ _id, orgId }, { $set: { volunteerId }, $unset: { pooledAt: 1 } }));
      if (!r || r.matchedCount === 0) throw new NotFoundError('conversation', conversationId);
    },
    async moveToFollowUp(orgId, conversationId, move, now) {
      const _id = toObjectId(conversationId);
      if (!_id) return null;
      // One conditional write on the conversation (still the source contact's); the unique
      // (orgId, contactId) index refuses it when the follow-up contact already has one.
      try {
        const d = await Conversations.findOneAndUpdate(
          { _id, orgId, contactId: move.fromContactId },
          {
            $set: { campaignId: move.campaignId, contactId: move.contactId, volunteerId: move.volunteerId, lastDirection: 'outbound' },
            $max: { lastMessageAt: now },
            $unset: { pooledAt: 1, awaitingSince: 1 },
          },
          { returnDocument: 'after', lean: true },
        );
        return d ? conversationToDomain(d) : null;
      } catch (err) {
        if (isDuplicateKeyError(err)) return null;
        throw err;
      }
    },
    async setPendingOptOutReview(orgId, conversationId, pending) {
      const _id = toObjectId(conversationId);
      const r = _id && (await Conversations.updateOne({ _id, orgId }, { $set: { pendingOptOutReview: pending } }));
      if (!r || r.matchedCount === 0) throw new NotFoundError('conversation', conversationId);
    },
    async close(orgId, conversationId, reason, now) {
      const _id = toObjectId(conversationId);
      if (!_id) return null;
      // One conditional update: of two racing closes only one matches an open conversation.
      const d = await Conversations.findOneAndUpdate(
        { _id, orgId, closedAt: { $exists: false } },
        // Nobody has to answer a closed conversation: it stops waiting and leaves the reply pool.
        { $set: { closedAt: now, closedReason: reason }, $unset: { awaitingSince: 1, pooledAt: 1 } },
        { returnDocument: 'after', lean: true },
      );
      return d ? conversationToDomain(d) : null;
    },
    async reopen(orgId, conversationId) {
      const _id = toObjectId(conversationId);
      if (!_id) return null;
      const d = await Conversations.findOneAndUpdate(
        { _id, orgId, closedAt: { $exists: true } },
        { $unset: { closedAt: 1, closedReason: 1 } },
        { returnDocument: 'after', lean: true },
      );
      return d ? conversationToDomain(d) : null;
    },
    async listByVolunteer(orgId, volunteerId, campaignId) {
      const docs = await Conversations.find({ orgId, volunteerId, ...(campaignId !== undefined ? { campaignId } : {}) })
        .sort({ lastMessageAt: -1, _id: -1 })
        .lean();
      return docs.map(conversationToDomain);
    },
    async acquireNotifyLease(orgId, conversationId, holder, now, until) {
      const _id = toObjectId(conversationId);
      // One conditional write: free (or never set), ended, or already ours.
      const r = _id && (await Conversations.updateOne(
        { _id, orgId, $or: [{ notifyLease: null }, { 'notifyLease.until': { $lte: now } }, { 'notifyLease.holder': holder }] },
        { $set: { notifyLease: { holder, until } } },
      ));
      if (r && r.matchedCount > 0) return true;
      await checkMatched(0, orgId, conversationId);
      return false;
    },
    async releaseNotifyLease(orgId, conversationId, holder) {
      const _id = toObjectId(conversationId);
      const r = _id && (await Conversations.updateOne({ _id, orgId, 'notifyLease.holder': holder }, { $unset: { notifyLease: 1 } }));
      await checkMatched(r ? r.matchedCount : 0, orgId, conversationId);
    },
  };
}
