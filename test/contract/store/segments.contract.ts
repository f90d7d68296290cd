/**
 * Store contract: segments. Both stores' counts, streams and segmented claims must say exactly
 * what core's pure matcher says about the same contacts (plus the org's opt-out list).
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import type { Contact } from '../../../src/core/model/index.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { matchesFilters, statusExclusion } from '../../../src/core/segments/match.js';
import type { Segment, SegmentCounts } from '../../../src/core/segments/segment.js';
import { at, collect, contact, phone, seedCampaign, seedOrg, stored } from './fixtures.js';

const SEGMENTS: [string, Segment][] = [
  ['everyone', {}],
  ['replied yes', { replied: true }],
  ['replied no', { replied: false }],
  ['answer one of', { answers: [{ questionId: 'q1', answerIds: ['yes', 'maybe'] }] }],
  ['answers to two questions (AND)', { answers: [{ questionId: 'q1', answerIds: ['yes'] }, { questionId: 'q2', answerIds: ['early'] }] }],
  ['tag', { tags: ['ride'] }],
  ['intent', { intents: ['yes', 'maybe'] }],
  ['delivered', { delivered: true }],
  ['not delivered', { delivered: false }],
  ['error code', { errorCodes: ['30003'] }],
  ['clicked', { clicked: true }],
  ['not clicked', { clicked: false }],
  ['status', { statuses: ['messaged', 'replied'] }],
  ['field equals', { fields: [{ name: 'county', op: 'eq', values: ['Dade'] }] }],
  ['field not equals (missing counts as not)', { fields: [{ name: 'county', op: 'ne', values: ['Dade'] }] }],
  ['field one of', { fields: [{ name: 'county', op: 'in', values: ['Dade', 'Leon'] }] }],
  ['state', { states: ['FL'] }],
  ['zip prefix', { zipPrefixes: ['331', '320'] }],
  ['language', { langs: ['es'] }],
  ['messaged before', { messagedBefore: at(5) }],
  ['messaged after', { messagedAfter: at(5) }],
  ['combined', { replied: true, langs: ['es'], states: ['FL'], tags: ['ride', 'vol'] }],
];

/** 40 contacts over two campaigns with every kind of fact, some excluded, one phone on the org list. */
async function seed(s: Store) {
  const org = await seedOrg(s);
  const a = await seedCampaign(s, org.id, 'gotv');
  const b = await seedCampaign(s, org.id, 'persuade');
  const counties = ['Dade', 'Leon', 'Duval', undefined];
  const rows = (from: number) => Array.from({ length: 20 }, (_, k) => {
    const i = from + k;
    const county = counties[i % 4];
    return contact(i, {
      language: i % 3 === 0 ? 'es' : 'en',
      state: i % 2 === 0 ? 'FL' : 'GA',
      zip: ['33101', '32099', '30301'][i % 3],
      customFields: county ? { county } : {},
      surveyAnswers: i % 5 === 0 ? { q1: 'yes', q2: 'early' } : i % 5 === 1 ? { q1: 'maybe' } : i % 5 === 2 ? { q1: 'no', q2: 'early' } : {},
      tags: i % 4 === 0 ? ['ride'] : i % 4 === 1 ? ['vol', 'ride'] : [],
      ...(i % 6 === 0 ? { linkClickedAt: at(i) } : {}),
    });
  });
  await s.contacts.insertMany(org.id, a.id, rows(1));
  await s.contacts.insertMany(org.id, b.id, rows(21));
  const all = [...(await collect(s.contacts.streamByCampaign(org.id, a.id))), ...(await collect(s.contacts.streamByCampaign(org.id, b.id)))];
  const byPhone = new Map(all.map((c) => [c.phone, c]));
  const idOf = (i: number): string => (byPhone.get(phone(i)) as Contact).id;
  for (let i = 1; i <= 40; i += 1) {
    const id = idOf(i);
    if (i % 2 === 1) {
      await s.contacts.transition(org.id, id, ['pending'], i % 4 === 1 ? 'replied' : 'messaged', at(i));
      await s.contacts.setFacts(org.id, id, {
        messagedAt: at(i % 10), initialStatus: i % 3 === 0 ? 'failed' : i % 3 === 1 ? 'delivered' : 'undelivered',
        ...(i % 3 === 0 ? { initialErrorCode: '30003' } : i % 3 === 2 ? { initialErrorCode: '30005' } : {}),
      });
    }
    if (i % 4 === 1) await s.contacts.setFacts(org.id, id, { repliedAt: at(20 + i), replyIntent: ['yes', 'maybe', 'no'][i % 3] as string });
  }
  // Excluded: two invalid, one landline, one opted out by status, one (still pending) on the org list.
  for (const i of [4, 24]) await s.contacts.transition(org.id, idOf(i), ['pending'], 'invalid', at(1));
  await s.contacts.transition(org.id, idOf(8), ['pending'], 'landline', at(1));
  await s.contacts.transition(org.id, idOf(12), ['pending'], 'opted_out', at(1));
  await s.optOuts.record(org.id, { orgId: org.id, phone: phone(5), source: 'keyword', at: at(2) });
  const fresh = [...(await collect(s.contacts.streamByCampaign(org.id, a.id))), ...(await collect(s.contacts.streamByCampaign(org.id, b.id)))];
  return { org, a, b, contacts: fresh, idOf, listed: new Set([phone(5)]) };
}

function expected(contacts: readonly Contact[], segment: Segment, listed: ReadonlySet<string>) {
  const counts: SegmentCounts = { matched: 0, excludedOptOut: 0, excludedStatus: 0 };
  const ids: string[] = [];
  for (const c of contacts) {
    if (!matchesFilters(c, segment)) continue;
    const why = statusExclusion(c.status);
    if (why === 'status') counts.excludedStatus += 1;
    else if (why === 'opt_out' || listed.has(c.phone)) counts.excludedOptOut += 1;
    else {
      counts.matched += 1;
      ids.push(c.id);
    }
  }
  return { counts, ids: ids.sort() };
}

export function segmentsContract(get: () => Store): void {
  describe('segments', () => {
    it('setFacts keeps the first messagedAt/repliedAt and the latest intent and delivery outcome', async () => {
      const s = get();
      const { org, idOf } = await seed(s);
      const id = idOf(1);
      await s.contacts.setFacts(org.id, id, { repliedAt: at(99), messagedAt: at(99), replyIntent: 'hostile', initialStatus: 'undelivered', initialErrorCode: '30006' });
      const c = await s.contacts.get(org.id, id);
      expect(c).toMatchObject({ repliedAt: at(21), messagedAt: at(1), replyIntent: 'hostile', initialStatus: 'undelivered', initialErrorCode: '30006' });
      const other = await seedOrg(s, 'Org B');
      await expect(s.contacts.setFacts(other.id, id, { replyIntent: 'yes' })).rejects.toBeInstanceOf(NotFoundError);
      expect((await s.contacts.get(org.id, id))?.replyIntent).toBe('hostile');
    });

    it('markMessaged records when the first text was pressed (messagedAt)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      await s.contacts.insertMany(org.id, campaign.id, [contact(1)]);
      const claim = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-1', now: at(0) });
      const [c] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 1, windowKeys: ['ET'], now: at(1) });
      expect((await s.contacts.get(org.id, c?.id ?? ''))?.messagedAt).toBeUndefined();
      await s.contacts.markMessaged(org.id, c?.id ?? '', claim.id, at(3));
      expect((await s.contacts.get(org.id, c?.id ?? ''))?.messagedAt).toEqual(at(3));
      expect((await s.contacts.countSegment(org.id, [campaign.id], { messagedAfter: at(2) })).matched).toBe(1);
    });

    it.each(SEGMENTS)('counts and streams exactly what the matcher says: %s', async (_name, segment) => {
      const s = get();
      const { org, a, b, contacts, listed } = await seed(s);
      const want = expected(contacts, segment, listed);
      expect(await s.contacts.countSegment(org.id, [a.id, b.id], segment)).toEqual(want.counts);
      const streamed = await collect(s.contacts.streamSegment(org.id, [a.id, b.id], segment));
      expect(streamed.map((c) => c.id)).toEqual(want.ids); // stable id order across both campaigns
    });

    it('leaves out opted-out (status and org list), invalid and landline contacts, and counts them apart', async () => {
      const s = get();
      const { org, a, b } = await seed(s);
      const counts = await s.contacts.countSegment(org.id, [a.id, b.id], {});
      expect(counts).toEqual({ matched: 35, excludedOptOut: 2, excludedStatus: 3 });
      const phones = (await collect(s.contacts.streamSegment(org.id, [a.id, b.id], {}))).map((c) => c.phone);
      expect(phones).toHaveLength(35);
      for (const i of [4, 5, 8, 12, 24]) expect(phones).not.toContain(phone(i));
    });

    it('reads only the org\'s own campaigns', async () => {
      const s = get();
      const { a, b } = await seed(s);
      const other = await seedOrg(s, 'Org B');
      expect(await s.contacts.countSegment(other.id, [a.id, b.id], {})).toEqual({ matched: 0, excludedOptOut: 0, excludedStatus: 0 });
      expect(await collect(s.contacts.streamSegment(other.id, [a.id, b.id], {}))).toEqual([]);
    });

    it('a segmented claim takes only matching pending contacts, oldest first, and leaves the rest pending', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      await s.contacts.insertMany(org.id, campaign.id, Array.from({ length: 30 }, (_, k) => contact(k + 1, { language: k % 3 === 0 ? 'es' : 'en' })));
      const claim = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'vol-1', now: at(0) });
      const segment: Segment = { langs: ['es'] };
      const got = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 4, windowKeys: ['ET'], now: at(1), segment });
      expect(got.map((c) => c.phone)).toEqual([phone(1), phone(4), phone(7), phone(10)]);
      expect(await s.contacts.countByStatus(org.id, campaign.id)).toMatchObject({ pending: 26, assigned: 4 });
      // The contacts passed over are still claimable without the segment, oldest first.
      const plain = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'vol-1', limit: 2, windowKeys: ['ET'], now: at(2) });
      expect(plain.map((c) => c.phone)).toEqual([phone(2), phone(3)]);
    });

    it('30 concurrent segmented claimers never share a contact and take only matching ones', async () => {
      const s = get();
      const org = await seedOrg(s);
      const campaign = await seedCampaign(s, org.id);
      const keys = ['ET', 'CT', 'PT'];
      await s.contacts.insertMany(org.id, campaign.id, Array.from({ length: 600 }, (_, k) => contact(k + 1, { windowKey: keys[k % 3], state: k % 2 === 0 ? 'FL' : 'GA' })));
      const claims = await Promise.all(Array.from({ length: 30 }, (_, v) => s.claims.create(org.id, { campaignId: campaign.id, volunteerId: `vol-${v}`, now: at(0) })));
      const segment: Segment = { states: ['FL'] };
      const results = await Promise.all(claims.map((c) =>
        s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: c.id, volunteerId: c.volunteerId, limit: 15, windowKeys: keys, now: at(1), segment })));
      const all = results.flat();
      expect(all).toHaveLength(300);
      expect(new Set(all.map((c) => c.id)).size).toBe(300);
      expect((await stored(s, org.id, all)).every((c) => c.state === 'FL')).toBe(true);
      for (const [i, got] of results.entries()) expect((await stored(s, org.id, got)).every((c) => c.claimId === claims[i]?.id && c.status === 'assigned')).toBe(true);
      expect(await s.contacts.countByStatus(org.id, campaign.id)).toMatchObject({ pending: 300, assigned: 300 });
    });
  });
}
