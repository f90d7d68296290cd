/**
 * Store contract: follow-up campaigns. A follow-up's contact takes over the conversation (and
 * chat thread) of the contact it was copied from, atomically and once; the campaign keeps its
 * source and segment, and its segmented posts; contacts keep where they came from.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { at, contact, phone, seedCampaign, seedOrg, stored } from './fixtures.js';

export function followUpsContract(get: () => Store): void {
  async function setup(s: Store) {
    const org = await seedOrg(s);
    const source = await seedCampaign(s, org.id, 'gotv');
    const followUp = await seedCampaign(s, org.id, 'gotv-yes');
    const conv = await s.conversations.upsertForContact(org.id, {
      orgId: org.id, campaignId: source.id, contactId: 'contact-1', volunteerId: 'vol-1', voterPhone: phone(1), lastDirection: 'outbound', lastMessageAt: at(1),
    });
    await s.conversations.addThread(org.id, conv.id, { platform: 'slack', channelId: 'C1', messageId: '1.1', threadId: '1.1' });
    return { org, source, followUp, conv };
  }
  const move = (campaignId: string) => ({ fromContactId: 'contact-1', campaignId, contactId: 'contact-2', volunteerId: 'vol-2' });

  describe('conversations.moveToFollowUp', () => {
    it('moves the conversation (threads kept) to the follow-up contact once; a racing or second move gets null', async () => {
      const s = get();
      const { org, followUp, conv } = await setup(s);
      const racing = await Promise.all([s.conversations.moveToFollowUp(org.id, conv.id, move(followUp.id), at(5)), s.conversations.moveToFollowUp(org.id, conv.id, move(followUp.id), at(5))]);
      const won = racing.filter((c) => c !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ id: conv.id, campaignId: followUp.id, contactId: 'contact-2', volunteerId: 'vol-2', lastMessageAt: at(5), lastDirection: 'outbound' });
      expect(won[0]?.threads.map((t) => t.threadId)).toEqual(['1.1']);
      expect((await s.conversations.findByContact(org.id, 'contact-2'))?.id).toBe(conv.id);
      expect(await s.conversations.findByContact(org.id, 'contact-1')).toBeNull();
      expect((await s.conversations.findByThread('slack', 'C1', '1.1'))?.contactId).toBe('contact-2');
      expect((await s.conversations.findLatestForPhone(org.id, phone(1)))?.campaignId).toBe(followUp.id);
      expect((await s.conversations.listByVolunteer(org.id, 'vol-2')).map((c) => c.id)).toEqual([conv.id]);
      expect(await s.conversations.listByVolunteer(org.id, 'vol-1')).toEqual([]);
      // upsertForContact of the follow-up contact finds the moved one (no second conversation).
      const again = await s.conversations.upsertForContact(org.id, {
        orgId: org.id, campaignId: followUp.id, contactId: 'contact-2', volunteerId: 'vol-2', voterPhone: phone(1), lastDirection: 'outbound', lastMessageAt: at(6),
      });
      expect(again.id).toBe(conv.id);
      expect(await s.conversations.moveToFollowUp(org.id, conv.id, move(followUp.id), at(7))).toBeNull();
    });

    it('a waiting, pooled conversation stops waiting and leaves the source campaign\'s pool', async () => {
      const s = get();
      const { org, source, followUp, conv } = await setup(s);
      await s.conversations.touch(org.id, conv.id, at(2), 'inbound');
      expect(await s.conversations.releaseToPool(org.id, conv.id, at(2), at(3))).not.toBeNull();
      const moved = await s.conversations.moveToFollowUp(org.id, conv.id, move(followUp.id), at(4));
      expect(moved?.awaitingSince).toBeUndefined();
      expect(moved?.pooledAt).toBeUndefined();
      expect(await s.conversations.countPooled(org.id, source.id)).toBe(0);
      expect(await s.conversations.countPooled(org.id, followUp.id)).toBe(0);
    });

    it('refuses when the follow-up contact already has a conversation, or the org is another', async () => {
      const s = get();
      const { org, followUp, conv } = await setup(s);
      await s.conversations.upsertForContact(org.id, {
        orgId: org.id, campaignId: followUp.id, contactId: 'contact-2', volunteerId: 'vol-2', voterPhone: phone(1), lastDirection: 'outbound', lastMessageAt: at(1),
      });
      expect(await s.conversations.moveToFollowUp(org.id, conv.id, move(followUp.id), at(5))).toBeNull();
      const other = await seedOrg(s, 'Org B');
      expect(await s.conversations.moveToFollowUp(other.id, conv.id, { ...move(followUp.id), contactId: 'contact-3' }, at(5))).toBeNull();
      expect(await s.conversations.moveToFollowUp(org.id, '0123456789abcdef01234567', { ...move(followUp.id), contactId: 'contact-3' }, at(5))).toBeNull();
      expect((await s.conversations.get(org.id, conv.id))?.contactId).toBe('contact-1');
    });
  });

  describe('contacts.claimPending formerVolunteerId', () => {
    it('takes only the pending follow-up contacts whose conversation this volunteer had, atomically', async () => {
      const s = get();
      const { org, source, followUp } = await setup(s);
      const from = (volunteerId?: string) => ({ campaignId: source.id, contactId: 'c', ...(volunteerId ? { volunteerId } : {}) });
      await s.contacts.insertMany(org.id, followUp.id, [
        contact(1, { followUpOf: from('vol-1'), windowKey: 'k' }), contact(2, { followUpOf: from('vol-2'), windowKey: 'k' }),
        contact(3, { followUpOf: from('vol-1'), windowKey: 'k' }), contact(4, { followUpOf: from(), windowKey: 'k' }),
      ]);
      const claim = (claimId: string, volunteerId: string, formerVolunteerId?: string) => s.contacts.claimPending({
        orgId: org.id, campaignId: followUp.id, claimId, volunteerId, limit: 10, windowKeys: ['k'], now: at(2), ...(formerVolunteerId ? { formerVolunteerId } : {}),
      });
      const [mine, racing] = await Promise.all([claim('claim-1', 'vol-1', 'vol-1'), claim('claim-2', 'vol-1', 'vol-1')]);
      expect([...mine, ...racing].map((c) => c.phone).sort()).toEqual([phone(1), phone(3)]);
      expect((await stored(s, org.id, [...mine, ...racing])).every((c) => c.status === 'assigned' && c.volunteerId === 'vol-1')).toBe(true);
      expect(await claim('claim-3', 'vol-3', 'vol-3')).toEqual([]);
      expect((await claim('claim-4', 'vol-3')).map((c) => c.phone).sort()).toEqual([phone(2), phone(4)]);
    });
  });

  describe('follow-up records', () => {
    it('a contact keeps followUpOf (source contact, conversation, volunteer) and its answers', async () => {
      const s = get();
      const { org, source, followUp } = await setup(s);
      const followUpOf = { campaignId: source.id, contactId: 'contact-1', conversationId: 'conv-1', volunteerId: 'vol-1' };
      await s.contacts.insertMany(org.id, followUp.id, [contact(1, { followUpOf, surveyAnswers: { q1: 'yes' } })]);
      const stored = await s.contacts.findByPhone(org.id, followUp.id, phone(1));
      expect(stored?.followUpOf).toEqual(followUpOf);
      expect(stored?.surveyAnswers).toEqual({ q1: 'yes' });
    });

    it('a campaign keeps its source and segment, and its segmented posts', async () => {
      const s = get();
      const { org, source, followUp } = await setup(s);
      const segment = { answers: [{ questionId: 'q1', answerIds: ['yes'] }], langs: ['es' as const] };
      const snapshot = { status: 'running' as const, read: 0, copied: 0, duplicates: 0 };
      await s.campaigns.update(org.id, followUp.id, { followUpOf: { campaignId: source.id, segment, snapshot } });
      await s.campaigns.update(org.id, followUp.id, { posts: [{ id: 'p1', segment: { langs: ['es'] }, label: 'lang:es', channelId: 'C1', createdBy: 'm1', createdAt: at(1) }] });
      const got = await s.campaigns.get(org.id, followUp.id);
      expect(got?.followUpOf).toEqual({ campaignId: source.id, segment, snapshot });
      expect(got?.posts).toEqual([{ id: 'p1', segment: { langs: ['es'] }, label: 'lang:es', channelId: 'C1', createdBy: 'm1', createdAt: at(1) }]);
      expect((await s.campaigns.get(org.id, source.id))?.posts ?? []).toEqual([]);
    });
  });
}
