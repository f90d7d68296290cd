/** The in-memory store beyond the shared contract: ids, copies, closing, and claim cost at scale. */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { createIdMinter } from '../../../src/adapters/memory/ids.js';
import { MinHeap } from '../../../src/adapters/memory/min-heap.js';
import { PendingQueue } from '../../../src/adapters/memory/pending-queue.js';
import type { NewContact } from '../../../src/core/model/index.js';

const NOW = new Date('2030-03-04T15:00:00.000Z');
const clock = { now: () => new Date(NOW) };
const phone = (i: number): string => `+1202${String(i).padStart(7, '0')}`;

describe('memory ids', () => {
  it('are 24 hex characters that sort in creation order', () => {
    const next = createIdMinter(NOW);
    const ids = Array.from({ length: 300 }, () => next());
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(300);
    expect(ids[0]?.slice(0, 8)).toBe(Math.floor(NOW.getTime() / 1000).toString(16));
  });

  it('are minted per store instance (no module-level counter)', async () => {
    const a = createMemoryStore({ clock });
    const b = createMemoryStore({ clock });
    const orgA = await a.orgs.create({ platform: 'slack', externalId: 'T1', name: 'A' });
    const orgB = await b.orgs.create({ platform: 'slack', externalId: 'T1', name: 'B' });
    expect(orgA.id).toBe(orgB.id);
    expect(await b.orgs.get(orgA.id)).toMatchObject({ name: 'B' });
  });
});

describe('memory copies', () => {
  it('never shares objects with callers, in or out', async () => {
    const s = createMemoryStore({ clock });
    const org = await s.orgs.create({ platform: 'slack', externalId: 'T1', name: 'A' });
    const campaign = await s.campaigns.create(org.id, { orgId: org.id, slug: 'c', name: 'C', createdBy: 'm' });
    const input: NewContact = { phone: phone(1), customFields: { a: '1' }, tags: ['x'] };
    await s.contacts.insertMany(org.id, campaign.id, [input]);
    input.customFields = { a: 'changed' };
    input.tags?.push('y');
    const claim = await s.claims.create(org.id, { campaignId: campaign.id, volunteerId: 'v', now: NOW });
    const [taken] = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: claim.id, volunteerId: 'v', limit: 1, windowKeys: [''], now: NOW });
    const got = taken && (await s.contacts.get(org.id, taken.id));
    if (!got) throw new Error('nothing claimed');
    expect(got).toMatchObject({ customFields: { a: '1' }, tags: ['x'] });
    got.status = 'closed';
    got.tags.push('z');
    expect(await s.contacts.get(org.id, got.id)).toMatchObject({ status: 'assigned', tags: ['x'] });
    const scripts = { en: { initial: 'Hi, Org A here. Reply STOP to opt out.', followUps: [] } };
    await s.campaigns.update(org.id, campaign.id, { scripts });
    scripts.en.initial = 'changed';
    expect((await s.campaigns.get(org.id, campaign.id))?.scripts.en?.initial).toContain('Org A');
  });
});

describe('memory lifecycle', () => {
  it('pings until closed', async () => {
    const s = createMemoryStore({ clock });
    await expect(s.ping()).resolves.toBeUndefined();
    await s.close();
    await expect(s.ping()).rejects.toThrow(/closed/);
  });
});

describe('MinHeap', () => {
  it('pops records in ascending id order whatever the push order', () => {
    const h = new MinHeap<{ id: string }>();
    const values = Array.from({ length: 500 }, (_, i) => String((i * 7919) % 1000).padStart(4, '0'));
    for (const v of values) h.push({ id: v });
    const out: string[] = [];
    while (h.size > 0) out.push(h.pop()?.id as string);
    expect(out).toEqual([...values].sort());
    expect(h.pop()).toBeUndefined();
  });
});

describe('PendingQueue', () => {
  const id = (n: number) => String(n).padStart(6, '0');
  const idOf = (r: { id: string } | undefined) => r?.id;

  it('gives the lowest id first, whether ids arrive in order (an import) or come back out of order (a released claim)', () => {
    const q = new PendingQueue<{ id: string }>();
    const model: string[] = [];
    const out: string[] = [];
    const want: string[] = [];
    // Imports in increasing order, pops in between, and earlier ids pushed back (released claims),
    // past the point where the queue drops its consumed head (1,024 pops).
    for (let n = 0; n < 5000; n += 1) {
      q.push({ id: id(n * 2) });
      model.push(id(n * 2));
      if (n % 3 === 0) {
        const back = id(((n * 7919) % (n + 1)) * 2 + 1); // odd ids: never pushed before, below the run's tail
        q.push({ id: back });
        model.push(back);
      }
      if (n % 2 === 1) {
        model.sort();
        want.push(model.shift() as string);
        expect(idOf(q.peek())).toBe(want.at(-1));
        out.push(idOf(q.pop()) as string);
      }
      expect(q.size).toBe(model.length);
    }
    model.sort();
    while (q.size > 0) out.push(idOf(q.pop()) as string);
    expect(out).toEqual([...want, ...model]);
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });
});

/** Builds a campaign of `total` contacts over 4 window keys; returns the median ms of `claims` claims of 50. */
async function medianClaimMs(total: number, claims: number) {
  const s = createMemoryStore({ clock });
  const org = await s.orgs.create({ platform: 'slack', externalId: 'T1', name: 'A' });
  const campaign = await s.campaigns.create(org.id, { orgId: org.id, slug: 'big', name: 'Big', createdBy: 'm' });
  const keys = ['ET', 'CT', 'MT', 'PT'];
  const importStart = performance.now();
  for (let start = 0; start < total; start += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, total - start) }, (_, k) => ({ phone: phone(start + k), windowKey: keys[(start + k) % 4] }));
    await s.contacts.insertMany(org.id, campaign.id, rows);
  }
  const importMs = performance.now() - importStart;
  const times: number[] = [];
  let claimed = 0;
  for (let i = 0; i < claims; i += 1) {
    const t = performance.now();
    // Only ET and PT are open: the closed keys' contacts must cost nothing.
    const got = await s.contacts.claimPending({ orgId: org.id, campaignId: campaign.id, claimId: `claim-${i}`, volunteerId: 'v', limit: 50, windowKeys: ['ET', 'PT'], now: NOW });
    times.push(performance.now() - t);
    claimed += got.length;
  }
  times.sort((a, b) => a - b);
  const t = performance.now();
  const counts = await s.contacts.countByStatus(org.id, campaign.id);
  await s.contacts.pendingWindowKeys(org.id, campaign.id);
  return { importMs, claimMs: times[Math.floor(times.length / 2)] ?? 0, claimed, counts, statsMs: performance.now() - t };
}

describe('memory claims at scale', () => {
  it('claims cost the same from a 20,000- and a 200,000-contact campaign (no scan per claim)', async () => {
    const small = await medianClaimMs(20_000, 200);
    const large = await medianClaimMs(200_000, 200);
    console.log(
      `[memory-store] claimPending(50), median: ${small.claimMs.toFixed(3)} ms at 20k contacts, ${large.claimMs.toFixed(3)} ms at 200k; ` +
        `import 200k: ${large.importMs.toFixed(0)} ms; countByStatus+pendingWindowKeys at 200k: ${large.statsMs.toFixed(3)} ms`,
    );
    expect(small.claimed).toBe(10_000);
    expect(large.claimed).toBe(10_000);
    expect(large.counts).toMatchObject({ assigned: 10_000, pending: 190_000 });
    // A per-claim scan would make the large campaign ~10x slower; the heaps keep it flat.
    expect(large.claimMs).toBeLessThan(Math.max(4 * small.claimMs, 1));
    expect(large.statsMs).toBeLessThan(5);
  }, 120_000);
});
