/** Store contract: claims and conversations. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { CONTRACT_NOW, at, phone, seedCampaign, seedOrg } from './fixtures.js';

export function conversationsContract(get: () => Store): void {
  describe('claims', () => {
    it('creates, lists active (optionally per volunteer), sizes, touches and ends once', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      const c1 = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-1', now: at(1) });
      const c2 = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-2', now: at(2) });
      expect(c1).toMatchObject({ orgId: org.id, campaignId: campaign.id, volunteerId: 'vol-1', status: 'active', size: 0, createdAt: at(1), lastActivityAt: at(1) });
      expect(await s.claims.get(org.id, c1.id)).toEqual(c1);
      expect((await s.claims.listActive(org.id, campaign.id)).map((c) => c.id)).toEqual([c1.id, c2.id]);
      expect((await s.claims.listActive(org.id, campaign.id, 'vol-2')).map((c) => c.id)).toEqual([c2.id]);
      await s.claims.setSize(org.id, c1.id, 25);
      await s.claims.touch(org.id, c1.id, at(5));
      expect(await s.claims.get(org.id, c1.id)).toMatchObject({ size: 25, lastActivityAt: at(5) });
      const ended = await Promise.all([s.claims.end(org.id, c1.id, 'released', at(6)), s.claims.end(org.id, c1.id, 'expired', at(6))]);
      expect(ended.filter((c) => c !== null)).toHaveLength(1);
      expect(await s.claims.get(org.id, c1.id)).toMatchObject({ status: ended[0] ? 'released' : 'expired', endedAt: at(6) });
      expect(await s.claims.end(org.id, c1.id, 'completed', at(7))).toBeNull();
      expect((await s.claims.listActive(org.id, campaign.id)).map((c) => c.id)).toEqual([c2.id]);
      await expect(s.claims.setSize(org.id, '0123456789abcdef01234567', 1)).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.claims.touch(org.id, '0123456789abcdef01234567', at(1))).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('conversations', () => {
    async function setup(s: Store) {
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      const base = { orgId: org.id, campaignId: campaign.id, volunteerId: 'vol-1', voterPhone: phone(1), lastDirection: 'outbound' as const };
      return { org, campaign, base };
    }

    it('keeps one conversation per contact', async () => {
      const s = get();
      const { org, base } = await setup(s);
      const conv = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'contact-1', orgNumber: '+12025550100', lastMessageAt: at(1) });
      expect(conv).toMatchObject({ orgId: org.id, contactId: 'contact-1', threads: [], pendingOptOutReview: false, createdAt: CONTRACT_NOW, lastMessageAt: at(1) });
      const again = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'contact-1', volunteerId: 'vol-9', lastMessageAt: at(9) });
      expect(again).toEqual(conv);
      const racing = await Promise.all(Array.from({ length: 5 }, () => s.conversations.upsertForContact(org.id, { ...base, contactId: 'contact-2', lastMessageAt: at(1) })));
      expect(new Set(racing.map((c) => c.id)).size).toBe(1);
      expect(await s.conversations.get(org.id, conv.id)).toEqual(conv);
      expect(await s.conversations.findByContact(org.id, 'contact-1')).toEqual(conv);
      expect(await s.conversations.findByContact(org.id, 'contact-3')).toBeNull();
    });

    it('routes inbound texts to the latest conversation for a phone; touch only moves forward', async () => {
      const s = get();
      const { org, base } = await setup(s);
      const older = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-1', lastMessageAt: at(1) });
      const newer = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-2', lastMessageAt: at(2) });
      await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-3', voterPhone: phone(2), lastMessageAt: at(9) });
      expect((await s.conversations.findLatestForPhone(org.id, phone(1)))?.id).toBe(newer.id);
      await s.conversations.touch(org.id, older.id, at(5), 'inbound');
      expect(await s.conversations.findLatestForPhone(org.id, phone(1))).toMatchObject({ id: older.id, lastMessageAt: at(5), lastDirection: 'inbound' });
      await s.conversations.touch(org.id, older.id, at(4), 'outbound');
      expect(await s.conversations.get(org.id, older.id)).toMatchObject({ lastMessageAt: at(5), lastDirection: 'inbound' });
      expect(await s.conversations.findLatestForPhone(org.id, phone(3))).toBeNull();
      await expect(s.conversations.touch(org.id, '0123456789abcdef01234567', at(1), 'inbound')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('finds a conversation by its chat thread; adding the same thread twice keeps one', async () => {
      const s = get();
      const { org, base } = await setup(s);
      const conv = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-1', lastMessageAt: at(1) });
      await s.conversations.addThread(org.id, conv.id, { platform: 'slack', channelId: 'C1', threadId: '1700000000.000100', messageId: '1700000000.000100' });
      await s.conversations.addThread(org.id, conv.id, { platform: 'slack', channelId: 'C1', threadId: '1700000000.000100', messageId: '1700000000.000100' });
      await s.conversations.addThread(org.id, conv.id, { platform: 'discord', channelId: 'D1', threadId: 'T9' });
      expect((await s.conversations.get(org.id, conv.id))?.threads).toHaveLength(2);
      expect((await s.conversations.findByThread('slack', 'C1', '1700000000.000100'))?.id).toBe(conv.id);
      expect((await s.conversations.findByThread('discord', 'D1', 'T9'))?.id).toBe(conv.id);
      expect(await s.conversations.findByThread('discord', 'C1', '1700000000.000100')).toBeNull();
      expect(await s.conversations.findByThread('slack', 'C2', '1700000000.000100')).toBeNull();
      await expect(s.conversations.addThread(org.id, '0123456789abcdef01234567', { platform: 'slack', channelId: 'C', threadId: 'T' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('reassigns, flags opt-out review and lists by volunteer (latest first, optional campaign)', async () => {
      const s = get();
      const { org, campaign, base } = await setup(s);
      const other = await seedCampaign(s, org.id, 'other');
      const a = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-1', lastMessageAt: at(1) });
      const b = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-2', lastMessageAt: at(3) });
      const c = await s.conversations.upsertForContact(org.id, { ...base, campaignId: other.id, contactId: 'c-3', lastMessageAt: at(2) });
      expect((await s.conversations.listByVolunteer(org.id, 'vol-1')).map((x) => x.id)).toEqual([b.id, c.id, a.id]);
      expect((await s.conversations.listByVolunteer(org.id, 'vol-1', campaign.id)).map((x) => x.id)).toEqual([b.id, a.id]);
      await s.conversations.setVolunteer(org.id, b.id, 'vol-2');
      expect((await s.conversations.listByVolunteer(org.id, 'vol-1')).map((x) => x.id)).toEqual([c.id, a.id]);
      expect((await s.conversations.listByVolunteer(org.id, 'vol-2')).map((x) => x.id)).toEqual([b.id]);
      await s.conversations.setPendingOptOutReview(org.id, a.id, true);
      expect((await s.conversations.get(org.id, a.id))?.pendingOptOutReview).toBe(true);
      await s.conversations.setPendingOptOutReview(org.id, a.id, false);
      expect((await s.conversations.get(org.id, a.id))?.pendingOptOutReview).toBe(false);
      await expect(s.conversations.setVolunteer(org.id, '0123456789abcdef01234567', 'x')).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.conversations.setPendingOptOutReview(org.id, '0123456789abcdef01234567', true)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('notify lease: one holder at a time; the holder renews; ends at `until` or on release', async () => {
      const s = get();
      const { org, base } = await setup(s);
      const a = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-1', lastMessageAt: at(1) });
      const b = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-2', lastMessageAt: at(1) });
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-1', at(1), at(60))).toBe(true);
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-2', at(2), at(61))).toBe(false);
      // Leases are per conversation.
      expect(await s.conversations.acquireNotifyLease(org.id, b.id, 'job-2', at(2), at(61))).toBe(true);
      // The holder may take it again (a retried job), which extends it.
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-1', at(3), at(90))).toBe(true);
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-2', at(60), at(120))).toBe(false);
      // A release by someone else changes nothing; the holder's frees it.
      await s.conversations.releaseNotifyLease(org.id, a.id, 'job-2');
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-3', at(4), at(64))).toBe(false);
      await s.conversations.releaseNotifyLease(org.id, a.id, 'job-1');
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-3', at(4), at(64))).toBe(true);
      // A holder that never released (a crashed worker): free once its lease ended.
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-4', at(63), at(100))).toBe(false);
      expect(await s.conversations.acquireNotifyLease(org.id, a.id, 'job-4', at(64), at(100))).toBe(true);
      // Not part of the conversation the app reads.
      expect(await s.conversations.get(org.id, a.id)).toEqual(a);
      // Scoped by org.
      const other = await seedOrg(s, 'other-org');
      await expect(s.conversations.acquireNotifyLease(other.id, b.id, 'job-9', at(100), at(200))).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.conversations.acquireNotifyLease(org.id, '0123456789abcdef01234567', 'job-9', at(1), at(2))).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.conversations.releaseNotifyLease(org.id, '0123456789abcdef01234567', 'job-9')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('notify lease: 20 concurrent takers of a free lease, exactly one wins', async () => {
      const s = get();
      const { org, base } = await setup(s);
      const conv = await s.conversations.upsertForContact(org.id, { ...base, contactId: 'c-1', lastMessageAt: at(1) });
      const won = await Promise.all(Array.from({ length: 20 }, (_, i) => s.conversations.acquireNotifyLease(org.id, conv.id, `job-${i}`, at(1), at(60))));
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = `job-${won.indexOf(true)}`;
      // After the winner releases, again exactly one of the others.
      await s.conversations.releaseNotifyLease(org.id, conv.id, winner);
      const again = await Promise.all(Array.from({ length: 20 }, (_, i) => s.conversations.acquireNotifyLease(org.id, conv.id, `job-${i + 20}`, at(2), at(60))));
      expect(again.filter(Boolean)).toHaveLength(1);
    });
  });
}
