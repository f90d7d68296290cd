// Issue 5 end to end: the safety invariants (one press = one text, quiet hours, outbox recovery,
// suppression before every send, claim expiry/release, permissions).
import { describe, expect, it } from 'vitest';
import { ORG_NUMBER, harness, interaction, startedCampaign } from './harness.js';

describe('engine safety invariants (issue 5)', () => {
  it('R5.2(a): 20 concurrent presses on the same card send exactly one text', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 10);
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const contactId = claim.next.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId, pressedBy: ana!.id, interactionId: interaction(), platform: 'slack' }),
      ),
    );
    await h.settle();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'engine:send.already_sent')).toBe(true);
    expect(h.carrier.sent()).toHaveLength(1);
    expect(h.carrier.sent()[0]?.to).toBe(claim.next.phone);
    const conv = await h.store.conversations.findByContact(h.org.id, contactId);
    expect(await h.store.messages.listByConversation(h.org.id, conv!.id)).toHaveLength(1);
    expect((await h.store.campaigns.get(h.org.id, campaign.id))?.counters.initials).toBe(1);
  });

  it('R5.2(b): the same interaction id never sends a second text, even on another card', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 5);
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const ix = interaction();
    const first = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: ana!.id, interactionId: ix, platform: 'discord' });
    if (!first.ok || !first.next) throw new Error('first');
    const again = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: first.next.id, pressedBy: ana!.id, interactionId: ix, platform: 'discord' });
    expect(again).toMatchObject({ ok: false, reason: 'engine:send.duplicate_interaction', message: { id: first.message.id } });
    expect((await h.store.contacts.get(h.org.id, first.next.id))?.status).toBe('assigned'); // the card is still pressable
    await h.settle();
    expect(h.carrier.sent()).toHaveLength(1);
  });

  it('R2.5: a press outside the texting window (03:00 New York) sends nothing and says when it opens', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 5, { batchSize: 2 });
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    h.clock.set(new Date('2026-11-18T08:00:00Z')); // Wednesday 03:00 in New York
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: ana!.id, interactionId: interaction(), platform: 'slack' });
    expect(r).toMatchObject({ ok: false, reason: 'engine:send.outside_hours', params: { opensAt: '2026-11-18T14:00:00.000Z' } });
    await h.settle();
    expect(h.carrier.attempts()).toHaveLength(0);
    expect((await h.store.contacts.get(h.org.id, claim.next.id))?.status).toBe('assigned');
    // A claim at 03:00 takes nobody and says when texting opens.
    const cleo = h.volunteers[2]!;
    expect(await h.engine.claims.claim(h.org.id, campaign.id, cleo.id)).toMatchObject({ ok: false, reason: 'engine:claim.outside_hours', opensAt: new Date('2026-11-18T14:00:00Z') });
    expect(await h.store.claims.listActive(h.org.id, campaign.id, cleo.id)).toEqual([]);
  });

  it('Outbox: a worker that dies between queued and sending loses nothing, and the sweeper delivers exactly once', async () => {
    // The web process stores the message and enqueues a job that no worker ever runs.
    const h = await harness({ registerHandlers: false });
    const campaign = await startedCampaign(h, 3);
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: ana!.id, interactionId: interaction(), platform: 'slack' });
    if (!r.ok) throw new Error(r.reason);
    await h.queue.close(); // the job is gone with the process
    expect((await h.store.messages.get(h.org.id, r.message.id))?.status).toBe('queued');

    const w = h.worker();
    expect(await w.engine.dispatch.sweep()).toBe(0); // not stale yet
    h.clock.advance(w.engine.config.sweepAfterMs + 1_000);
    expect(await w.engine.dispatch.sweep()).toBe(1);
    await w.engine.dispatch.sweep(); // a second sweep at once: same job id (= message id), no second job
    await w.queue.drain();
    await h.carrier.flush();
    h.clock.advance(w.engine.config.sweepAfterMs + 1_000);
    expect(await w.engine.dispatch.sweep()).toBe(0);
    await w.queue.drain();
    expect(h.carrier.sent().map((s) => s.idempotencyKey)).toEqual([r.message.id]);
    const m = await h.store.messages.get(h.org.id, r.message.id);
    expect(m?.status).toBe('delivered');
    expect(m?.attempts).toBe(1);
  });

  it('R1.2/R1.4: a STOP that arrives after the press blocks the queued text locally, with no carrier call', async () => {
    const h = await harness({ registerHandlers: false });
    const campaign = await startedCampaign(h, 3);
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const contact = claim.next;
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: contact.id, pressedBy: ana!.id, interactionId: interaction(), platform: 'slack' });
    if (!r.ok) throw new Error(r.reason);
    const inbound = await h.engine.inbound.receive({ providerId: 'SMin1', from: contact.phone, to: ORG_NUMBER, body: 'Please remove me', at: h.clock.now() });
    expect(inbound).toMatchObject({ ok: true, kind: 'opt_out', rule: 'phrase:remove_me' });
    const w = h.worker();
    expect(await w.engine.dispatch.dispatch(h.org.id, r.message.id)).toBe('blocked');
    await w.queue.drain();
    // Only the opt-out confirmation (exempt from suppression, R1.6) may reach the carrier.
    expect(h.carrier.attempts().filter((a) => a.idempotencyKey === r.message.id)).toEqual([]);
    expect(await h.store.messages.get(h.org.id, r.message.id)).toMatchObject({ status: 'failed', errorCode: 'opted_out_local' });
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('opted_out');
  });

  it('R1.6: STOP delivered twice (and the same webhook retried) gives one stored text and one confirmation', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 3);
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const contact = claim.next;
    await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: contact.id, pressedBy: ana!.id, interactionId: interaction(), platform: 'slack' });
    await h.settle();
    const stop = { providerId: 'SMstop1', from: contact.phone, to: ORG_NUMBER, body: 'STOP', at: h.clock.now() };
    expect(await h.engine.inbound.receive(stop)).toMatchObject({ ok: true, duplicate: false });
    expect(await h.engine.inbound.receive(stop)).toMatchObject({ ok: true, duplicate: true });
    expect(await h.engine.inbound.receive({ ...stop, providerId: 'SMstop2', body: 'Stop!!' })).toMatchObject({ ok: true, duplicate: false, kind: 'opt_out' });
    await h.settle();
    const confirmations = h.carrier.sent().filter((s) => s.to === contact.phone).slice(1);
    expect(confirmations).toHaveLength(1);
    expect((await h.store.optOuts.get(h.org.id, contact.phone))?.confirmationAt).toBeInstanceOf(Date);
    expect((await h.store.campaigns.get(h.org.id, campaign.id))?.counters.optOuts).toBe(1);
  });

  it('claim expiry: an idle claim expires and its unsent contacts return to pending; an active one is re-checked later', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 10, { batchSize: 4, claimExpiryMinutes: 60 });
    const [ana, ben] = h.volunteers;
    const a = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    const b = await h.engine.claims.claim(h.org.id, campaign.id, ben!.id);
    if (!a.ok || !b.ok || !b.next) throw new Error('claims');
    h.clock.advance(30 * 60_000);
    await h.engine.send.sendInitial({ orgId: h.org.id, claimId: b.claim.id, contactId: b.next.id, pressedBy: ben!.id, interactionId: interaction(), platform: 'slack' });
    h.clock.advance(31 * 60_000); // ana idle 61 min, ben idle 31 min
    expect(await h.engine.claims.expireIfIdle(h.org.id, a.claim.id)).toBe('expired');
    expect(await h.engine.claims.expireIfIdle(h.org.id, b.claim.id)).toBe('rescheduled');
    expect(await h.engine.claims.expireIfIdle(h.org.id, a.claim.id)).toBe('not_active');
    expect((await h.store.claims.get(h.org.id, a.claim.id))?.status).toBe('expired');
    expect((await h.store.contacts.countByStatus(h.org.id, campaign.id)).pending).toBe(6); // 10 - 4 (ben) ; ana's 4 came back
    expect((await h.store.audit.list(h.org.id, { action: 'claim.expired' }))[0]?.data).toMatchObject({ released: 4 });
  });

  it('release returns unsent contacts to pending; only the owner or an organizer may release', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 10, { batchSize: 5 });
    const [ana, ben] = h.volunteers;
    const a = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!a.ok || !a.next) throw new Error('claim');
    await h.engine.send.sendInitial({ orgId: h.org.id, claimId: a.claim.id, contactId: a.next.id, pressedBy: ana!.id, interactionId: interaction(), platform: 'slack' });
    expect(await h.engine.claims.release(h.org.id, a.claim.id, ben!.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_claim' });
    expect(await h.engine.claims.release(h.org.id, a.claim.id, ana!.id)).toMatchObject({ ok: true, released: 4, claim: { status: 'released' } });
    expect(await h.engine.claims.release(h.org.id, a.claim.id, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:claim.ended' });
    const counts = await h.store.contacts.countByStatus(h.org.id, campaign.id);
    expect(counts).toMatchObject({ pending: 9, messaged: 1, assigned: 0 });
  });

  it('permissions: another volunteer pressing Send on a card is refused and nothing is sent', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 5);
    const [ana, ben] = h.volunteers;
    const a = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    if (!a.ok || !a.next) throw new Error('claim');
    const stranger = await h.store.orgs.create({ platform: 'slack', externalId: 'T-other', name: 'Other Org' });
    const outsider = await h.store.members.upsert(stranger.id, { platformUserId: 'U-x', displayName: 'Mallory', role: 'owner' });
    const press = (by: string) => h.engine.send.sendInitial({ orgId: h.org.id, claimId: a.claim.id, contactId: a.next!.id, pressedBy: by, interactionId: interaction(), platform: 'slack' });
    expect(await press(ben!.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_claim' });
    expect(await press(h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_claim' }); // organizers reassign, they do not press for others
    expect(await press(outsider.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_member' });
    await h.settle();
    expect(h.carrier.attempts()).toEqual([]);
    expect((await h.store.contacts.get(h.org.id, a.next.id))?.status).toBe('assigned');
    expect(await h.store.audit.list(h.org.id, { action: 'message.pressed' })).toEqual([]);
  });
});
