/**
 * Store contract: the org's number lookup cache (fresh for 90 days by the caller's clock) and its
 * atomic claim to pay (two workers, or a resumed run, never ask for the same number twice), and
 * the contact side of a lookup: the line type on every contact, landline and VoIP contacts out of
 * the pool only while still pending, so a claim never takes them.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { LOOKUP_CACHE_MS } from '../../../src/core/lookups/model.js';
import { CONTRACT_NOW, at, collect, contacts, phone, seedCampaign, seedOrg } from './fixtures.js';

const window = (now: Date) => ({ freshAfter: new Date(now.getTime() - LOOKUP_CACHE_MS), staleBefore: new Date(now.getTime() - 60 * 60_000) });

export function lookupsContract(get: () => Store): void {
  describe('lookups', () => {
    it('claims a number once, stores the answer, and serves it free while it is fresh (per org)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const other = await seedOrg(s, 'Org B');
      expect(await s.lookups.claim(org.id, phone(1), 'run-1', CONTRACT_NOW, window(CONTRACT_NOW))).toEqual({ kind: 'claimed' });
      expect(await s.lookups.claim(org.id, phone(1), 'run-2', CONTRACT_NOW, window(CONTRACT_NOW))).toEqual({ kind: 'busy' });
      expect(await s.lookups.complete(org.id, phone(1), 'run-2', { lineType: 'mobile' }, CONTRACT_NOW)).toBe(false);
      expect(await s.lookups.complete(org.id, phone(1), 'run-1', { lineType: 'landline', carrier: 'Bell' }, CONTRACT_NOW)).toBe(true);

      const later = at(60 * 24 * 89);
      expect(await s.lookups.claim(org.id, phone(1), 'run-3', later, window(later))).toEqual({ kind: 'cached', result: { phone: phone(1), lineType: 'landline', carrier: 'Bell', checkedAt: CONTRACT_NOW } });
      const fresh = await s.lookups.getFresh(org.id, [phone(1), phone(2)], window(later).freshAfter);
      expect([...fresh.keys()]).toEqual([phone(1)]);
      // Another org pays for its own lookups: nothing is shared across orgs.
      expect((await s.lookups.getFresh(other.id, [phone(1)], window(later).freshAfter)).size).toBe(0);
      expect(await s.lookups.claim(other.id, phone(1), 'run-b', later, window(later))).toEqual({ kind: 'claimed' });

      // After 90 days the answer is stale: the number may be asked again.
      const stale = at(60 * 24 * 91);
      expect((await s.lookups.getFresh(org.id, [phone(1)], window(stale).freshAfter)).size).toBe(0);
      expect(await s.lookups.claim(org.id, phone(1), 'run-4', stale, window(stale))).toEqual({ kind: 'claimed' });
    });

    it('an abandoned claim can be taken again at once; a claim left by a dead worker only once it is stale', async () => {
      const s = get();
      const org = await seedOrg(s);
      await s.lookups.claim(org.id, phone(1), 'run-1', CONTRACT_NOW, window(CONTRACT_NOW));
      await s.lookups.abandon(org.id, phone(1), 'run-other');
      expect(await s.lookups.claim(org.id, phone(1), 'run-2', CONTRACT_NOW, window(CONTRACT_NOW))).toEqual({ kind: 'busy' });
      await s.lookups.abandon(org.id, phone(1), 'run-1');
      expect(await s.lookups.claim(org.id, phone(1), 'run-2', at(1), window(at(1)))).toEqual({ kind: 'claimed' });

      // run-2 dies mid-call: even run-2 itself (resumed) does not ask again until the claim is an hour old.
      expect(await s.lookups.claim(org.id, phone(1), 'run-2', at(30), window(at(30)))).toEqual({ kind: 'busy' });
      expect(await s.lookups.claim(org.id, phone(1), 'run-3', at(62), window(at(62)))).toEqual({ kind: 'claimed' });
      expect(await s.lookups.complete(org.id, phone(1), 'run-2', { lineType: 'mobile' }, at(63))).toBe(false);
    });

    it('of many workers claiming the same numbers at once, exactly one gets each number', async () => {
      const s = get();
      const org = await seedOrg(s);
      const numbers = [phone(1), phone(2), phone(3)];
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, w) => Promise.all(numbers.map((p) => s.lookups.claim(org.id, p, `run-${w}`, CONTRACT_NOW, window(CONTRACT_NOW))))),
      );
      for (let i = 0; i < numbers.length; i += 1) {
        expect(results.filter((r) => r[i]?.kind === 'claimed')).toHaveLength(1);
        expect(results.filter((r) => r[i]?.kind === 'busy')).toHaveLength(7);
      }
    });

    it('sets the line type; landline and VoIP move contacts not yet texted (pending, or in a batch) out, claims never take them, a texted contact keeps its status', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 6));
      const all = await collect(s.contacts.streamByCampaign(org.id, campaign.id));
      const byPhone = new Map(all.map((c) => [c.phone, c.id]));
      const id = (i: number): string => byPhone.get(phone(i)) ?? '';
      expect(await s.contacts.countNeedingLookup(org.id, campaign.id)).toBe(6);

      // Contacts 5 and 6 were claimed before their lookup answers; 6 has had its first text since.
      const claim = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-1', now: CONTRACT_NOW });
      await s.contacts.transition(org.id, id(5), ['pending'], 'assigned', CONTRACT_NOW);
      await s.contacts.transition(org.id, id(6), ['pending'], 'assigned', CONTRACT_NOW);
      await s.contacts.transition(org.id, id(6), ['assigned'], 'messaged', CONTRACT_NOW);
      expect(await s.contacts.countNeedingLookup(org.id, campaign.id)).toBe(5);

      expect(await s.contacts.setLineType(org.id, id(1), 'landline', at(1))).toMatchObject({ status: 'landline', lineType: 'landline', updatedAt: at(1) });
      expect(await s.contacts.setLineType(org.id, id(2), 'voip', at(1))).toMatchObject({ status: 'landline', lineType: 'voip' });
      expect(await s.contacts.setLineType(org.id, id(3), 'mobile', at(1))).toMatchObject({ status: 'pending', lineType: 'mobile' });
      // In a batch without its first text: it leaves the batch (no text ever goes to a known landline).
      expect(await s.contacts.setLineType(org.id, id(5), 'landline', at(1))).toMatchObject({ status: 'landline', lineType: 'landline' });
      // Already texted: only the line type is recorded.
      expect(await s.contacts.setLineType(org.id, id(6), 'landline', at(1))).toMatchObject({ status: 'messaged', lineType: 'landline' });
      expect(await s.contacts.setLineType(org.id, 'ffffffffffffffffffffffff', 'mobile', at(1))).toBeNull();
      // Scoped by org: another org cannot mark this org's contact.
      const other = await seedOrg(s, 'Org B');
      expect(await s.contacts.setLineType(other.id, id(4), 'landline', at(1))).toBeNull();
      expect(await s.contacts.get(org.id, id(4))).toMatchObject({ status: 'pending' });
      expect((await s.contacts.get(org.id, id(4)))?.lineType).toBeUndefined();

      expect(await s.contacts.countNeedingLookup(org.id, campaign.id)).toBe(1);
      expect((await s.contacts.countByStatus(org.id, campaign.id)).landline).toBe(3);
      const taken = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 10, windowKeys: ['ET'], now: at(2) });
      expect(taken.map((c) => c.phone).sort()).toEqual([phone(3), phone(4)]);
    });
  });
}
