// A crash inside the Send press, at the exact points between storing the first text and moving
// the contact: the voter gets exactly one text (after the volunteer's next press or the outbox
// sweep), never zero and never two (R5.2a, R5.2c: nothing is sent without the press that was made).
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import type { ContactRepository, Store } from '../../../src/core/ports.js';
import { fakeClock, harness, interaction, startedCampaign, type Harness } from './harness.js';

type Fault = 'throw-before-mark' | 'throw-after-mark' | 'hang-before-mark';

/**
 * The store of a process that dies at one point of one press: `markMessaged` either throws
 * before it runs (the process died after the message was stored), throws after it ran (died
 * before the enqueue), or never returns (the process hangs there). Only the first call is hit.
 */
function faultyStore(inner: Store, fault: Fault): { store: Store; release: () => void; hits: () => number } {
  let hits = 0;
  let release: () => void = () => undefined;
  const hung = new Promise<void>((resolve) => {
    release = resolve;
  });
  const contacts: ContactRepository = {
    ...inner.contacts,
    async markMessaged(orgId, contactId, claimId, now) {
      hits += 1;
      if (hits > 1) return inner.contacts.markMessaged(orgId, contactId, claimId, now);
      if (fault === 'throw-before-mark') throw new Error('process killed before markMessaged');
      if (fault === 'hang-before-mark') {
        await hung;
        return inner.contacts.markMessaged(orgId, contactId, claimId, now);
      }
      await inner.contacts.markMessaged(orgId, contactId, claimId, now);
      throw new Error('process killed after markMessaged');
    },
  };
  return { store: { ...inner, contacts }, release: () => release(), hits: () => hits };
}

async function setup(fault: Fault) {
  // The store reads the harness's clock once it exists (one clock for store and services).
  const start = fakeClock();
  const ref: { h?: Harness } = {};
  const inner = createMemoryStore({ clock: { now: () => (ref.h ? ref.h.clock.now() : start.now()) } });
  const faulty = faultyStore(inner, fault);
  const h = await harness({ store: faulty.store });
  ref.h = h;
  const campaign = await startedCampaign(h, 3, { batchSize: 3 });
  const ana = h.volunteers[0]!;
  const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana.id);
  if (!claim.ok || !claim.next) throw new Error('claim');
  return { h, faulty, inner, campaign, ana, claim: claim.claim, contact: claim.next };
}

/** The same store with fresh services (the web and worker processes restarted). */
async function restarted(h: Harness) {
  const w = h.worker();
  const settle = async () => {
    for (let i = 0; i < 10; i += 1) {
      await w.queue.drain();
      await h.carrier.flush();
    }
  };
  return { engine: w.engine, settle };
}

function textsTo(h: Harness, phone: string) {
  return h.carrier.sent().filter((s) => s.to === phone);
}

describe('a crash between storing the first text and marking the contact (R5.2a)', () => {
  it('died after the message was stored: the next press on the card finishes it, one text, "already sent"', async () => {
    const { h, campaign, ana, claim, contact } = await setup('throw-before-mark');
    const press = () => h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    await expect(press()).rejects.toThrow('process killed');
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('assigned');
    expect(await h.store.messages.findInitial(h.org.id, contact.id)).toMatchObject({ status: 'queued' });

    const after = await restarted(h);
    // The volunteer's card still shows the voter (still `assigned`): they press Send again.
    const card = await after.engine.claims.show(h.org.id, claim.id, ana.id);
    expect(card).toMatchObject({ ok: true, next: { id: contact.id } });
    const again = await after.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    expect(again).toMatchObject({ ok: false, reason: 'engine:send.already_sent', card: { next: { id: expect.not.stringMatching(contact.id) } } });
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    // A third press and a sweep much later still send nothing more.
    await after.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    h.clock.advance(10 * 60_000);
    await after.engine.dispatch.sweep();
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('messaged');
    const counters = (await h.store.campaigns.get(h.org.id, campaign.id))!.counters;
    expect(counters.initials).toBe(1);
    expect((await h.store.audit.list(h.org.id, { action: 'message.pressed' })).length).toBe(1);
  });

  it('died after the message was stored and nobody pressed again: the sweep sends it once; a later press says "already sent"', async () => {
    const { h, ana, claim, contact } = await setup('throw-before-mark');
    await expect(h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' })).rejects.toThrow();
    const after = await restarted(h);
    h.clock.advance(2 * 60_000);
    await after.engine.dispatch.sweep();
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    const again = await after.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    expect(again).toMatchObject({ ok: false, reason: 'engine:send.already_sent' });
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('messaged');
  });

  it('died after the message was stored, then Skip on the card: the text stands, the contact is messaged, not skipped', async () => {
    const { h, ana, claim, contact } = await setup('throw-before-mark');
    await expect(h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' })).rejects.toThrow();
    const after = await restarted(h);
    expect(await after.engine.send.skip(h.org.id, claim.id, contact.id, ana.id)).toMatchObject({ ok: false, reason: 'engine:send.already_sent' });
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('messaged');
    expect((await h.store.campaigns.get(h.org.id, claim.campaignId))!.counters.initials).toBe(1);
  });

  it('died right after markMessaged (before the enqueue): the sweep sends the stored text exactly once', async () => {
    const { h, ana, claim, contact } = await setup('throw-after-mark');
    await expect(h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' })).rejects.toThrow();
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('messaged');
    const after = await restarted(h);
    // The volunteer was told nothing; pressing the old card again says it is already sent.
    const again = await after.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    expect(again).toMatchObject({ ok: false, reason: 'engine:send.already_sent' });
    h.clock.advance(2 * 60_000);
    await after.engine.dispatch.sweep();
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
  });

  it('a press that hangs there while the volunteer presses again and the process restarts: still one text', async () => {
    const { h, faulty, ana, claim, contact } = await setup('hang-before-mark');
    const first = h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    for (let i = 0; i < 50 && faulty.hits() === 0; i += 1) await new Promise((r) => setTimeout(r, 1));
    expect(faulty.hits()).toBe(1);
    const after = await restarted(h);
    const again = await after.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.id, contactId: contact.id, pressedBy: ana.id, interactionId: interaction(), platform: 'slack' });
    expect(again).toMatchObject({ ok: false, reason: 'engine:send.already_sent' });
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    faulty.release();
    expect(await first).toMatchObject({ ok: true });
    await h.settle();
    await after.settle();
    expect(textsTo(h, contact.phone)).toHaveLength(1);
    expect((await h.store.campaigns.get(h.org.id, claim.campaignId))!.counters.initials).toBe(1);
  });
});
