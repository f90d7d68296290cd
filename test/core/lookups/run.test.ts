// A lookup run over ports (memory store, simulated lookup, fake clock): line types on every
// pending contact, landline and VoIP out of the pool, the org's cache making a second campaign
// free, the provider's rate kept by the clock, a crashed run resumed without paying twice,
// per-number failures that never abort the run, and no credit stopping it with nothing else changed.
import { describe, expect, it } from 'vitest';
import { engineTestStore } from '../engine/harness.js';
import { createSimulatedLookup } from '../../../src/adapters/lookup/index.js';
import { runLookup } from '../../../src/core/lookups/run.js';
import { planLookup } from '../../../src/core/lookups/plan.js';
import type { Contact } from '../../../src/core/model/contact.js';
import type { NumberLookup, NumberLookupResult, Store } from '../../../src/core/ports.js';

const START = new Date('2026-11-17T15:00:00Z');

function fakeTime() {
  let t = START.getTime();
  const clock = { now: () => new Date(t) };
  return { clock, advance: (ms: number) => void (t += ms), sleep: async (ms: number) => void (t += ms) };
}

/** 555-0101 .. : by the simulated rule, ...7 is a landline, ...9 is VoIP, the rest mobile. */
const demoPhone = (i: number): string => `+1202555${String(100 + i).padStart(4, '0')}`;

async function seed(store: Store, count: number, slug = 'gotv', orgId?: string) {
  const org = orgId ? { id: orgId } : await store.orgs.create({ platform: 'slack', externalId: 'T1', name: 'Org' });
  const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug, name: slug, createdBy: 'm1' });
  await store.contacts.insertMany(org.id, campaign.id, Array.from({ length: count }, (_, k) => ({ phone: demoPhone(k + 1), windowKey: 'ET' })));
  return { orgId: org.id, campaignId: campaign.id };
}

async function all(store: Store, orgId: string, campaignId: string): Promise<Contact[]> {
  const out: Contact[] = [];
  for await (const c of store.contacts.streamByCampaign(orgId, campaignId)) out.push(c);
  return out;
}

const counting = (inner: NumberLookup) => {
  const asked: string[] = [];
  const lookup: NumberLookup = { kind: 'simulated', lookup: async (p) => (asked.push(p), inner.lookup(p)) };
  return { asked, lookup };
};

describe('lookup run', () => {
  it('gives every pending contact its line type, takes landline and VoIP out of the pool, and a second campaign with the same numbers costs nothing', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 20);
    const lookup = createSimulatedLookup();
    const before = await planLookup(store, { orgId, campaignId, now: time.clock.now(), unitPrice: 0.008 });
    expect(before).toEqual({ needing: 20, cached: 0, toPay: 20, cost: 0.16 });

    const report = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 100, batchSize: 6 });
    expect(report).toMatchObject({ total: 20, paid: 20, cached: 0, finished: true, lineTypes: { landline: 2, voip: 2, mobile: 16, unknown: 0 } });
    const contacts = await all(store, orgId, campaignId);
    expect(contacts.every((c) => c.lineType !== undefined)).toBe(true);
    expect(contacts.filter((c) => c.status === 'landline').map((c) => c.lineType).sort()).toEqual(['landline', 'landline', 'voip', 'voip']);

    const second = await seed(store, 20, 'again', orgId);
    expect(await planLookup(store, { orgId, campaignId: second.campaignId, now: time.clock.now(), unitPrice: 0.008 })).toEqual({ needing: 20, cached: 20, toPay: 0, cost: 0 });
    const again = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId: second.campaignId, runId: 'run-2', ratePerSecond: 100 });
    expect(again).toMatchObject({ paid: 0, cached: 20, lineTypes: { landline: 2, voip: 2 } });
    expect(lookup.asked).toHaveLength(20);
  });

  it('also covers contacts claimed before the run reached them: a landline or VoIP one leaves its batch untexted; a texted one is left alone', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 20);
    // A volunteer claimed the first ten (0101..0110: 0107 is a landline, 0109 VoIP) and texted 0101.
    const taken = await store.contacts.claimPending({ orgId, campaignId, claimId: 'c1', volunteerId: 'v1', limit: 10, windowKeys: ['ET'], now: time.clock.now() });
    expect(taken).toHaveLength(10);
    expect((await store.contacts.markMessaged(orgId, taken[0]!.id, 'c1', time.clock.now())).ok).toBe(true);
    expect(await planLookup(store, { orgId, campaignId, now: time.clock.now(), unitPrice: 0.01 })).toMatchObject({ needing: 19 });

    const report = await runLookup({ store, clock: time.clock, lookup: createSimulatedLookup(), sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 100 });
    expect(report).toMatchObject({ total: 19, paid: 19, finished: true, lineTypes: { landline: 2, voip: 2, mobile: 15 } });
    const byPhone = new Map((await all(store, orgId, campaignId)).map((c) => [c.phone, c]));
    expect(byPhone.get(demoPhone(7))).toMatchObject({ status: 'landline', lineType: 'landline' });
    expect(byPhone.get(demoPhone(9))).toMatchObject({ status: 'landline', lineType: 'voip' });
    expect(byPhone.get(demoPhone(1))).toMatchObject({ status: 'messaged' });
    expect(byPhone.get(demoPhone(1))?.lineType).toBeUndefined();
    // The batch's cards go on without them: 10 taken, 1 texted, 2 gone.
    expect(await store.contacts.countAssigned(orgId, 'c1')).toBe(7);
  });

  it('keeps to the provider rate, timed by the clock', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 10);
    const at: number[] = [];
    const inner = createSimulatedLookup();
    const lookup: NumberLookup = { kind: 'simulated', lookup: async (p) => (at.push(time.clock.now().getTime()), inner.lookup(p)) };
    await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'r', ratePerSecond: 5 });
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps.every((g) => g >= 200)).toBe(true);
    expect((at.at(-1) as number) - (at[0] as number)).toBeGreaterThanOrEqual(1_800);
  });

  it('resumes after a crash without paying twice for any number', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 12);
    const { asked, lookup } = counting(createSimulatedLookup());
    // The worker dies after 5 contacts were marked (the 6th answer is already paid for and cached).
    let marked = 0;
    const crashing: Store = { ...store, contacts: { ...store.contacts, setLineType: async (...a) => {
      if (++marked === 6) throw new Error('worker killed');
      return store.contacts.setLineType(...a);
    } } };
    await expect(runLookup({ store: crashing, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 50, batchSize: 4 })).rejects.toThrow('worker killed');
    expect(asked).toHaveLength(6);

    // The queue runs the same job again.
    const report = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 50, batchSize: 4 });
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked).toHaveLength(12);
    expect(report).toMatchObject({ total: 12, paid: 11, cached: 1, finished: true });
    expect((await all(store, orgId, campaignId)).every((c) => c.lineType !== undefined)).toBe(true);
    // A re-delivered job of the finished run does nothing.
    await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 50 });
    expect(asked).toHaveLength(12);
  });

  it('a number whose answer a crash lost is not asked again until its claim is an hour old', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 3);
    const { asked, lookup } = counting(createSimulatedLookup());
    const crashing: Store = { ...store, lookups: { ...store.lookups, complete: async (...a) => {
      if (a[1] === demoPhone(2)) throw new Error('worker killed');
      return store.lookups.complete(...a);
    } } };
    await expect(runLookup({ store: crashing, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 50 })).rejects.toThrow();
    const resumed = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-1', ratePerSecond: 50 });
    expect(resumed.failed).toEqual({ in_progress: 1 });
    expect(asked.filter((p) => p === demoPhone(2))).toHaveLength(1);

    time.advance(61 * 60_000);
    const later = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'run-2', ratePerSecond: 50 });
    expect(later).toMatchObject({ total: 1, paid: 1 });
    expect(asked.filter((p) => p === demoPhone(2))).toHaveLength(2);
  });

  it('two runs of the same campaign at once pay for each number once', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 15);
    const { asked, lookup } = counting(createSimulatedLookup());
    await Promise.all(['a', 'b'].map((runId) => runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId, ratePerSecond: 1_000, batchSize: 3 })));
    expect(asked).toHaveLength(new Set(asked).size);
    expect(asked).toHaveLength(15);
    expect((await all(store, orgId, campaignId)).every((c) => c.lineType !== undefined)).toBe(true);
  });

  it('counts failures per number and reason, retries the retryable ones, and never aborts', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 8);
    let flaky = 0;
    const lookup: NumberLookup = {
      kind: 'simulated',
      async lookup(phone): Promise<NumberLookupResult> {
        if (phone === demoPhone(1)) return { ok: false, reason: 'not_found', retryable: false };
        if (phone === demoPhone(2)) return { ok: false, reason: 'invalid', retryable: false };
        if (phone === demoPhone(3)) return { ok: false, reason: 'unavailable', retryable: true };
        if (phone === demoPhone(4) && flaky++ < 2) return { ok: false, reason: 'rate_limited', retryable: true };
        if (phone === demoPhone(5)) throw new Error('socket hang up');
        return { ok: true, lineType: 'mobile' };
      },
    };
    const report = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'r', ratePerSecond: 50, maxAttempts: 3 });
    expect(report.failed).toEqual({ not_found: 1, invalid: 1, unavailable: 2 });
    expect(report).toMatchObject({ paid: 4, finished: true, lineTypes: { mobile: 4 } });
    expect(report.stopped).toBeUndefined();
    const failedOnes = (await all(store, orgId, campaignId)).filter((c) => [1, 2, 3, 5].map(demoPhone).includes(c.phone));
    expect(failedOnes.every((c) => c.status === 'pending' && c.lineType === undefined)).toBe(true);
    // A later run asks the failed numbers again (nothing of theirs was cached).
    expect(await planLookup(store, { orgId, campaignId, now: time.clock.now(), unitPrice: 1 })).toMatchObject({ needing: 4, toPay: 4 });
  });

  it('with no credit left the run stops at once and changes nothing else', async () => {
    const time = fakeTime();
    const store = await engineTestStore(time.clock);
    const { orgId, campaignId } = await seed(store, 10);
    const lookup = createSimulatedLookup({ credit: 3 });
    const report = await runLookup({ store, clock: time.clock, lookup, sleep: time.sleep }, { orgId, campaignId, runId: 'r', ratePerSecond: 50, batchSize: 2 });
    expect(report).toMatchObject({ stopped: 'no_credit', paid: 3, finished: true, failed: {} });
    const contacts = await all(store, orgId, campaignId);
    expect(contacts.filter((c) => c.lineType !== undefined)).toHaveLength(3);
    expect(contacts.filter((c) => c.lineType === undefined).every((c) => c.status === 'pending')).toBe(true);
    expect(lookup.asked).toHaveLength(3);

    // An account with no credit at all: the run changes nothing.
    const fresh = await engineTestStore(time.clock);
    const other = await seed(fresh, 4);
    const none = await runLookup({ store: fresh, clock: time.clock, lookup: createSimulatedLookup({ credit: 0 }), sleep: time.sleep }, { ...other, runId: 'r2', ratePerSecond: 50 });
    expect(none).toMatchObject({ stopped: 'no_credit', paid: 0, cached: 0 });
    expect((await all(fresh, other.orgId, other.campaignId)).every((c) => c.status === 'pending' && c.lineType === undefined)).toBe(true);
    expect((await fresh.lookups.getFresh(other.orgId, [demoPhone(1)], START)).size).toBe(0);
  });
});
