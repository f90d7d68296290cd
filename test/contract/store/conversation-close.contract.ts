/** Store contract: closing and reopening a conversation, and a contact's recorded outcome. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { at, contact, phone, seedCampaign, seedOrg } from './fixtures.js';

export function conversationCloseContract(get: () => Store): void {
  async function setup(s: Store) {
    const org = await seedOrg(s);
    const campaign = await seedCampaign(s, org.id);
    const conv = await s.conversations.upsertForContact(org.id, {
      orgId: org.id, campaignId: campaign.id, contactId: 'contact-1', volunteerId: 'vol-1', voterPhone: phone(1), lastDirection: 'outbound', lastMessageAt: at(1),
    });
    return { org, campaign, conv };
  }

  describe('conversations.close / reopen', () => {
    it('closes once with the time and reason; a second close (or a racing one) gets null', async () => {
      const s = get();
      const { org, conv } = await setup(s);
      expect(conv.closedAt).toBeUndefined();
      const racing = await Promise.all([s.conversations.close(org.id, conv.id, 'deceased', at(5)), s.conversations.close(org.id, conv.id, 'moved', at(5))]);
      const won = racing.filter((c) => c !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ id: conv.id, closedAt: at(5) });
      const reason = won[0]?.closedReason;
      expect(['deceased', 'moved']).toContain(reason);
      expect(await s.conversations.get(org.id, conv.id)).toMatchObject({ closedAt: at(5), closedReason: reason });
      expect(await s.conversations.close(org.id, conv.id, 'already_voted', at(6))).toBeNull();
      expect((await s.conversations.get(org.id, conv.id))?.closedReason).toBe(reason);
    });

    it('reopens a closed conversation once (fields gone), and then it can be closed again', async () => {
      const s = get();
      const { org, conv } = await setup(s);
      expect(await s.conversations.reopen(org.id, conv.id)).toBeNull();
      await s.conversations.close(org.id, conv.id, 'moved', at(5));
      const reopened = await Promise.all([s.conversations.reopen(org.id, conv.id), s.conversations.reopen(org.id, conv.id)]);
      expect(reopened.filter((c) => c !== null)).toHaveLength(1);
      const fresh = await s.conversations.get(org.id, conv.id);
      expect(fresh?.closedAt).toBeUndefined();
      expect(fresh?.closedReason).toBeUndefined();
      expect(await s.conversations.close(org.id, conv.id, 'already_voted', at(9))).toMatchObject({ closedAt: at(9), closedReason: 'already_voted' });
    });

    it('a closed conversation stops waiting and leaves the reply pool (nobody has to answer it)', async () => {
      const s = get();
      const { org, campaign, conv } = await setup(s);
      await s.conversations.touch(org.id, conv.id, at(2), 'inbound');
      expect(await s.conversations.releaseToPool(org.id, conv.id, at(2), at(3))).not.toBeNull();
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(1);
      const closed = await s.conversations.close(org.id, conv.id, 'moved', at(4));
      expect(closed?.awaitingSince).toBeUndefined();
      expect(closed?.pooledAt).toBeUndefined();
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(0);
      expect(await s.conversations.claimReplies(org.id, campaign.id, 'vol-2', 5, at(5))).toEqual([]);
    });

    it('is scoped by org: another org (or an unknown id) closes and reopens nothing', async () => {
      const s = get();
      const { conv } = await setup(s);
      const other = await seedOrg(s, 'Org B');
      expect(await s.conversations.close(other.id, conv.id, 'deceased', at(5))).toBeNull();
      expect(await s.conversations.close(other.id, '0123456789abcdef01234567', 'deceased', at(5))).toBeNull();
      expect(await s.conversations.reopen(other.id, conv.id)).toBeNull();
      expect((await s.conversations.get(conv.orgId, conv.id))?.closedAt).toBeUndefined();
    });
  });

  describe('contacts.setOutcome', () => {
    it('records the outcome (the latest press wins) and stamps updatedAt; scoped by org', async () => {
      const s = get();
      const { org, campaign } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, [contact(1)]);
      const [c] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: 'claim-1', volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      if (!c) throw new Error('no contact');
      expect((await s.contacts.get(org.id, c.id))?.outcome).toBeUndefined();
      await s.contacts.setOutcome(org.id, c.id, 'deceased', at(7));
      expect(await s.contacts.get(org.id, c.id)).toMatchObject({ outcome: 'deceased', updatedAt: at(7) });
      await s.contacts.setOutcome(org.id, c.id, 'moved', at(8));
      expect((await s.contacts.get(org.id, c.id))?.outcome).toBe('moved');
      const other = await seedOrg(s, 'Org B');
      await expect(s.contacts.setOutcome(other.id, c.id, 'wrong_number', at(9))).rejects.toBeInstanceOf(NotFoundError);
      expect((await s.contacts.get(org.id, c.id))?.outcome).toBe('moved');
    });
  });
}
