/** Store contract: A/B script variants stored on claimed contacts (setVariants). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { at, contacts, outbound, seedCampaign, seedOrg } from './fixtures.js';

export function variantsContract(get: () => Store): void {
  describe('contact variants', () => {
    it('sets each claimed contact its variant, only while it is assigned to that claim, scoped by org', async () => {
      const s = get();
      const org = await seedOrg(s);
      const other = await seedOrg(s, 'Org B');
      const campaign = await seedCampaign(s, org.id);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 4, { windowKey: 'ET' }));
      const input = { orgId: org.id, campaignId: campaign.id, volunteerId: 'vol-1', windowKeys: ['ET'], now: at(1) };
      const mineId = s.claims.newId();
      const mine = await s.contacts.claimPending({ ...input, claimId: mineId, limit: 3 });
      const theirs = await s.contacts.claimPending({ ...input, claimId: s.claims.newId(), limit: 3 });
      const [a, b, c] = mine;
      const [d] = theirs;
      if (!a || !b || !c || !d) throw new Error('expected 3 + 1 claimed contacts');
      // Another org's call changes nothing.
      expect(await s.contacts.setVariants(other.id, mineId, [{ contactId: a.id, variant: 'B' }])).toBe(0);
      expect((await s.contacts.get(org.id, a.id))?.variant).toBeUndefined();
      // A contact of another claim, an unknown id and a malformed id are skipped.
      const n = await s.contacts.setVariants(org.id, mineId, [
        { contactId: a.id, variant: 'A' }, { contactId: b.id, variant: 'B' }, { contactId: d.id, variant: 'C' }, { contactId: 'nope', variant: 'A' },
      ]);
      expect(n).toBe(2);
      expect((await s.contacts.get(org.id, a.id))?.variant).toBe('A');
      expect((await s.contacts.get(org.id, b.id))?.variant).toBe('B');
      expect((await s.contacts.get(org.id, c.id))?.variant).toBeUndefined();
      expect((await s.contacts.get(org.id, d.id))?.variant).toBeUndefined();
      // Once messaged, the variant a voter was texted with no longer moves.
      expect((await s.contacts.markMessaged(org.id, a.id, mineId, at(2))).ok).toBe(true);
      expect(await s.contacts.setVariants(org.id, mineId, [{ contactId: a.id, variant: 'D' }])).toBe(0);
      const after = await s.contacts.get(org.id, a.id);
      expect(after).toMatchObject({ variant: 'A', status: 'messaged' });
      expect(await s.contacts.setVariants(org.id, mineId, [])).toBe(0);
    });

    it('keeps a first text\'s variant on the stored message', async () => {
      const s = get();
      const org = await seedOrg(s);
      const r = await s.messages.create(org.id, outbound(org.id, { interactionId: 'I-ab', variant: 'B' }));
      expect(r.message.variant).toBe('B');
      expect((await s.messages.get(org.id, r.message.id))?.variant).toBe('B');
      const plain = await s.messages.create(org.id, outbound(org.id, { interactionId: 'I-plain' }));
      expect((await s.messages.get(org.id, plain.message.id))?.variant).toBeUndefined();
    });
  });
}
