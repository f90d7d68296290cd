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
    expect(await h.engine.claims.claim(h.org.id, campaign.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:claim.nothing_left', params: { slug: 'gotv' } });
    expect(await h.store.claims.listActive(h.org.id, campaign.id, ben!.id)).toEqual([]);
    let next = a.next;
    while (next) {
      const r = await h.engine.send.skip(h.org.id, a.claim.id, next.id, ana!.id);
      if (!r.ok) throw new Error(r.reason);
      next = r.next;
    }
    expect((await h.store.claims.get(h.org.id, a.claim.id))?.status).toBe('completed');
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
});
