/** Conversations, in memory, indexed by contact, voter phone, volunteer and chat thread. */
import type { ConversationRepository } from '../../core/ports.js';
import { Conversation } from '../../core/model/conversation.js';
import type { ChatRef } from '../../core/model/common.js';
import { NotFoundError } from '../../core/errors.js';
import { addTo, copy, key, removeFrom } from './support.js';
import type { MemoryContext } from './support.js';

const NewConversationRecord = Conversation.omit({ id: true });
const threadKey = (platform: string, channelId: string, threadId: string): string => key(platform, channelId, threadId);

/** Newest activity first, then newest id. */
const latestFirst = (a: Conversation, b: Conversation): number =>
  b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function createMemoryConversations(ctx: MemoryContext): ConversationRepository {
  const conversations = new Map<string, Conversation>();
  /** unique (orgId, contactId) */
  const byContact = new Map<string, string>();
  const byPhone = new Map<string, Set<string>>();
  const byVolunteer = new Map<string, Set<string>>();
  const byThread = new Map<string, string>();
  /** Reply pools: pooled conversation ids by (orgId, campaignId). */
  const pooled = new Map<string, Set<string>>();
  /** Chat-notify leases by conversation id (not part of the Conversation entity). */
  const notifyLeases = new Map<string, { holder: string; until: number }>();
  const owned = (orgId: string, id: string): Conversation | undefined => {
    const c = conversations.get(id);
    return c && c.orgId === orgId ? c : undefined;
  };
  const mustOwn = (orgId: string, id: string): Conversation => {
    const c = owned(orgId, id);
    if (!c) throw new NotFoundError('conversation', id);
    return c;
  };
  const pick = (ids: Iterable<string> | undefined): Conversation[] =>
    [...(ids ?? [])].map((id) => conversations.get(id)).filter((c): c is Conversation => c !== undefined);

  return {
    async upsertForContact(orgId, c) {
      // Validated first, as in Mongo, even when the conversation exists.
      const parsed = NewConversationRecord.parse({ ...c, orgId, threads: [], pendingOptOutReview: false, createdAt: ctx.clock.now() });
      const k = key(orgId, parsed.contactId);
      const existingId = byContact.get(k);
      const existing = existingId === undefined ? undefined : conversations.get(existingId);
      if (existing) return copy(existing);
      const record: Conversation = { id: ctx.newId(), ...parsed };
      conversations.set(record.id, record);
      byContact.set(k, record.id);
      addTo(byPhone, key(orgId, record.voterPhone), record.id);
      addTo(byVolunteer, key(orgId, record.volunteerId), record.id);
      return copy(record);
    },
    async get(orgId, conversationId) {
      const c = owned(orgId, conversationId);
      return c ? copy(c) : null;
    },
    async findByContact(orgId, contactId) {
      const id = byContact.get(key(orgId, contactId));
      const c = id === undefined ? undefined : conversations.get(id);
      return c ? copy(c) : null;
    },
    async findLatestForPhone(orgId, voterPhone) {
      const [latest] = pick(byPhone.get(key(orgId, voterPhone))).sort(latestFirst);
      return latest ? copy(latest) : null;
    },
    async findByThread(platform, channelId, threadId) {
      const id = byThread.get(threadKey(platform, channelId, threadId));
      const c = id === undefined ? undefined : conversations.get(id);
      return c ? copy(c) : null;
    },
    async addThread(orgId, conversationId, ref: ChatRef) {
      const c = mustOwn(orgId, conversationId);
      const same = (r: ChatRef): boolean => r.platform === ref.platform && r.channelId === ref.channelId && r.threadId === ref.threadId;
      if (c.threads.some(same)) return;
      c.threads.push(copy(ref));
      if (ref.threadId !== undefined) byThread.set(threadKey(ref.platform, ref.channelId, ref.threadId), c.id);
    },
    async touch(orgId, conversationId, at, direction) {
      const c = mustOwn(orgId, conversationId);
      // Forward only: a late event never makes the conversation look older.
      if (at.getTime() < c.lastMessageAt.getTime()) return;
      c.lastMessageAt = at;
      c.lastDirection = direction;
      if (direction === 'inbound') {
        c.awaitingSince ??= at;
      } else {
        delete c.awaitingSince;
        if (c.pooledAt) removeFrom(pooled, key(orgId, c.campaignId), c.id);
        delete c.pooledAt;
      }
    },
    async releaseToPool(orgId, conversationId, ifAwaitingSince, now) {
      const c = owned(orgId, conversationId);
      if (!c || c.pooledAt || c.awaitingSince?.getTime() !== ifAwaitingSince.getTime()) return null;
      c.pooledAt = now;
      addTo(pooled, key(orgId, c.campaignId), c.id);
      return copy(c);
    },
    async claimReplies(orgId, campaignId, volunteerId, limit, _now) {
      const poolKey = key(orgId, campaignId);
      // Synchronous from here on: no other call runs in between, so no conversation is given twice.
      const taken = pick(pooled.get(poolKey))
        .sort((a, b) => (a.awaitingSince?.getTime() ?? 0) - (b.awaitingSince?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, Math.max(0, limit));
      for (const c of taken) {
        removeFrom(pooled, poolKey, c.id);
        delete c.pooledAt;
        removeFrom(byVolunteer, key(orgId, c.volunteerId), c.id);
        c.volunteerId = volunteerId;
        addTo(byVolunteer, key(orgId, volunteerId), c.id);
      }
      return taken.map(copy);
    },
    async countPooled(orgId, campaignId) {
      return pooled.get(key(orgId, campaignId))?.size ?? 0;
    },
    async setVolunteer(orgId, conversationId, volunteerId) {
      const c = mustOwn(orgId, conversationId);
      removeFrom(byVolunteer, key(orgId, c.volunteerId), c.id);
      c.volunteerId = volunteerId;
      addTo(byVolunteer, key(orgId, volunteerId), c.id);
      // Given to someone by name: it leaves the reply pool.
      if (c.pooledAt) removeFrom(pooled, key(orgId, c.campaignId), c.id);
      delete c.pooledAt;
    },
    async moveToFollowUp(orgId, conversationId, move, now) {
      // Check and move with no await between them: atomic in this single-threaded store.
      const c = owned(orgId, conversationId);
      if (!c || c.contactId !== move.fromContactId || byContact.has(key(orgId, move.contactId))) return null;
      byContact.delete(key(orgId, c.contactId));
      byContact.set(key(orgId, move.contactId), c.id);
      if (c.pooledAt) removeFrom(pooled, key(orgId, c.campaignId), c.id);
      delete c.pooledAt;
      delete c.awaitingSince;
      removeFrom(byVolunteer, key(orgId, c.volunteerId), c.id);
      c.volunteerId = move.volunteerId;
      addTo(byVolunteer, key(orgId, move.volunteerId), c.id);
      c.campaignId = move.campaignId;
      c.contactId = move.contactId;
      if (now.getTime() > c.lastMessageAt.getTime()) c.lastMessageAt = now;
      c.lastDirection = 'outbound';
      return copy(c);
    },
    async setPendingOptOutReview(orgId, conversationId, pending) {
      mustOwn(orgId, conversationId).pendingOptOutReview = pending;
    },
    async close(orgId, conversationId, reason, now) {
      // Check and set with no await between them: atomic in this single-threaded store.
      const c = owned(orgId, conversationId);
      if (!c || c.closedAt !== undefined) return null;
      c.closedAt = now;
      c.closedReason = reason;
      // Nobody has to answer a closed conversation: it stops waiting and leaves the reply pool.
      delete c.awaitingSince;
      if (c.pooledAt) removeFrom(pooled, key(orgId, c.campaignId), c.id);
      delete c.pooledAt;
      return copy(c);
    },
    async reopen(orgId, conversationId) {
      const c = owned(orgId, conversationId);
      if (!c || c.closedAt === undefined) return null;
      delete c.closedAt;
      delete c.closedReason;
      return copy(c);
    },
    async listByVolunteer(orgId, volunteerId, campaignId) {
      return pick(byVolunteer.get(key(orgId, volunteerId)))
        .filter((c) => campaignId === undefined || c.campaignId === campaignId)
        .sort(latestFirst)
        .map(copy);
    },
    async acquireNotifyLease(orgId, conversationId, holder, now, until) {
      const c = mustOwn(orgId, conversationId);
      const lease = notifyLeases.get(c.id);
      if (lease && lease.holder !== holder && lease.until > now.getTime()) return false;
      notifyLeases.set(c.id, { holder, until: until.getTime() });
      return true;
    },
    async releaseNotifyLease(orgId, conversationId, holder) {
      const c = mustOwn(orgId, conversationId);
      if (notifyLeases.get(c.id)?.holder === holder) notifyLeases.delete(c.id);
    },
  };
}
