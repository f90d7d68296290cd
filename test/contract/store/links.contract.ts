/** Store contract: tracked links (one per contact and destination, unique random codes, clicks counted atomically). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { isLinkCode } from '../../../src/core/links/link-code.js';
import { at, contacts, seedCampaign, seedOrg } from './fixtures.js';

async function twoContacts(s: Store) {
  const org = await seedOrg(s);
  const campaign = await seedCampaign(s, org.id);
  await s.contacts.insertMany(org.id, campaign.id, contacts(1, 2));
  const [a, b] = await Promise.all([s.contacts.findByPhone(org.id, campaign.id, '+12020000001'), s.contacts.findByPhone(org.id, campaign.id, '+12020000002')]);
  if (!a || !b) throw new Error('contacts not seeded');
  return { org, campaign, a, b };
}

export function linksContract(get: () => Store): void {
  describe('tracked links', () => {
    it('ensure is idempotent per (contact, destination) and gives each link its own base62 code', async () => {
      const s = get();
      const { org, campaign, a, b } = await twoContacts(s);
      const url = 'https://example.org/rsvp';
      const first = await s.links.ensure(org.id, { campaignId: campaign.id, contactId: a.id, url });
      const again = await s.links.ensure(org.id, { campaignId: campaign.id, contactId: a.id, url });
      const other = await s.links.ensure(org.id, { campaignId: campaign.id, contactId: b.id, url });
      const second = await s.links.ensure(org.id, { campaignId: campaign.id, contactId: a.id, url: 'https://example.org/donate' });
      expect(isLinkCode(first.code)).toBe(true);
      expect(again).toEqual(first);
      expect(new Set([first.code, other.code, second.code]).size).toBe(3);
      expect(first).toMatchObject({ orgId: org.id, campaignId: campaign.id, contactId: a.id, url, clicks: 0 });
      expect(first.firstClickedAt).toBeUndefined();
    });

    it('20 concurrent ensures of one link store one code', async () => {
      const s = get();
      const { org, campaign, a } = await twoContacts(s);
      const links = await Promise.all(Array.from({ length: 20 }, () => s.links.ensure(org.id, { campaignId: campaign.id, contactId: a.id, url: 'https://example.org/x' })));
      expect(new Set(links.map((l) => l.code)).size).toBe(1);
    });

    it('resolve finds a link by code only; an unknown code is null', async () => {
      const s = get();
      const { org, campaign, a } = await twoContacts(s);
      const link = await s.links.ensure(org.id, { campaignId: campaign.id, contactId: a.id, url: 'https://example.org/x' });
      expect(await s.links.resolve(link.code)).toEqual(link);
      expect(await s.links.resolve('ZZZZZZZZZZ')).toBeNull();
      expect(await s.links.recordClick('ZZZZZZZZZZ', at(1))).toBeNull();
    });

    it('20 concurrent clicks on one code: first=true exactly once, 20 counted, first time kept', async () => {
      const s = get();
      const { org, campaign, a } = await twoContacts(s);
      const link = await s.links.ensure(org.id, { campaignId: campaign.id, contactId: a.id, url: 'https://example.org/x' });
      const clicks = await Promise.all(Array.from({ length: 20 }, (_, i) => s.links.recordClick(link.code, at(i))));
      expect(clicks.filter((c) => c?.first)).toHaveLength(1);
      const stored = await s.links.resolve(link.code);
      expect(stored?.clicks).toBe(20);
      expect(stored?.firstClickedAt).toEqual(clicks.find((c) => c?.first)?.link.firstClickedAt);
      const later = await s.links.recordClick(link.code, at(60));
      expect(later?.first).toBe(false);
      expect(later?.link.firstClickedAt).toEqual(stored?.firstClickedAt);
    });

    it('contacts.recordLinkClick: 20 concurrent clicks set linkClickedAt once and count 20 (scoped by org)', async () => {
      const s = get();
      const { org, a, b } = await twoContacts(s);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.contacts.recordLinkClick(org.id, a.id, at(i))));
      expect(results.filter((r) => r?.first)).toHaveLength(1);
      const clicked = await s.contacts.get(org.id, a.id);
      expect(clicked?.linkClicks).toBe(20);
      expect(clicked?.linkClickedAt).toBeInstanceOf(Date);
      const untouched = await s.contacts.get(org.id, b.id);
      expect(untouched?.linkClickedAt).toBeUndefined();
      expect(untouched?.linkClicks).toBeUndefined();
      const stranger = await seedOrg(s, 'Org B');
      expect(await s.contacts.recordLinkClick(stranger.id, a.id, at(1))).toBeNull();
      expect(await s.contacts.recordLinkClick(org.id, 'not-an-id', at(1))).toBeNull();
      expect((await s.contacts.get(org.id, a.id))?.linkClicks).toBe(20);
    });
  });
}
