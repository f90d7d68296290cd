/** Store contract: tenant isolation — org A never sees or changes org B's records through A's id. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { at, collect, contacts, inbound, outbound, phone, seedCampaign, seedOrg } from './fixtures.js';

/** Org B with one of everything; B's phones (500+) never occur in org A. */
async function seedOrgB(s: Store) {
  const org = await seedOrg(s, 'Org B');
  const member = await s.members.upsert(org.id, { platformUserId: 'UB', displayName: 'Bea', role: 'owner' });
  const campaign = await seedCampaign(s, org.id, 'b-only');
  await s.contacts.insertMany(org.id, campaign.id, contacts(500, 3));
  const claim = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: member.id, now: at(0) });
  const [assigned] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: member.id, limit: 1, windowKeys: ['ET'], now: at(1) });
  if (!assigned) throw new Error('setup: no contact claimed');
  const conversation = await s.conversations.upsertForContact(org.id, { orgId: org.id, campaignId: campaign.id, contactId: assigned.id, volunteerId: member.id, voterPhone: phone(500), lastMessageAt: at(1), lastDirection: 'outbound' });
  await s.conversations.addThread(org.id, conversation.id, { platform: 'slack', channelId: 'CB', threadId: 'TB' });
  const message = (await s.messages.create(org.id, outbound(org.id, { campaignId: campaign.id, conversationId: conversation.id, voterPhone: phone(500), interactionId: 'I-B' }))).message;
  await s.messages.create(org.id, inbound(org.id, { voterPhone: phone(501) }));
  const optOut = (await s.optOuts.record(org.id, { orgId: org.id, phone: phone(502), source: 'keyword', at: at(1) })).optOut;
  await s.audit.append({ orgId: org.id, at: at(1), actor: { type: 'system' }, action: 'claim.created', subject: { type: 'claim', id: claim.id } });
  return { org, member, campaign, claim, assigned, conversation, message, optOut };
}

/** Everything B can see about itself, to prove nothing changed. */
async function snapshotB(s: Store, b: Awaited<ReturnType<typeof seedOrgB>>) {
  const id = b.org.id;
  return {
    members: await s.members.list(id),
    campaign: await s.campaigns.get(id, b.campaign.id),
    contacts: (await collect(s.contacts.streamByCampaign(id, b.campaign.id))).sort((x, y) => (x.id < y.id ? -1 : 1)),
    claim: await s.claims.get(id, b.claim.id),
    conversation: await s.conversations.get(id, b.conversation.id),
    messages: await collect(s.messages.streamByCampaign(id, b.campaign.id)),
    unmatched: await s.messages.listUnmatched(id),
    optOuts: await s.optOuts.list(id),
    audit: await s.audit.list(id),
  };
}

export function isolationContract(get: () => Store): void {
  describe('tenant isolation', () => {
    it('hides org B from every getter and list called with org A', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      await seedCampaign(s, a.id, 'a-only');
      const b = await seedOrgB(s);
      const A = a.id;
      expect(await s.members.get(A, b.member.id)).toBeNull();
      expect(await s.members.findByPlatformUser(A, 'UB')).toBeNull();
      expect(await s.members.list(A)).toEqual([]);
      expect(await s.campaigns.get(A, b.campaign.id)).toBeNull();
      expect(await s.campaigns.findBySlug(A, 'b-only')).toBeNull();
      expect((await s.campaigns.list(A)).map((c) => c.slug)).toEqual(['a-only']);
      expect(await s.contacts.get(A, b.assigned.id)).toBeNull();
      expect(await s.contacts.existingPhones(A, b.campaign.id, [phone(500), phone(501)])).toEqual(new Set());
      expect(await s.contacts.pendingWindowKeys(A, b.campaign.id)).toEqual([]);
      expect(await s.contacts.nextAssigned(A, b.claim.id)).toBeNull();
      expect(await s.contacts.countAssigned(A, b.claim.id)).toBe(0);
      expect(Object.values(await s.contacts.countByStatus(A, b.campaign.id)).every((n) => n === 0)).toBe(true);
      expect(await collect(s.contacts.streamByCampaign(A, b.campaign.id))).toEqual([]);
      expect(await s.claims.get(A, b.claim.id)).toBeNull();
      expect(await s.claims.listActive(A, b.campaign.id)).toEqual([]);
      expect(await s.conversations.get(A, b.conversation.id)).toBeNull();
      expect(await s.conversations.findByContact(A, b.assigned.id)).toBeNull();
      expect(await s.conversations.findLatestForPhone(A, phone(500))).toBeNull();
      expect(await s.conversations.listByVolunteer(A, b.member.id)).toEqual([]);
      expect(await s.messages.get(A, b.message.id)).toBeNull();
      expect(await s.messages.listByConversation(A, b.conversation.id)).toEqual([]);
      expect(await s.messages.initialsToPhone(A, phone(500), at(-600))).toEqual([]);
      expect(await s.messages.listUnmatched(A)).toEqual([]);
      expect(await collect(s.messages.streamByCampaign(A, b.campaign.id))).toEqual([]);
      expect(await s.optOuts.isOptedOut(A, phone(502))).toBe(false);
      expect(await s.optOuts.get(A, phone(502))).toBeNull();
      expect(await s.optOuts.filterOptedOut(A, [phone(502)])).toEqual(new Set());
      expect(await s.optOuts.list(A)).toEqual([]);
      expect(await s.optOuts.count(A)).toBe(0);
      expect(await s.audit.list(A)).toEqual([]);
    });

    it('never lets org A change org B', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      const b = await seedOrgB(s);
      const before = await snapshotB(s, b);
      const A = a.id;
      const nf = NotFoundError;
      await expect(s.members.setRole(A, b.member.id, 'volunteer')).rejects.toBeInstanceOf(nf);
      await expect(s.campaigns.update(A, b.campaign.id, { name: 'hijacked' })).rejects.toBeInstanceOf(nf);
      expect(await s.campaigns.transition(A, b.campaign.id, ['draft'], 'active')).toBeNull();
      await expect(s.campaigns.increment(A, b.campaign.id, { sent: 1 })).rejects.toBeInstanceOf(nf);
      await expect(s.contacts.insertMany(A, b.campaign.id, contacts(500, 1))).rejects.toBeInstanceOf(nf);
      expect(await s.contacts.claimPending({ orgId: A, campaignId: b.campaign.id, claimId: b.claim.id, volunteerId: 'x', limit: 10, windowKeys: ['ET'], now: at(2) })).toEqual([]);
      expect(await s.contacts.markMessaged(A, b.assigned.id, b.claim.id, at(2))).toEqual({ ok: false, reason: 'not_assigned' });
      expect(await s.contacts.transition(A, b.assigned.id, ['assigned'], 'skipped', at(2))).toBeNull();
      expect(await s.contacts.releaseClaim(A, b.claim.id, at(2))).toBe(0);
      expect(await s.contacts.optOutPhone(A, phone(501), at(2))).toBe(0);
      await expect(s.contacts.setSurveyAnswer(A, b.assigned.id, 'q', 'a')).rejects.toBeInstanceOf(nf);
      await expect(s.contacts.addTag(A, b.assigned.id, 't')).rejects.toBeInstanceOf(nf);
      await expect(s.claims.setSize(A, b.claim.id, 99)).rejects.toBeInstanceOf(nf);
      await expect(s.claims.touch(A, b.claim.id, at(3))).rejects.toBeInstanceOf(nf);
      expect(await s.claims.end(A, b.claim.id, 'released', at(3))).toBeNull();
      const conv = await s.conversations.upsertForContact(A, { orgId: b.org.id, campaignId: b.campaign.id, contactId: b.assigned.id, volunteerId: 'x', voterPhone: phone(500), lastMessageAt: at(3), lastDirection: 'outbound' });
      expect(conv.id).not.toBe(b.conversation.id);
      expect(conv.orgId).toBe(A);
      await expect(s.conversations.addThread(A, b.conversation.id, { platform: 'slack', channelId: 'CX', threadId: 'TX' })).rejects.toBeInstanceOf(nf);
      await expect(s.conversations.touch(A, b.conversation.id, at(9), 'inbound')).rejects.toBeInstanceOf(nf);
      await expect(s.conversations.setVolunteer(A, b.conversation.id, 'x')).rejects.toBeInstanceOf(nf);
      await expect(s.conversations.setPendingOptOutReview(A, b.conversation.id, true)).rejects.toBeInstanceOf(nf);
      expect(await s.messages.claimForSending(A, b.message.id, at(3))).toBeNull();
      await expect(s.messages.requeue(A, b.message.id, at(3))).rejects.toBeInstanceOf(nf);
      await expect(s.messages.setProviderId(A, b.message.id, 'SMX', at(3))).rejects.toBeInstanceOf(nf);
      expect(await s.messages.applyStatus(A, b.message.id, 'sent', at(3))).toBe(false);
      expect((await s.messages.create(A, outbound(A, { interactionId: 'I-B' }))).created).toBe(true);
      expect(await s.optOuts.remove(A, phone(502))).toBeNull();
      expect(await s.optOuts.markConfirmationSent(A, b.optOut.id, at(3))).toBe(false);
      expect((await s.optOuts.record(A, { orgId: A, phone: phone(502), source: 'admin', at: at(3) })).created).toBe(true);
      expect(await snapshotB(s, b)).toEqual(before);
    });
  });
}
