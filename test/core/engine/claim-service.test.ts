import { describe, expect, it } from 'vitest';
import { contactAt, harness, startedCampaign } from './harness.js';

describe('ClaimService', () => {
  it('refuses claims on campaigns that are not running', async () => {
    const h = await harness();
    const draft = await h.engine.campaigns.create(h.org.id, { slug: 'd', name: 'D' }, h.organizer.id);
    if (!draft.ok) throw new Error(draft.reason);
    expect(await h.engine.claims.claim(h.org.id, draft.campaign.id, h.volunteers[0]!.id)).toMatchObject({ ok: false, reason: 'engine:claim.not_active', params: { status: 'draft' } });
    expect(await h.engine.claims.claim(h.org.id, 'nope', h.volunteers[0]!.id)).toMatchObject({ ok: false, reason: 'engine:campaign.not_found' });
  });

  it('R2.4: a claim takes only contacts whose window is open now (09:30 New York = 06:30 Los Angeles)', async () => {
    const h = await harness({ start: new Date('2026-11-17T14:30:00Z') });
    const contacts = [
      contactAt('+12125550101', { zip: '10001' }), // New York
      contactAt('+12125550102', { zip: '10001' }),
      contactAt('+13105550103', { zip: '90210' }), // Los Angeles
      contactAt('+13105550104'), // area code only: Los Angeles
    ];
    const campaign = await startedCampaign(h, 0, {}, { contacts });
    const a = await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[0]!.id);
    expect(a).toMatchObject({ ok: true, position: { total: 2 } });
    const claimed = [];
    for await (const c of h.store.contacts.streamByCampaign(h.org.id, campaign.id)) if (c.status === 'assigned') claimed.push(c.phone);
    expect(claimed.sort()).toEqual(['+12125550101', '+12125550102']);
    // Nobody else is open: the answer says when Los Angeles opens (09:00 PST = 17:00Z).
    expect(await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[1]!.id)).toMatchObject({ ok: false, reason: 'engine:claim.outside_hours', opensAt: new Date('2026-11-17T17:00:00Z') });
    h.clock.set(new Date('2026-11-17T17:00:00Z'));
    expect(await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[1]!.id)).toMatchObject({ ok: true, position: { total: 2 } });
  });

  it("a campaign's window override narrows the hours (noon start)", async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 4, { windowOverride: { startHour: 12, endHour: 18 } });
    expect(await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[0]!.id)).toMatchObject({ ok: false, reason: 'engine:claim.outside_hours', opensAt: new Date('2026-11-17T17:00:00Z') });
  });

  it('honours size and maxActiveClaimsPerVolunteer; at the limit Claim gives back the oldest unfinished batch', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 20, { batchSize: 5, maxActiveClaimsPerVolunteer: 2 });
    const ana = h.volunteers[0]!;
    const first = await h.engine.claims.claim(h.org.id, campaign.id, ana.id, 3);
    const second = await h.engine.claims.claim(h.org.id, campaign.id, ana.id);
    const third = await h.engine.claims.claim(h.org.id, campaign.id, ana.id);
    expect(first).toMatchObject({ ok: true, resumed: false, position: { total: 3 } });
    expect(second).toMatchObject({ ok: true, resumed: false, position: { total: 5 } });
    expect(third).toMatchObject({ ok: true, resumed: true, claim: { id: first.ok ? first.claim.id : '' } });
    expect(await h.store.claims.listActive(h.org.id, campaign.id, ana.id)).toHaveLength(2);
  });

  it('two Claim presses racing for one volunteer leave one active claim with contacts', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 20, { batchSize: 5 });
    const ana = h.volunteers[0]!;
    const results = await Promise.all([1, 2, 3].map(() => h.engine.claims.claim(h.org.id, campaign.id, ana.id)));
    const active = await h.store.claims.listActive(h.org.id, campaign.id, ana.id);
    expect(active).toHaveLength(1);
    expect((await h.store.contacts.countByStatus(h.org.id, campaign.id)).assigned).toBe(5);
    for (const r of results) if (r.ok) expect(r.claim.id).toBe(active[0]!.id);
  });

  it('nothing left: no claim stays active, and a finished claim completes', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 2, { batchSize: 5 });
    const [ana, ben] = h.volunteers;
    const a = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!a.ok) throw new Error(a.reason);
    // Everyone not texted is in Ana's batch: that is what Ben is told, not "everyone was texted".
    expect(await h.engine.claims.claim(h.org.id, campaign.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:claim.all_in_batches', params: { slug: 'gotv', count: 2 } });
    expect(await h.store.claims.listActive(h.org.id, campaign.id, ben!.id)).toEqual([]);
    let next = a.next;
    while (next) {
      const r = await h.engine.send.skip(h.org.id, a.claim.id, next.id, ana!.id);
      if (!r.ok) throw new Error(r.reason);
      next = r.next;
    }
    expect((await h.store.claims.get(h.org.id, a.claim.id))?.status).toBe('completed');
    expect(await h.engine.claims.claim(h.org.id, campaign.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:claim.nothing_left', params: { slug: 'gotv' } });
    expect(await h.engine.claims.show(h.org.id, a.claim.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_claim' });
    expect(await h.engine.claims.show(h.org.id, a.claim.id, h.organizer.id)).toMatchObject({ ok: true, next: null, position: { done: 2, total: 2 } });
  });

  it('schedules claim.expire at claimExpiryMinutes with a numbered job id', async () => {
    const h = await harness();
    const jobs: { name: string; payload: unknown; opts: unknown }[] = [];
    const enqueue = h.queue.enqueue.bind(h.queue);
    h.queue.enqueue = async (name, payload, opts) => {
      jobs.push({ name, payload, opts });
      return enqueue(name, payload, opts);
    };
    const campaign = await startedCampaign(h, 3, { claimExpiryMinutes: 30 });
    const a = await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[0]!.id);
    if (!a.ok) throw new Error(a.reason);
    expect(jobs.find((j) => j.name === 'claim.expire')).toEqual({
      name: 'claim.expire',
      payload: { orgId: h.org.id, claimId: a.claim.id, n: 1 },
      opts: { delayMs: 30 * 60_000, jobId: `claim.expire:${a.claim.id}:1` },
    });
    h.clock.advance(10 * 60_000);
    await h.store.claims.touch(h.org.id, a.claim.id, h.clock.now());
    h.clock.advance(25 * 60_000);
    expect(await h.engine.claims.expireIfIdle(h.org.id, a.claim.id, 1)).toBe('rescheduled');
    expect(jobs.filter((j) => j.name === 'claim.expire').at(-1)).toMatchObject({ payload: { n: 2 }, opts: { delayMs: 5 * 60_000, jobId: `claim.expire:${a.claim.id}:2` } });
  });

  it('a claim that finds nobody stores no claim record (everyone in batches, everyone texted, quiet hours)', async () => {
    const h = await harness();
    const created: string[] = [];
    const create = h.store.claims.create.bind(h.store.claims);
    h.store.claims.create = async (orgId, c) => {
      const claim = await create(orgId, c);
      created.push(claim.id);
      return claim;
    };
    const campaign = await startedCampaign(h, 3, { batchSize: 5 });
    const [ana, ben, cleo] = h.volunteers;
    const a = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    expect(a).toMatchObject({ ok: true, claim: { size: 3, status: 'active' }, position: { done: 0, total: 3 } });
    expect(created).toHaveLength(1);
    expect(await h.engine.claims.claim(h.org.id, campaign.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:claim.all_in_batches', params: { count: 3 } });
    expect(await h.engine.claims.claim(h.org.id, campaign.id, cleo!.id)).toMatchObject({ ok: false, reason: 'engine:claim.all_in_batches' });
    expect(created).toHaveLength(1);
    // Ana releases: the contacts are claimable again.
    if (!a.ok) throw new Error('claim');
    await h.engine.claims.release(h.org.id, a.claim.id, ana!.id);
    const b = await h.engine.claims.claim(h.org.id, campaign.id, ben!.id);
    expect(b).toMatchObject({ ok: true, claim: { size: 3 } });
    expect(created).toHaveLength(2);
    // At 03:00 in New York nobody is inside texting hours: says when it opens, no record.
    if (!b.ok) throw new Error('claim');
    await h.engine.claims.release(h.org.id, b.claim.id, ben!.id);
    h.clock.set(new Date('2026-11-18T08:00:00Z'));
    expect(await h.engine.claims.claim(h.org.id, campaign.id, cleo!.id)).toMatchObject({ ok: false, reason: 'engine:claim.outside_hours' });
    expect(created).toHaveLength(2);
  });

  it('a Claim press that dies after taking contacts and before storing its record: claim.expire returns them to the pool', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 4, { batchSize: 4, claimExpiryMinutes: 30 });
    const [ana, ben] = h.volunteers;
    const expiries: { orgId: string; claimId: string; n: number }[] = [];
    const enqueue = h.queue.enqueue.bind(h.queue);
    h.queue.enqueue = async (name, payload, opts) => {
      if (name === 'claim.expire') expiries.push(payload as { orgId: string; claimId: string; n: number });
      return enqueue(name, payload, opts);
    };
    const create = h.store.claims.create.bind(h.store.claims);
    let dieOnce = true;
    h.store.claims.create = async (orgId, c) => {
      if (dieOnce) {
        dieOnce = false;
        throw new Error('process killed before the claim record was stored');
      }
      return create(orgId, c);
    };
    await expect(h.engine.claims.claim(h.org.id, campaign.id, ana!.id)).rejects.toThrow('process killed');
    expect(await h.store.contacts.countByStatus(h.org.id, campaign.id)).toMatchObject({ pending: 0, assigned: 4 });
    expect(await h.engine.claims.claim(h.org.id, campaign.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:claim.all_in_batches' });
    // The expiry was scheduled before the contacts were taken; when it fires there is no record.
    expect(expiries).toHaveLength(1);
    h.clock.advance(31 * 60_000);
    const job = expiries[0]!;
    expect(await h.store.claims.get(h.org.id, job.claimId)).toBeNull();
    expect(await h.engine.claims.expireIfIdle(job.orgId, job.claimId, job.n)).toBe('not_active');
    expect(await h.store.contacts.countByStatus(h.org.id, campaign.id)).toMatchObject({ pending: 4, assigned: 0 });
    expect(await h.engine.claims.claim(h.org.id, campaign.id, ben!.id)).toMatchObject({ ok: true, claim: { size: 4 } });
  });
});
