/** Store contract: review items are created once per key and decided once, however many organizers press. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import type { NewReviewItem } from '../../../src/core/model/review.js';
import { at, contact, phone, seedCampaign, seedOrg } from './fixtures.js';

const item = (orgId: string, key: string, extra: Partial<NewReviewItem> = {}): NewReviewItem => ({
  orgId,
  key,
  reasons: ['probable_opt_out'],
  conversationId: 'conv-1',
  messageId: 'msg-1',
  createdAt: at(0),
  ...extra,
});

export function reviewsContract(get: () => Store): void {
  describe('reviews', () => {
    it('creates a pending item once per (org, key) and reads it back', async () => {
      const s = get();
      const org = await seedOrg(s);
      const first = await s.reviews.create(org.id, item(org.id, 'message:m1', { reasons: ['hostile', 'trigger_word'], matchedWords: ['fraude'] }));
      expect(first.created).toBe(true);
      expect(first.item).toMatchObject({ status: 'pending', key: 'message:m1', reasons: ['hostile', 'trigger_word'], matchedWords: ['fraude'] });
      const again = await s.reviews.create(org.id, item(org.id, 'message:m1', { reasons: ['low_confidence'] }));
      expect(again.created).toBe(false);
      expect(again.item.id).toBe(first.item.id);
      expect(again.item.reasons).toEqual(['hostile', 'trigger_word']);
      expect(await s.reviews.get(org.id, first.item.id)).toMatchObject({ id: first.item.id, status: 'pending', createdAt: at(0) });
    });

    it('decides an item once: the second decision loses and sees the first', async () => {
      const s = get();
      const org = await seedOrg(s);
      const { item: created } = await s.reviews.create(org.id, item(org.id, 'held:i1', { reasons: ['held_reply'], heldText: 'Hi {firstName}!', volunteerId: 'vol-1' }));
      const won = await s.reviews.decide(org.id, created.id, { kind: 'approve', targetId: 'msg-9' }, { id: 'org-1', name: 'Olivia' }, at(5));
      expect(won.won).toBe(true);
      expect(won.item).toMatchObject({ status: 'decided', decision: { kind: 'approve', targetId: 'msg-9' }, decidedBy: { id: 'org-1', name: 'Olivia' }, decidedAt: at(5), heldText: 'Hi {firstName}!' });
      const lost = await s.reviews.decide(org.id, created.id, { kind: 'reject', reason: 'tone' }, { id: 'org-2', name: 'Oscar' }, at(6));
      expect(lost.won).toBe(false);
      expect(lost.item).toMatchObject({ decision: { kind: 'approve' }, decidedBy: { name: 'Olivia' } });
      expect((await s.reviews.get(org.id, created.id))?.decision?.kind).toBe('approve');
    });

    it('20 concurrent decisions on one item: exactly one wins, and the stored decision is the winner\'s', async () => {
      const s = get();
      const org = await seedOrg(s);
      const { item: created } = await s.reviews.create(org.id, item(org.id, 'message:race'));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.reviews.decide(org.id, created.id, { kind: i % 2 ? 'confirm_opt_out' : 'not_opt_out' }, { id: `org-${i}`, name: `Organizer ${i}` }, at(1))),
      );
      const winners = results.filter((r) => r.won);
      expect(winners).toHaveLength(1);
      const stored = await s.reviews.get(org.id, created.id);
      expect(stored?.decidedBy).toEqual(winners[0]?.item?.decidedBy);
      expect(stored?.decision).toEqual(winners[0]?.item?.decision);
      for (const r of results.filter((x) => !x.won)) expect(r.item?.decidedBy).toEqual(stored?.decidedBy);
    });

    it('lists pending items oldest first, remembers the post, and is scoped by org', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      const b = await seedOrg(s, 'Org B');
      const late = (await s.reviews.create(a.id, item(a.id, 'k-late', { createdAt: at(10) }))).item;
      const early = (await s.reviews.create(a.id, item(a.id, 'k-early', { createdAt: at(1) }))).item;
      const decided = (await s.reviews.create(a.id, item(a.id, 'k-done', { createdAt: at(2) }))).item;
      await s.reviews.decide(a.id, decided.id, { kind: 'not_opt_out' }, { id: 'o', name: 'O' }, at(3));
      await s.reviews.create(b.id, item(b.id, 'k-early', { createdAt: at(0) }));
      expect((await s.reviews.listPending(a.id)).map((i) => i.id)).toEqual([early.id, late.id]);
      expect(await s.reviews.listPending(b.id)).toHaveLength(1);
      await s.reviews.setPost(a.id, early.id, { platform: 'slack', channelId: 'C-review', messageId: '171.1' });
      expect((await s.reviews.get(a.id, early.id))?.post).toEqual({ platform: 'slack', channelId: 'C-review', messageId: '171.1' });
      // Another org can neither read nor decide it.
      expect(await s.reviews.get(b.id, early.id)).toBeNull();
      expect((await s.reviews.decide(b.id, early.id, { kind: 'not_opt_out' }, { id: 'x', name: 'X' }, at(4))).won).toBe(false);
      expect((await s.reviews.get(a.id, early.id))?.status).toBe('pending');
      expect(await s.reviews.get(a.id, 'no-such-id')).toBeNull();
    });
  });

  describe('contacts.findByPhone (a conversation started from the review channel)', () => {
    it('finds the campaign\'s contact of a phone, scoped by org and campaign', async () => {
      const s = get();
      const org = await seedOrg(s, 'Org A');
      const other = await seedOrg(s, 'Org B');
      const campaign = await seedCampaign(s, org.id);
      const second = await seedCampaign(s, org.id, 'second');
      await s.contacts.insertMany(org.id, campaign.id, [contact(1), contact(2)]);
      const found = await s.contacts.findByPhone(org.id, campaign.id, phone(2));
      expect(found).toMatchObject({ phone: phone(2), campaignId: campaign.id, firstName: 'First2', status: 'pending' });
      expect(await s.contacts.findByPhone(org.id, second.id, phone(2))).toBeNull();
      expect(await s.contacts.findByPhone(org.id, campaign.id, phone(3))).toBeNull();
      expect(await s.contacts.findByPhone(other.id, campaign.id, phone(2))).toBeNull();
    });
  });
}
