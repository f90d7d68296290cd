/** Messages, in memory: idempotent create, forward-only statuses, outbox queries. */
import type { MessageRepository } from '../../core/ports.js';
import { Message, isForwardStatus } from '../../core/model/message.js';
import type { MessageStatus } from '../../core/model/message.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { addTo, byDateThenId, copy, key } from './support.js';
import type { MemoryContext } from './support.js';

const NewMessageRecord = Message.omit({ id: true });
const chronological = byDateThenId<Message>((m) => m.createdAt);

/** Outbound first texts of a contact: at most one per (orgId, contactId). */
function isContactInitial(m: Pick<Message, 'kind' | 'direction' | 'contactId'>): boolean {
  return m.kind === 'initial' && m.direction === 'outbound' && m.contactId !== undefined;
}

export function createMemoryMessages(ctx: MemoryContext): MessageRepository {
  const messages = new Map<string, Message>();
  /** unique (orgId, interactionId) when set */
  const byInteraction = new Map<string, string>();
  /** unique providerId when set (carrier ids are global) */
  const byProvider = new Map<string, string>();
  /** unique (orgId, contactId) of outbound initial texts: one first text per contact */
  const initialByContact = new Map<string, string>();
  const byConversation = new Map<string, Set<string>>();
  const byCampaign = new Map<string, Set<string>>();
  /** (orgId, voterPhone) -> ids of outbound initial texts, for frequency caps */
  const initialsByPhone = new Map<string, Set<string>>();
  const unmatchedByOrg = new Map<string, Set<string>>();
  /** ids currently `queued`, for the outbox sweeper */
  const queued = new Set<string>();
  /** ids currently `sending`, for the sweeper's interrupted sends */
  const sending = new Set<string>();
  /** ids currently `sent` (carrier accepted, no final status yet), for the status reconcile */
  const sent = new Set<string>();

  const owned = (orgId: string, id: string): Message | undefined => {
    const m = messages.get(id);
    return m && m.orgId === orgId ? m : undefined;
  };
  const pick = (ids: Iterable<string> | undefined): Message[] =>
    [...(ids ?? [])].map((id) => messages.get(id)).filter((m): m is Message => m !== undefined);
  const setStatus = (m: Message, status: MessageStatus, at: Date, errorCode?: string): void => {
    m.status = status;
    m.updatedAt = at;
    if (errorCode !== undefined) m.errorCode = errorCode;
    m.history.push(errorCode === undefined ? { status, at } : { status, at, errorCode });
    if (status === 'queued') queued.add(m.id);
    else queued.delete(m.id);
    if (status === 'sending') sending.add(m.id);
    else sending.delete(m.id);
    if (status === 'sent') sent.add(m.id);
    else sent.delete(m.id);
  };

  return {
    async create(orgId, m) {
      // Validated first, as in Mongo, even when it turns out to be a duplicate.
      const now = ctx.clock.now();
      const parsed = NewMessageRecord.parse({ ...m, orgId, history: [{ status: m.status, at: now }], attempts: 0, createdAt: now, updatedAt: now });
      if (m.interactionId !== undefined) {
        const existing = owned(orgId, byInteraction.get(key(orgId, m.interactionId)) ?? '');
        if (existing) return { created: false, message: copy(existing), duplicate: 'interactionId' };
      }
      if (m.providerId !== undefined) {
        const existing = messages.get(byProvider.get(m.providerId) ?? '');
        if (existing && existing.orgId !== orgId) throw new DuplicateError('message', 'providerId');
        if (existing) return { created: false, message: copy(existing), duplicate: 'providerId' };
      }
      const initialKey = isContactInitial(parsed) ? key(orgId, parsed.contactId ?? '') : undefined;
      if (initialKey !== undefined) {
        const existing = owned(orgId, initialByContact.get(initialKey) ?? '');
        if (existing) return { created: false, message: copy(existing), duplicate: 'contactInitial' };
      }
      const record: Message = { id: ctx.newId(), ...parsed };
      if (initialKey !== undefined) initialByContact.set(initialKey, record.id);
      messages.set(record.id, record);
      if (record.interactionId !== undefined) byInteraction.set(key(orgId, record.interactionId), record.id);
      if (record.providerId !== undefined) byProvider.set(record.providerId, record.id);
      if (record.conversationId !== undefined) addTo(byConversation, record.conversationId, record.id);
      else if (record.direction === 'inbound') addTo(unmatchedByOrg, orgId, record.id);
      if (record.campaignId !== undefined) addTo(byCampaign, record.campaignId, record.id);
      if (record.kind === 'initial' && record.direction === 'outbound') addTo(initialsByPhone, key(orgId, record.voterPhone), record.id);
      if (record.status === 'queued') queued.add(record.id);
      if (record.status === 'sending') sending.add(record.id);
      if (record.status === 'sent') sent.add(record.id);
      return { created: true, message: copy(record) };
    },
    async get(orgId, messageId) {
      const m = owned(orgId, messageId);
      return m ? copy(m) : null;
    },
    async findInitial(orgId, contactId) {
      const m = owned(orgId, initialByContact.get(key(orgId, contactId)) ?? '');
      return m ? copy(m) : null;
    },
    async findByProviderId(providerId) {
      const m = messages.get(byProvider.get(providerId) ?? '');
      return m ? copy(m) : null;
    },
    async claimForSending(orgId, messageId, now) {
      const m = owned(orgId, messageId);
      if (!m || m.status !== 'queued') return null;
      setStatus(m, 'sending', now);
      m.attempts += 1;
      return copy(m);
    },
    async requeue(orgId, messageId, now, errorCode) {
      const m = owned(orgId, messageId);
      if (!m) throw new NotFoundError('message', messageId);
      if (m.status === 'sending') setStatus(m, 'queued', now, errorCode);
    },
    async setProviderId(orgId, messageId, providerId, now) {
      const m = owned(orgId, messageId);
      if (!m) throw new NotFoundError('message', messageId);
      const holder = byProvider.get(providerId);
      if (holder !== undefined && holder !== m.id) throw new DuplicateError('message', 'providerId');
      if (m.providerId !== undefined && m.providerId !== providerId) byProvider.delete(m.providerId);
      m.providerId = providerId;
      m.updatedAt = now;
      byProvider.set(providerId, m.id);
    },
    async applyStatus(orgId, messageId, status, at, errorCode) {
      const m = owned(orgId, messageId);
      if (!m || !isForwardStatus(m.status, status)) return false;
      setStatus(m, status, at, errorCode);
      return true;
    },
    async listStaleQueued(before, limit) {
      return pick(queued)
        .filter((m) => m.updatedAt.getTime() < before.getTime())
        .sort(byDateThenId((m) => m.updatedAt))
        .slice(0, Math.max(0, limit))
        .map(copy);
    },
    async listStaleSending(before, limit) {
      return pick(sending)
        .filter((m) => m.providerId === undefined && m.updatedAt.getTime() < before.getTime())
        .sort(byDateThenId((m) => m.updatedAt))
        .slice(0, Math.max(0, limit))
        .map(copy);
    },
    async listStaleWithProvider(before, limit, createdAfter) {
      const out: Message[] = [];
      for (const m of [...pick(sending), ...pick(sent)]) {
        if (m.providerId === undefined || m.direction !== 'outbound') continue;
        if (m.updatedAt.getTime() >= before.getTime()) continue;
        if (createdAfter && m.createdAt.getTime() <= createdAfter.getTime()) continue;
        out.push(m);
      }
      return out.sort(byDateThenId((m) => m.updatedAt)).slice(0, Math.max(0, limit)).map(copy);
    },
    async markChecked(orgId, messageId, at) {
      const m = owned(orgId, messageId);
      if (!m) throw new NotFoundError('message', messageId);
      if (at.getTime() > m.updatedAt.getTime()) m.updatedAt = at;
    },
    async listByConversation(orgId, conversationId, limit) {
      const all = pick(byConversation.get(conversationId)).filter((m) => m.orgId === orgId).sort(chronological);
      return (limit === undefined ? all : all.slice(Math.max(0, all.length - limit))).map(copy);
    },
    async initialsToPhone(orgId, phone, since) {
      return pick(initialsByPhone.get(key(orgId, phone)))
        .filter((m) => m.createdAt.getTime() >= since.getTime())
        .sort(chronological)
        .map((m) => ({ campaignId: m.campaignId ?? '', at: new Date(m.createdAt) }));
    },
    async listUnmatched(orgId, limit) {
      const all = pick(unmatchedByOrg.get(orgId)).sort(chronological).reverse();
      return (limit === undefined ? all : all.slice(0, Math.max(0, limit))).map(copy);
    },
    async *streamByCampaign(orgId, campaignId) {
      for (const id of [...(byCampaign.get(campaignId) ?? [])]) {
        const m = messages.get(id);
        if (m && m.orgId === orgId) yield copy(m);
      }
    },
  };
}
