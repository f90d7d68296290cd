// Pausing first texts org-wide: enforced in core (SendService), so no chat path can go around it.
import { describe, expect, it } from 'vitest';
import { setInitialsPaused } from '../../../src/core/campaigns/initials-pause.js';
import { claimAndSend, harness, interaction, ORG_NUMBER, startedCampaign } from './harness.js';

describe('pause initials (R5.2: only a press sends, and organizers can stop every press)', () => {
  it('while paused every Send on an initial card is refused and nothing is sent; replies keep flowing; resume sends again', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 4, { batchSize: 4 });
    const ana = h.volunteers[0]!;
    const { contact, claim } = await claimAndSend(h, campaign.id, ana.id);
    await h.settle();
    await h.engine.inbound.receive({ providerId: 'SMp1', from: contact.phone, to: ORG_NUMBER, body: 'Who is this?', at: h.clock.now() });
    const conv = (await h.store.conversations.findByContact(h.org.id, contact.id))!;

    expect(await setInitialsPaused(h, h.org.id, ana.id, true)).toMatchObject({ ok: false, reason: 'engine:auth.forbidden' });
    const paused = await setInitialsPaused(h, h.org.id, h.organizer.id, true);
    expect(paused).toMatchObject({ ok: true, changed: true, org: { initialsPause: { paused: true, by: h.organizer.id, at: h.clock.now() } } });
    expect(await setInitialsPaused(h, h.org.id, h.organizer.id, true)).toMatchObject({ ok: true, changed: false });

    const next = (await h.store.contacts.nextAssigned(h.org.id, claim.claim.id))!;
    const press = () => h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: next.id, pressedBy: ana.id, interactionId: interaction(), platform: 'sandbox' });
    expect(await press()).toMatchObject({ ok: false, reason: 'engine:send.initials_paused' });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Hi, Ana with Texas Forward', ana.id)).toMatchObject({ ok: true });
    await h.settle();
    expect(h.carrier.sent().map((s) => s.body)).toEqual([expect.stringContaining('Reply STOP'), 'Hi, Ana with Texas Forward']);
    expect((await h.store.contacts.get(h.org.id, next.id))?.status).toBe('assigned');

    h.clock.advance(60_000);
    expect(await setInitialsPaused(h, h.org.id, h.organizer.id, false)).toMatchObject({ ok: true, changed: true, org: { initialsPause: { paused: false } } });
    expect(await press()).toMatchObject({ ok: true });
    await h.settle();
    expect(h.carrier.sent()).toHaveLength(3);
    const audit = await h.store.audit.list(h.org.id, { subjectId: h.org.id });
    expect(audit.filter((e) => e.action.startsWith('initials.')).map((e) => [e.action, e.actor.id])).toEqual(
      expect.arrayContaining([['initials.paused', h.organizer.id], ['initials.resumed', h.organizer.id]]),
    );
  });
});
