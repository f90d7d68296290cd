/** Store contract: contacts (import, claim, send, release, stats, opt-out, export). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { CONTACT_STATUSES } from '../../../src/core/model/index.js';
import { AppError, NotFoundError } from '../../../src/core/errors.js';
import { CONTRACT_NOW, at, collect, contact, contacts, ids, phone, seedCampaign, seedOrg, stored } from './fixtures.js';

async function setup(s: Store) {
  const org = await seedOrg(s);
  const campaign = await seedCampaign(s, org.id);
  const claim = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-1', now: at(0) });
  return { org, campaign, claim };
}

export function contactsContract(get: () => Store): void {
  describe('contacts', () => {
    it('imports with defaults and reports duplicates (existing and within the batch) instead of throwing', async () => {
      const s = get();
      const { org, campaign } = await setup(s);
      const first = await s.contacts.insertMany(org.id, campaign.id, [contact(1, { customFields: { precinct: '12' } }), contact(2)]);
      expect(first).toEqual({ inserted: 2, duplicates: [] });
      const second = await s.contacts.insertMany(org.id, campaign.id, [contact(2), contact(3), contact(3), contact(4)]);
      expect(second.inserted).toBe(2);
      expect(second.duplicates.sort()).toEqual([phone(2), phone(3)]);
      const all = await collect(s.contacts.streamByCampaign(org.id, campaign.id));
      expect(all.map((c) => c.phone).sort()).toEqual([phone(1), phone(2), phone(3), phone(4)]);
      const one = all.find((c) => c.phone === phone(1));
      expect(one).toMatchObject({
        orgId: org.id, campaignId: campaign.id, status: 'pending', firstName: 'First1', language: 'en',
        customFields: { precinct: '12' }, surveyAnswers: {}, tags: [], timezones: [], createdAt: CONTRACT_NOW,
      });
      expect(one?.claimId).toBeUndefined();
      expect(await s.contacts.get(org.id, one?.id ?? '')).toEqual(one);
    });

    it('refuses an import with an invalid row before storing any of it', async () => {
      const s = get();
      const { org, campaign } = await setup(s);
      await expect(s.contacts.insertMany(org.id, campaign.id, [contact(1), { phone: '202-555-0143' }])).rejects.toThrow();
      expect(await collect(s.contacts.streamByCampaign(org.id, campaign.id))).toEqual([]);
      expect(await s.contacts.insertMany(org.id, campaign.id, [])).toEqual({ inserted: 0, duplicates: [] });
    });

    it('refuses to import into a campaign of another org', async () => {
      const s = get();
      const { campaign } = await setup(s);
      const other = await seedOrg(s, 'Org B');
      await expect(s.contacts.insertMany(other.id, campaign.id, [contact(1)])).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers existingPhones and pendingWindowKeys', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, [contact(1, { windowKey: 'ET' }), contact(2, { windowKey: 'PT' }), contact(3, { windowKey: 'CT' })]);
      expect(await s.contacts.existingPhones(org.id, campaign.id, [phone(1), phone(3), phone(9)])).toEqual(new Set([phone(1), phone(3)]));
      expect((await s.contacts.pendingWindowKeys(org.id, campaign.id)).sort()).toEqual(['CT', 'ET', 'PT']);
      await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 5, windowKeys: ['PT'], now: at(1) });
      expect((await s.contacts.pendingWindowKeys(org.id, campaign.id)).sort()).toEqual(['CT', 'ET']);
    });

    it('claims pending contacts oldest first, only inside the open window keys, up to the limit', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, [
        ...contacts(1, 3, { windowKey: 'ET' }), ...contacts(4, 3, { windowKey: 'PT' }), ...contacts(7, 3, { windowKey: 'ET' }),
      ]);
      const input = { orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', now: at(2) };
      const got = await s.contacts.claimPending({ ...input, limit: 4, windowKeys: ['ET'] });
      expect(got.map((c) => c.phone)).toEqual([phone(1), phone(2), phone(3), phone(7)]);
      expect(got.every((c) => c.language === 'en')).toBe(true);
      const records = await stored(s, org.id, got);
      expect(records.every((c) => c.status === 'assigned' && c.claimId === claim.id && c.volunteerId === 'vol-1')).toBe(true);
      expect(records[0]?.updatedAt).toEqual(at(2));
      const rest = await s.contacts.claimPending({ ...input, limit: 10, windowKeys: ['ET', 'PT'] });
      expect(rest.map((c) => c.phone)).toEqual([phone(4), phone(5), phone(6), phone(8), phone(9)]);
      expect(await s.contacts.claimPending({ ...input, limit: 10, windowKeys: ['ET', 'PT'] })).toEqual([]);
      expect(await s.contacts.claimPending({ ...input, limit: 10, windowKeys: [] })).toEqual([]);
      expect(await s.contacts.countAssigned(org.id, claim.id)).toBe(9);
    });

    it('never claims contacts that left pending another way (opted out, skipped), and re-claims released ones', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 4));
      const all = await collect(s.contacts.streamByCampaign(org.id, campaign.id));
      const byPhone = (p: string) => all.find((c) => c.phone === p)?.id ?? '';
      expect(await s.contacts.optOutPhone(org.id, phone(1), at(1))).toBe(1);
      expect(await s.contacts.transition(org.id, byPhone(phone(2)), ['pending'], 'skipped', at(1))).toMatchObject({ status: 'skipped' });
      const input = { orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', windowKeys: ['ET'], now: at(2) };
      expect((await s.contacts.claimPending({ ...input, limit: 10 })).map((c) => c.phone)).toEqual([phone(3), phone(4)]);
      expect(await s.contacts.transition(org.id, byPhone(phone(2)), ['skipped'], 'pending', at(3))).toMatchObject({ status: 'pending' });
      expect(await s.contacts.releaseClaim(org.id, claim.id, at(3))).toBe(2);
      const again = await s.contacts.claimPending({ ...input, limit: 10 });
      expect(again.map((c) => c.phone)).toEqual([phone(2), phone(3), phone(4)]);
      expect(await s.contacts.countByStatus(org.id, campaign.id)).toMatchObject({ pending: 0, assigned: 3, opted_out: 1, skipped: 0 });
    });

    it('moves assigned -> messaged exactly once, and only for the owning claim', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      const other = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-2', now: at(0) });
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 2));
      const claimed = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      expect(claimed).toHaveLength(1);
      const c1 = claimed[0];
      const pendingOne = (await collect(s.contacts.streamByCampaign(org.id, campaign.id))).find((c) => c.status === 'pending');
      if (!c1 || !pendingOne) throw new Error('setup failed');
      expect(await s.contacts.markMessaged(org.id, c1.id, other.id, at(2))).toEqual({ ok: false, reason: 'not_assigned' });
      const ok = await s.contacts.markMessaged(org.id, c1.id, claim.id, at(2));
      expect(ok.ok).toBe(true);
      if (ok.ok) expect(ok.contact).toMatchObject({ id: c1.id, status: 'messaged', lastMessageAt: at(2), updatedAt: at(2) });
      expect(await s.contacts.markMessaged(org.id, c1.id, claim.id, at(3))).toEqual({ ok: false, reason: 'already_messaged' });
      expect(await s.contacts.markMessaged(org.id, pendingOne.id, claim.id, at(3))).toEqual({ ok: false, reason: 'not_assigned' });
      expect(await s.contacts.markMessaged(org.id, '0123456789abcdef01234567', claim.id, at(3))).toEqual({ ok: false, reason: 'not_assigned' });
      const races = await Promise.all(Array.from({ length: 5 }, () => s.contacts.markMessaged(org.id, c1.id, claim.id, at(4))));
      expect(races.filter((r) => r.ok)).toHaveLength(0);
    });

    it('lets exactly one of several concurrent presses mark a contact messaged', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 1));
      const [c] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      const races = await Promise.all(Array.from({ length: 6 }, () => s.contacts.markMessaged(org.id, c?.id ?? '', claim.id, at(2))));
      expect(races.filter((r) => r.ok)).toHaveLength(1);
      expect(races.filter((r) => !r.ok && r.reason === 'already_messaged')).toHaveLength(5);
    });

    it('transitions conditionally with an optional patch', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 1));
      const [c] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      const id = c?.id ?? '';
      await s.contacts.markMessaged(org.id, id, claim.id, at(2));
      expect(await s.contacts.transition(org.id, id, ['pending'], 'skipped', at(3))).toBeNull();
      const moved = await s.contacts.transition(org.id, id, ['messaged', 'replied'], 'needs_reply', at(3), { lastMessageAt: at(3), volunteerId: 'vol-2' });
      expect(moved).toMatchObject({ status: 'needs_reply', lastMessageAt: at(3), volunteerId: 'vol-2', updatedAt: at(3), claimId: claim.id });
      expect((await s.contacts.get(org.id, id))?.status).toBe('needs_reply');
      const skipped = await s.contacts.transition(org.id, id, ['needs_reply'], 'pending', at(4));
      expect(skipped?.status).toBe('pending');
      expect(skipped?.claimId).toBeUndefined();
      expect(skipped?.volunteerId).toBeUndefined();
      expect(await s.contacts.pendingWindowKeys(org.id, campaign.id)).toEqual(['ET']);
    });

    it('releases a claim: assigned contacts go back to pending without claim, messaged ones stay', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 4));
      const got = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 3, windowKeys: ['ET'], now: at(1) });
      expect((await s.contacts.nextAssigned(org.id, claim.id))?.id).toBe(got[0]?.id);
      await s.contacts.markMessaged(org.id, got[0]?.id ?? '', claim.id, at(2));
      expect((await s.contacts.nextAssigned(org.id, claim.id))?.id).toBe(got[1]?.id);
      expect(await s.contacts.countAssigned(org.id, claim.id)).toBe(2);
      expect(await s.contacts.releaseClaim(org.id, claim.id, at(3))).toBe(2);
      expect(await s.contacts.releaseClaim(org.id, claim.id, at(3))).toBe(0);
      expect(await s.contacts.nextAssigned(org.id, claim.id)).toBeNull();
      expect(await s.contacts.countAssigned(org.id, claim.id)).toBe(0);
      const back = await s.contacts.get(org.id, got[1]?.id ?? '');
      expect(back).toMatchObject({ status: 'pending', updatedAt: at(3) });
      expect(back?.claimId).toBeUndefined();
      expect(back?.volunteerId).toBeUndefined();
      expect((await s.contacts.get(org.id, got[0]?.id ?? ''))).toMatchObject({ status: 'messaged', claimId: claim.id });
      const next = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-2', now: at(4) });
      const again = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: next.id, volunteerId: 'vol-2', limit: 10, windowKeys: ['ET'], now: at(4) });
      expect(ids(again)).toEqual([got[1]?.id, got[2]?.id, ...ids(await contactsWithPhone(s, org.id, campaign.id, phone(4)))]);
    });

    it('counts contacts by status with every status present', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 5));
      const [c] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 2, windowKeys: ['ET'], now: at(1) });
      await s.contacts.markMessaged(org.id, c?.id ?? '', claim.id, at(2));
      const counts = await s.contacts.countByStatus(org.id, campaign.id);
      expect(Object.keys(counts).sort()).toEqual([...CONTACT_STATUSES].sort());
      expect(counts).toMatchObject({ pending: 3, assigned: 1, messaged: 1, opted_out: 0 });
    });

    it('opts a phone out org-wide across campaigns, leaving contacts already messaged (R1.5)', async () => {
      const s = get();
      const { org, campaign, claim } = await setup(s);
      const second = await seedCampaign(s, org.id, 'second');
      const third = await seedCampaign(s, org.id, 'third');
      const otherOrg = await seedOrg(s, 'Org B');
      const foreign = await seedCampaign(s, otherOrg.id, 'gotv');
      await s.contacts.insertMany(org.id, campaign.id, [contact(1)]);
      await s.contacts.insertMany(org.id, second.id, [contact(1), contact(2)]);
      await s.contacts.insertMany(org.id, third.id, [contact(1)]);
      await s.contacts.insertMany(otherOrg.id, foreign.id, [contact(1)]);
      const [claimed] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      const thirdClaim = await s.claims.create(org.id, { campaignId: third.id, volunteerId: 'vol-1', now: at(1) });
      const [messaged] = await s.contacts.claimPending({ orgId: org.id, campaignId: third.id, claimId: thirdClaim.id, volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      await s.contacts.markMessaged(org.id, messaged?.id ?? '', thirdClaim.id, at(2));
      expect(await s.contacts.optOutPhone(org.id, phone(1), at(3))).toBe(2);
      expect((await s.contacts.get(org.id, claimed?.id ?? ''))?.status).toBe('opted_out');
      expect((await s.contacts.get(org.id, messaged?.id ?? ''))?.status).toBe('messaged');
      expect((await s.contacts.countByStatus(org.id, second.id))).toMatchObject({ opted_out: 1, pending: 1 });
      expect((await s.contacts.countByStatus(otherOrg.id, foreign.id))).toMatchObject({ pending: 1, opted_out: 0 });
      expect(await s.contacts.optOutPhone(org.id, phone(1), at(4))).toBe(0);
    });

    it('records survey answers and tags', async () => {
      const s = get();
      const { org, campaign } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 1));
      const [c] = await collect(s.contacts.streamByCampaign(org.id, campaign.id));
      const id = c?.id ?? '';
      await s.contacts.setSurveyAnswer(org.id, id, 'support', 'yes');
      await s.contacts.setSurveyAnswer(org.id, id, 'support', 'lean_yes');
      await s.contacts.setSurveyAnswer(org.id, id, 'volunteer', 'no');
      await s.contacts.addTag(org.id, id, 'spanish');
      await s.contacts.addTag(org.id, id, 'spanish');
      await s.contacts.addTag(org.id, id, 'vip');
      expect(await s.contacts.get(org.id, id)).toMatchObject({ surveyAnswers: { support: 'lean_yes', volunteer: 'no' }, tags: ['spanish', 'vip'] });
      await expect(s.contacts.setSurveyAnswer(org.id, id, 'a.b', 'x')).rejects.toBeInstanceOf(AppError);
      await expect(s.contacts.setSurveyAnswer(org.id, id, '$set', 'x')).rejects.toBeInstanceOf(AppError);
      await expect(s.contacts.setSurveyAnswer(org.id, '0123456789abcdef01234567', 'q', 'x')).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.contacts.addTag(org.id, '0123456789abcdef01234567', 'x')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('streams one campaign only', async () => {
      const s = get();
      const { org, campaign } = await setup(s);
      const second = await seedCampaign(s, org.id, 'second');
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 30));
      await s.contacts.insertMany(org.id, second.id, contacts(100, 5));
      const streamed = await collect(s.contacts.streamByCampaign(org.id, campaign.id));
      expect(streamed).toHaveLength(30);
      expect(new Set(streamed.map((c) => c.phone))).toEqual(new Set(contacts(1, 30).map((c) => c.phone)));
      expect(streamed.every((c) => c.campaignId === campaign.id)).toBe(true);
    });

    it('streams each contact exactly once while contacts are claimed and texted mid-export', async () => {
      // A store cursor walking an index that holds the status would return a contact that moves
      // forward in it twice (assigned -> messaged) and miss one that moves back (pending -> assigned).
      const s = get();
      const { org, campaign, claim } = await setup(s);
      await s.contacts.insertMany(org.id, campaign.id, contacts(1, 300));
      const claimed = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 150, windowKeys: ['ET'], now: at(1) });
      expect(claimed).toHaveLength(150);
      const seen: string[] = [];
      for await (const c of s.contacts.streamByCampaign(org.id, campaign.id)) {
        seen.push(c.id);
        if (seen.length !== 1) continue;
        for (const x of claimed) await s.contacts.markMessaged(org.id, x.id, claim.id, at(2));
        const next = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-2', now: at(2) });
        const rest = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: next.id, volunteerId: 'vol-2', limit: 150, windowKeys: ['ET'], now: at(2) });
        expect(rest).toHaveLength(150);
      }
      expect(seen).toHaveLength(300);
      expect(new Set(seen).size).toBe(300);
    });
  });
}

async function contactsWithPhone(s: Store, orgId: string, campaignId: string, p: string) {
  return (await collect(s.contacts.streamByCampaign(orgId, campaignId))).filter((c) => c.phone === p);
}
