// A carrier refusal for a daily cap (63038 account daily limit, 30023 10DLC daily cap) does not
// fail the text: it goes back to `queued` and is dispatched again when the contact's next texting
// window opens (the press stands; the carrier never accepted it, so nothing is sent twice).
import { describe, expect, it } from 'vitest';
import type { EnqueueOptions } from '../../../src/core/ports.js';
import { windowForContact } from '../../../src/core/campaigns/texting-hours.js';
import { claimAndSend, harness, startedCampaign } from '../engine/harness.js';

describe('daily cap refusals', () => {
  it('R4.2/R4.4: a 63038 refusal re-queues the text for the contact\'s next texting window instead of failing it; the held job sends it then', async () => {
    const h = await harness();
    const held: { payload: unknown; opts: EnqueueOptions }[] = [];
    const enqueue = h.queue.enqueue.bind(h.queue);
    h.queue.enqueue = async (name, payload, opts = {}) => {
      if (name === 'sms.send' && opts.delayMs !== undefined) held.push({ payload, opts });
      else await enqueue(name, payload, opts);
    };
    const c = await startedCampaign(h, 2);
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    h.carrier.script(claim.next.phone, { reject: { code: '63038', permanent: true } });
    const pressedAt = h.clock.now();
    const { sent, contact } = await claimAndSend(h, c.id, h.volunteers[0]!.id);
    await h.settle();
    const waiting = await h.store.messages.get(h.org.id, sent.message.id);
    expect(waiting).toMatchObject({ status: 'queued', errorCode: '63038' });
    expect(h.carrier.sent()).toHaveLength(0);
    expect((await h.store.campaigns.get(h.org.id, c.id))?.counters).toMatchObject({ failed: 0, sent: 0 });
    // Held until the contact's window opens again: tomorrow morning (the window is open now).
    expect(held).toHaveLength(1);
    const [audit] = await h.store.audit.list(h.org.id, { action: 'message.held' });
    const until = new Date(String(audit?.data.until));
    expect(held[0]!.opts.delayMs).toBe(until.getTime() - pressedAt.getTime());
    expect(held[0]!.opts.jobId).not.toBe(sent.message.id);
    expect(until.getTime() - pressedAt.getTime()).toBeGreaterThan(12 * 3_600_000);
    expect(until.getTime() - pressedAt.getTime()).toBeLessThan(36 * 3_600_000);
    const org = (await h.store.orgs.get(h.org.id))!;
    const campaign = (await h.store.campaigns.get(h.org.id, c.id))!;
    expect(windowForContact(org, campaign, contact, until).allowed).toBe(true);
    expect(windowForContact(org, campaign, contact, new Date(until.getTime() - 60_000)).allowed).toBe(false);
    // The sweeper leaves it alone before then.
    h.clock.advance(2 * 3_600_000);
    await h.engine.dispatch.sweep();
    await h.settle();
    expect(h.carrier.attempts()).toHaveLength(1);
    // The cap lifted; when the window opens the held job sends it, once.
    h.carrier.script(contact.phone, null);
    h.clock.set(until);
    expect(await h.engine.dispatch.handleSend(held[0]!.payload)).toBe('sent');
    await h.settle();
    expect(await h.store.messages.get(h.org.id, sent.message.id)).toMatchObject({ status: 'delivered' });
    expect(h.carrier.sent()).toHaveLength(1);
    expect(await h.store.deliverability.get(h.org.id, `campaign:${c.id}`)).toMatchObject({ size: 1, ok: 1 });
  });

  it('30023 (10DLC daily cap) is held the same way and never counts as a deliverability outcome', async () => {
    const h = await harness();
    const enqueue = h.queue.enqueue.bind(h.queue);
    // The held job is not run here (its delay is a real timer).
    h.queue.enqueue = async (name, payload, opts = {}) => {
      if (opts.delayMs === undefined) await enqueue(name, payload, opts);
    };
    const c = await startedCampaign(h, 1);
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    h.carrier.script(claim.next.phone, { reject: { code: '30023', permanent: false } });
    const { sent } = await claimAndSend(h, c.id, h.volunteers[0]!.id);
    await h.settle();
    expect(await h.store.messages.get(h.org.id, sent.message.id)).toMatchObject({ status: 'queued', errorCode: '30023' });
    expect(h.carrier.attempts()).toHaveLength(1);
    expect(await h.store.deliverability.get(h.org.id, `campaign:${c.id}`)).toMatchObject({ size: 0 });
  });
});
