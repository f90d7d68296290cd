/** Contacts, in memory (indexes in contact-index.ts). */
import type { ContactRepository } from '../../core/ports.js';
import type { Contact, ContactStatus } from '../../core/model/contact.js';
import { NotFoundError } from '../../core/errors.js';
import { ContactTable, zeroCounts } from './contact-index.js';
import { newContactRecords } from './contact-record.js';
import { assertFieldKey, byId, copy } from './support.js';
import type { MemoryContext } from './support.js';

/** Statuses a contact reaches only after its initial text was pressed. */
const MESSAGED_OR_LATER: readonly ContactStatus[] = ['messaged', 'needs_reply', 'replied', 'closed'];
/** "Not yet messaged" for org-wide opt-outs (R1.5). */
const NOT_YET_MESSAGED: readonly ContactStatus[] = ['pending', 'assigned'];

export function createMemoryContacts(ctx: MemoryContext, campaignOrg: (campaignId: string) => string | undefined): ContactRepository {
  const t = new ContactTable();
  const owned = (orgId: string, contactId: string): Contact | undefined => {
    const c = t.byId.get(contactId);
    return c && c.orgId === orgId ? c : undefined;
  };
  const ownsCampaign = (orgId: string, campaignId: string): boolean => campaignOrg(campaignId) === orgId;

  return {
    async insertMany(orgId, campaignId, contacts) {
      if (!ownsCampaign(orgId, campaignId)) throw new NotFoundError('campaign', campaignId);
      // Validate everything first: an invalid row rejects the batch before anything is stored.
      const records = newContactRecords(orgId, campaignId, contacts, ctx.clock.now());
      const duplicates: string[] = [];
      let inserted = 0;
      for (const record of records) {
        if (t.phoneInCampaign(campaignId, record.phone) !== undefined) {
          duplicates.push(record.phone);
          continue;
        }
        record.id = ctx.newId(); // a fresh record of our own: no copy needed
        t.insert(record);
        inserted += 1;
      }
      return { inserted, duplicates };
    },
    async get(orgId, contactId) {
      const c = owned(orgId, contactId);
      return c ? copy(c) : null;
    },
    async findByPhone(orgId, campaignId, phone) {
      const id = ownsCampaign(orgId, campaignId) ? t.phoneInCampaign(campaignId, phone) : undefined;
      const c = id === undefined ? undefined : owned(orgId, id);
      return c ? copy(c) : null;
    },
    async existingPhones(orgId, campaignId, phones) {
      const found = new Set<string>();
      if (!ownsCampaign(orgId, campaignId)) return found;
      for (const p of phones) if (t.phoneInCampaign(campaignId, p) !== undefined) found.add(p);
      return found;
    },
    async pendingWindowKeys(orgId, campaignId) {
      return ownsCampaign(orgId, campaignId) ? t.pendingWindowKeys(campaignId) : [];
    },
    async claimPending({ orgId, campaignId, claimId, volunteerId, limit, windowKeys, now }) {
      // Synchronous from here to the return: no other call can interleave with this claim.
      if (!ownsCampaign(orgId, campaignId) || limit <= 0 || windowKeys.length === 0) return [];
      const claimed: Contact[] = [];
      while (claimed.length < limit) {
        const c = t.popPending(campaignId, windowKeys);
        if (!c) break;
        t.setStatus(c, 'assigned');
        t.setClaim(c, claimId);
        c.volunteerId = volunteerId;
        c.updatedAt = now;
        claimed.push(copy(c));
      }
      return claimed;
    },
    async markMessaged(orgId, contactId, claimId, now) {
      const c = owned(orgId, contactId);
      if (c && c.status === 'assigned' && c.claimId === claimId) {
        t.setStatus(c, 'messaged');
        c.lastMessageAt = now;
        c.updatedAt = now;
        return { ok: true, contact: copy(c) };
      }
      if (c && c.claimId === claimId && MESSAGED_OR_LATER.includes(c.status)) return { ok: false, reason: 'already_messaged' };
      return { ok: false, reason: 'not_assigned' };
    },
    async transition(orgId, contactId, from, to, now, patch) {
      const c = owned(orgId, contactId);
      if (!c || !from.includes(c.status)) return null;
      t.setStatus(c, to);
      if (to === 'pending') {
        // Back in the pool: no claim, no volunteer.
        t.setClaim(c, undefined);
        delete c.volunteerId;
      }
      if (patch?.lastMessageAt !== undefined) c.lastMessageAt = patch.lastMessageAt;
      if (patch?.volunteerId !== undefined) c.volunteerId = patch.volunteerId;
      c.updatedAt = now;
      return copy(c);
    },
    async releaseClaim(orgId, claimId, now) {
      let released = 0;
      for (const id of [...(t.byClaim.get(claimId) ?? [])]) {
        const c = t.byId.get(id);
        if (!c || c.orgId !== orgId || c.status !== 'assigned') continue;
        t.setStatus(c, 'pending');
        t.setClaim(c, undefined);
        delete c.volunteerId;
        c.updatedAt = now;
        released += 1;
      }
      return released;
    },
    async nextAssigned(orgId, claimId) {
      const assigned = assignedOf(orgId, claimId).sort(byId);
      return assigned[0] ? copy(assigned[0]) : null;
    },
    async countAssigned(orgId, claimId) {
      return assignedOf(orgId, claimId).length;
    },
    async countByStatus(orgId, campaignId) {
      return ownsCampaign(orgId, campaignId) ? { ...t.countsOf(campaignId) } : zeroCounts();
    },
    async optOutPhone(orgId, phone, now) {
      let changed = 0;
      for (const id of t.idsByOrgPhone(orgId, phone)) {
        const c = t.byId.get(id);
        if (!c || !NOT_YET_MESSAGED.includes(c.status)) continue;
        t.setStatus(c, 'opted_out');
        c.updatedAt = now;
        changed += 1;
      }
      return changed;
    },
    async setSurveyAnswer(orgId, contactId, questionId, answerId) {
      assertFieldKey(questionId, 'survey question id');
      const c = owned(orgId, contactId);
      if (!c) throw new NotFoundError('contact', contactId);
      c.surveyAnswers[questionId] = answerId;
    },
    async addTag(orgId, contactId, tag) {
      const c = owned(orgId, contactId);
      if (!c) throw new NotFoundError('contact', contactId);
      if (!c.tags.includes(tag)) c.tags.push(tag);
    },
    async setOutcome(orgId, contactId, outcome, now) {
      const c = owned(orgId, contactId);
      if (!c) throw new NotFoundError('contact', contactId);
      c.outcome = outcome;
      c.updatedAt = now;
    },
    async *streamByCampaign(orgId, campaignId) {
      if (!ownsCampaign(orgId, campaignId)) return;
      const ids = t.idsOfCampaign(campaignId);
      const end = ids.length; // append-only: a snapshot by length
      for (let i = 0; i < end; i += 1) {
        const c = t.byId.get(ids[i] as string);
        if (c) yield copy(c);
      }
    },
  };

  function assignedOf(orgId: string, claimId: string): Contact[] {
    const out: Contact[] = [];
    for (const id of t.byClaim.get(claimId) ?? []) {
      const c = t.byId.get(id);
      if (c && c.orgId === orgId && c.status === 'assigned') out.push(c);
    }
    return out;
  }
}
