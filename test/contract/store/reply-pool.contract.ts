/** Store contract: waiting replies and the campaign's reply pool (release, claim, count). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { at, phone, seedCampaign, seedOrg } from './fixtures.js';

export function replyPoolContract(get: () => Store): void {
  describe('reply pool', () => {
    async function setup(s: Store, n: number) {
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      const conversations = [];
      for (let i = 0; i < n; i += 1) {
        conversations.push(await s.conversations.upsertForContact(org.id, {
          orgId: org.id, campaignId: campaign.id, contactId: `contact-${i}`, volunteerId: 'vol-1', voterPhone: phone(i), lastDirection: 'outbound', lastMessageAt: at(0),
        }));
      }
      return { org, campaign, conversations };
    }

    it('an inbound text starts the wait (the first unanswered one counts); an outbound one ends it', async () => {
      const s = get();
      const { org, conversations: [c] } = await setup(s, 1);
      await s.conversations.touch(org.id, c!.id, at(1), 'inbound');
      await s.conversations.touch(org.id, c!.id, at(3), 'inbound');
      expect(await s.conversations.get(org.id, c!.id)).toMatchObject({ awaitingSince: at(1), lastMessageAt: at(3) });
      await s.conversations.touch(org.id, c!.id, at(4), 'outbound');
      const answered = await s.conversations.get(org.id, c!.id);
      expect(answered?.awaitingSince).toBeUndefined();
      await s.conversations.touch(org.id, c!.id, at(5), 'inbound');
      expect((await s.conversations.get(org.id, c!.id))?.awaitingSince).toEqual(at(5));
    });

    it('releases only while the same wait goes on, once; an answer takes it out of the pool', async () => {
      const s = get();
      const { org, campaign, conversations: [c] } = await setup(s, 1);
      await s.conversations.touch(org.id, c!.id, at(1), 'inbound');
      expect(await s.conversations.releaseToPool(org.id, c!.id, at(2), at(61))).toBeNull(); // another wait
      const released = await Promise.all([s.conversations.releaseToPool(org.id, c!.id, at(1), at(61)), s.conversations.releaseToPool(org.id, c!.id, at(1), at(61))]);
      expect(released.filter((r) => r !== null)).toHaveLength(1);
      expect(released.find((r) => r !== null)).toMatchObject({ id: c!.id, pooledAt: at(61), awaitingSince: at(1) });
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(1);
      // The first volunteer answers from the thread that stayed: no longer waiting, no longer pooled.
      await s.conversations.touch(org.id, c!.id, at(62), 'outbound');
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(0);
      expect((await s.conversations.get(org.id, c!.id))?.pooledAt).toBeUndefined();
      expect(await s.conversations.releaseToPool(org.id, c!.id, at(1), at(63))).toBeNull();
      expect(await s.conversations.releaseToPool(org.id, '0123456789abcdef01234567', at(1), at(63))).toBeNull();
    });

    it('claimReplies gives the longest-waiting pooled conversations to the volunteer, up to the limit', async () => {
      const s = get();
      const { org, campaign, conversations } = await setup(s, 5);
      const other = await seedCampaign(s, org.id, 'other');
      const elsewhere = await s.conversations.upsertForContact(org.id, { orgId: org.id, campaignId: other.id, contactId: 'x', volunteerId: 'vol-1', voterPhone: phone(99), lastDirection: 'outbound', lastMessageAt: at(0) });
      // Waiting since 10, 9, 8, 7 minutes; the last one waits but was never released.
      for (const [i, c] of conversations.entries()) {
        await s.conversations.touch(org.id, c.id, at(10 - i), 'inbound');
        if (i < 4) await s.conversations.releaseToPool(org.id, c.id, at(10 - i), at(70));
      }
      await s.conversations.touch(org.id, elsewhere.id, at(1), 'inbound');
      await s.conversations.releaseToPool(org.id, elsewhere.id, at(1), at(70));
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(4);
      const first = await s.conversations.claimReplies(org.id, campaign.id, 'vol-2', 3, at(71));
      expect(first.map((c) => c.id)).toEqual([conversations[3]!.id, conversations[2]!.id, conversations[1]!.id]);
      expect(first.every((c) => c.volunteerId === 'vol-2' && c.pooledAt === undefined)).toBe(true);
      expect((await s.conversations.listByVolunteer(org.id, 'vol-2')).map((c) => c.id).sort()).toEqual(first.map((c) => c.id).sort());
      const rest = await s.conversations.claimReplies(org.id, campaign.id, 'vol-3', 10, at(72));
      expect(rest.map((c) => c.id)).toEqual([conversations[0]!.id]);
      expect(await s.conversations.claimReplies(org.id, campaign.id, 'vol-3', 10, at(72))).toEqual([]);
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(0);
      expect(await s.conversations.countPooled(org.id, other.id)).toBe(1);
      // Scoped by org: another org's claim takes nothing.
      const orgB = await seedOrg(s, 'Org B');
      expect(await s.conversations.claimReplies(orgB.id, other.id, 'vol-9', 10, at(72))).toEqual([]);
      expect(await s.conversations.countPooled(orgB.id, other.id)).toBe(0);
    });

    it('a conversation given to a volunteer by name (reassign) leaves the pool', async () => {
      const s = get();
      const { org, campaign, conversations: [c] } = await setup(s, 1);
      await s.conversations.touch(org.id, c!.id, at(1), 'inbound');
      await s.conversations.releaseToPool(org.id, c!.id, at(1), at(61));
      await s.conversations.setVolunteer(org.id, c!.id, 'vol-7');
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(0);
      expect(await s.conversations.claimReplies(org.id, campaign.id, 'vol-8', 10, at(62))).toEqual([]);
      expect(await s.conversations.get(org.id, c!.id)).toMatchObject({ volunteerId: 'vol-7', awaitingSince: at(1) });
    });

    it('50 volunteers claiming at once: no conversation is in two batches and none is lost', async () => {
      const s = get();
      const { org, campaign, conversations } = await setup(s, 120);
      for (const [i, c] of conversations.entries()) {
        await s.conversations.touch(org.id, c.id, at(1 + (i % 7)), 'inbound');
        await s.conversations.releaseToPool(org.id, c.id, at(1 + (i % 7)), at(90));
      }
      const batches = await Promise.all(Array.from({ length: 50 }, (_, i) => s.conversations.claimReplies(org.id, campaign.id, `vol-${i}`, 10, at(91))));
      const all = batches.flat().map((c) => c.id);
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(120);
      expect(batches.every((b) => b.length <= 10)).toBe(true);
      for (const [i, b] of batches.entries()) {
        for (const c of b) expect((await s.conversations.get(org.id, c.id))?.volunteerId).toBe(`vol-${i}`);
      }
      expect(await s.conversations.countPooled(org.id, campaign.id)).toBe(0);
    });
  });
}
