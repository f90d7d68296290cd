/** Contacts, in memory (indexes in contact-index.ts). */
import type { ClaimedContact, ContactRepository } from '../../core/ports.js';
import { MESSAGED_OR_LATER, NOT_YET_MESSAGED, type Contact } from '../../core/model/contact.js';
import { UNTEXTABLE_LINE_TYPES } from '../../core/lookups/model.js';
import { NotFoundError } from '../../core/errors.js';
import { ContactTable, zeroCounts } from './contact-index.js';
import { newContactRecords } from './contact-record.js';
import { assertFieldKey, copy } from './support.js';
import { matchesFilters, statusExclusion } from '../../core/segments/match.js';
import type { SegmentCounts } from '../../core/segments/segment.js';
import type { MemoryContext } from './support.js';


export function createMemoryContacts(
  ctx: MemoryContext,
  campaignOrg: (campaignId: string) => string | undefined,
  /** The org's opt-out list (segments leave those phones out). */
  optedOutPhones: (orgId: string) => ReadonlySet<string> | undefined = () => undefined,
): ContactRepository {
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
    async claimPending({ orgId, campaignId, claimId, volunteerId, limit, windowKeys, now, segment, formerVolunteerId }) {
      // Synchronous from here to the return: no other call can interleave with this claim.
      if (!ownsCampaign(orgId, campaignId) || limit <= 0 || windowKeys.length === 0) return [];
      const claimed: ClaimedContact[] = [];
      // A segmented claim passes over pending contacts outside the segment (they stay pending).
      // So does one for a volunteer's own former voters (a follow-up's contacts they had before).
      const where = segment || formerVolunteerId
        ? (c: Contact) => (!formerVolunteerId || c.followUpOf?.volunteerId === formerVolunteerId) && (!segment || matchesFilters(c, segment))
        : () => true;
      const taken = t.popPendingWhere(campaignId, windowKeys, limit, where);
      t.assignPending(campaignId, taken, claimId);
      for (const c of taken) {
        c.volunteerId = volunteerId;
        c.updatedAt = now;
        claimed.push({ id: c.id, phone: c.phone, language: c.language });
      }
      return claimed;
    },
    async setVariants(orgId, claimId, assignments) {
      let set = 0;
      for (const { contactId, variant } of assignments) {
        const c = owned(orgId, contactId);
        if (!c || c.status !== 'assigned' || c.claimId !== claimId) continue;
        c.variant = variant;
        set += 1;
      }
      return set;
    },
    async markMessaged(orgId, contactId, claimId, now) {
      const c = owned(orgId, contactId);
      if (c && c.status === 'assigned' && c.claimId === claimId) {
        t.setStatus(c, 'messaged');
        c.lastMessageAt = now;
        c.messagedAt ??= now; // segments: when the first text was pressed
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
      for (const c of [...(t.byClaim.get(claimId) ?? [])]) {
        if (c.orgId !== orgId || c.status !== 'assigned') continue;
        t.setStatus(c, 'pending');
        t.setClaim(c, undefined);
        delete c.volunteerId;
        c.updatedAt = now;
        released += 1;
      }
      return released;
    },
    async nextAssigned(orgId, claimId) {
      // The lowest id: one pass over the claim's contacts, not a sort, on every card.
      let first: Contact | undefined;
      for (const c of t.byClaim.get(claimId) ?? []) if (isAssignedIn(c, orgId) && (first === undefined || c.id < first.id)) first = c;
      return first ? copy(first) : null;
    },
    async countAssigned(orgId, claimId) {
      let n = 0;
      for (const c of t.byClaim.get(claimId) ?? []) if (isAssignedIn(c, orgId)) n += 1;
      return n;
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
    async recordLinkClick(orgId, contactId, at) {
      const c = owned(orgId, contactId);
      if (!c) return null;
      const first = c.linkClickedAt === undefined;
      if (first) c.linkClickedAt = new Date(at);
      c.linkClicks = (c.linkClicks ?? 0) + 1;
      return { first };
    },
    async setLineType(orgId, contactId, lineType, now) {
      const c = owned(orgId, contactId);
      if (!c) return null;
      c.lineType = lineType;
      // Landline and VoIP numbers cannot get a text: a contact not yet texted leaves the pool, or
      // the batch it is in (its card moves on; a Send press on it is told it left the batch).
      if (NOT_YET_MESSAGED.includes(c.status) && UNTEXTABLE_LINE_TYPES.includes(lineType)) t.setStatus(c, 'landline');
      c.updatedAt = now;
      return copy(c);
    },
    async countNeedingLookup(orgId, campaignId) {
      if (!ownsCampaign(orgId, campaignId)) return 0;
      let n = 0;
      for (const id of t.idsOfCampaign(campaignId)) {
        const c = t.byId.get(id);
        if (c !== undefined && NOT_YET_MESSAGED.includes(c.status) && c.lineType === undefined) n += 1;
      }
      return n;
    },
    async setFacts(orgId, contactId, facts) {
      const c = owned(orgId, contactId);
      if (!c) throw new NotFoundError('contact', contactId);
      if (facts.messagedAt !== undefined && c.messagedAt === undefined) c.messagedAt = new Date(facts.messagedAt);
      if (facts.repliedAt !== undefined && c.repliedAt === undefined) c.repliedAt = new Date(facts.repliedAt);
      if (facts.replyIntent !== undefined) c.replyIntent = facts.replyIntent;
      if (facts.initialStatus !== undefined) c.initialStatus = facts.initialStatus;
      if (facts.initialErrorCode !== undefined) c.initialErrorCode = facts.initialErrorCode;
    },
    async countSegment(orgId, campaignIds, segment) {
      const counts: SegmentCounts = { matched: 0, excludedOptOut: 0, excludedStatus: 0 };
      const listed = optedOutPhones(orgId);
      // Per campaign, straight over the table: no copies (a preview of 1M contacts stays fast).
      for (const campaignId of new Set(campaignIds)) {
        if (!ownsCampaign(orgId, campaignId)) continue;
        const ids = t.idsOfCampaign(campaignId);
        for (let i = 0; i < ids.length; i += 1) {
          const c = t.byId.get(ids[i] as string);
          if (!c || !matchesFilters(c, segment)) continue;
          const excluded = statusExclusion(c.status);
          if (excluded === 'status') counts.excludedStatus += 1;
          else if (excluded === 'opt_out' || listed?.has(c.phone)) counts.excludedOptOut += 1;
          else counts.matched += 1;
        }
      }
      return counts;
    },
    async *streamSegment(orgId, campaignIds, segment) {
      // Each campaign's ids are in id order: merge them, so the stream is in id order overall.
      const lists = [...new Set(campaignIds)].filter((id) => ownsCampaign(orgId, id)).map((id) => {
        const ids = t.idsOfCampaign(id);
        return { ids, end: ids.length, at: 0 }; // append-only: a snapshot by length
      });
      for (;;) {
        let next: (typeof lists)[number] | undefined;
        for (const l of lists) if (l.at < l.end && (!next || (l.ids[l.at] as string) < (next.ids[next.at] as string))) next = l;
        if (!next) return;
        const c = t.byId.get(next.ids[next.at] as string);
        next.at += 1;
        if (c && statusExclusion(c.status) === undefined && matchesFilters(c, segment) && !optedOutPhones(orgId)?.has(c.phone)) yield copy(c);
      }
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

  function isAssignedIn(c: Contact, orgId: string): boolean {
    return c.orgId === orgId && c.status === 'assigned';
  }
}
