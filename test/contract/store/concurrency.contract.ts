/** Store contract: claims never overlap, however many volunteers press Claim at once. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { DuplicateError } from '../../../src/core/errors.js';
import { at, contact, seedCampaign, seedOrg, stored } from './fixtures.js';

const WINDOW_KEYS = ['ET', 'CT', 'PT'];

export function concurrencyContract(get: () => Store): void {
  describe('concurrent claims', () => {
    it('gives 50 concurrent claimers disjoint sets whose union is all 1,000 contacts', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      const rows = Array.from({ length: 1000 }, (_, i) => contact(i + 1, { windowKey: WINDOW_KEYS[i % 3] }));
      expect(await s.contacts.insertMany(org.id, campaign.id, rows)).toEqual({ inserted: 1000, duplicates: [] });
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, v) => s.claims.create(org.id, { campaignId: campaign.id, volunteerId: `vol-${v}`, now: at(0) })),
      );
      const results = await Promise.all(
        claims.map((c) =>
          s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: c.id, volunteerId: c.volunteerId, limit: 20, windowKeys: WINDOW_KEYS, now: at(1) }),
        ),
      );
      const all = results.flat().map((c) => c.id);
      expect(all).toHaveLength(1000);
      expect(new Set(all).size).toBe(1000);
      for (const [i, got] of results.entries()) expect((await stored(s, org.id, got)).every((c) => c.claimId === claims[i]?.id)).toBe(true);
      const counts = await Promise.all(claims.map((c) => s.contacts.countAssigned(org.id, c.id)));
      expect(counts.reduce((x, y) => x + y, 0)).toBe(1000);
      expect(await s.contacts.countByStatus(org.id, campaign.id)).toMatchObject({ pending: 0, assigned: 1000 });
    });

    it('stays disjoint when claimers ask for more than there is', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      await s.contacts.insertMany(org.id, campaign.id, Array.from({ length: 300 }, (_, i) => contact(i + 1, { windowKey: WINDOW_KEYS[i % 3] })));
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, v) => s.claims.create(org.id, { campaignId: campaign.id, volunteerId: `vol-${v}`, now: at(0) })),
      );
      const results = await Promise.all(
        claims.map((c) =>
          s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: c.id, volunteerId: c.volunteerId, limit: 40, windowKeys: ['ET', 'PT'], now: at(1) }),
        ),
      );
      const all = results.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all.map((c) => c.id)).size).toBe(200);
      expect((await stored(s, org.id, all)).every((c) => c.windowKey !== 'CT')).toBe(true);
      expect(results.every((r) => r.length <= 40)).toBe(true);
      expect(await s.contacts.countByStatus(org.id, campaign.id)).toMatchObject({ pending: 100, assigned: 200 });
    });

    it('claims contacts with a fresh id first and stores the record after; one id is stored once', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      await s.contacts.insertMany(org.id, campaign.id, Array.from({ length: 30 }, (_, i) => contact(i + 1, { windowKey: 'ET' })));
      const ids = Array.from({ length: 5 }, () => s.claims.newId());
      expect(new Set(ids).size).toBe(5);
      expect(await s.claims.get(org.id, ids[0]!)).toBeNull(); // an id alone stores nothing
      const got = await Promise.all(ids.map((claimId, v) => s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId, volunteerId: `vol-${v}`, limit: 10, windowKeys: ['ET'], now: at(1) })));
      expect(got.flat()).toHaveLength(30);
      expect(new Set(got.flat().map((c) => c.id)).size).toBe(30);
      const stored = await Promise.all(ids.map((id, v) => (got[v]!.length > 0 ? s.claims.create(org.id, { id, campaignId: campaign.id, volunteerId: `vol-${v}`, now: at(1), size: got[v]!.length }) : null)));
      for (const [v, c] of stored.entries()) if (c) expect(c).toMatchObject({ id: ids[v], size: got[v]!.length, status: 'active' });
      for (const [v, c] of stored.entries()) if (c) expect(await s.claims.get(org.id, ids[v]!)).toEqual(c);
      // Racing creates of one id: exactly one stores it, the others are refused.
      const id = s.claims.newId();
      const racing = await Promise.allSettled(Array.from({ length: 10 }, () => s.claims.create(org.id, { id, campaignId: campaign.id, volunteerId: 'vol-9', now: at(2), size: 1 })));
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(racing.filter((r) => r.status === 'rejected').every((r) => r.status === 'rejected' && r.reason instanceof DuplicateError)).toBe(true);
    });
  });
}
