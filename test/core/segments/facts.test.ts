// The contact facts segments filter on, kept by the engine: the first text pressed, the carrier's
// outcome of it, the first voter reply and the triage reading of the latest one.
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/core/model/contact.js';
import { ORG_NUMBER, SCRIPTS, SURVEY, contactsFor, harness, interaction } from '../engine/harness.js';

describe('segment facts kept by the engine', () => {
  it('messagedAt at the press, initialStatus/initialErrorCode from the carrier, repliedAt kept from the first reply, replyIntent from the latest', async () => {
    const h = await harness();
    const orgId = h.org.id;
    const created = await h.engine.campaigns.create(orgId, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, survey: SURVEY, batchSize: 3 }, h.organizer.id);
    if (!created.ok) throw new Error(created.reason);
    const campaignId = created.campaign.id;
    await h.store.contacts.insertMany(orgId, campaignId, contactsFor(3));
    expect((await h.engine.campaigns.start(orgId, campaignId, h.organizer.id)).ok).toBe(true);
    const vol = h.volunteers[0]!;
    const claim = await h.engine.claims.claim(orgId, campaignId, vol.id);
    if (!claim.ok) throw new Error(claim.reason);
    const mine: Contact[] = [];
    for await (const c of h.store.contacts.streamByCampaign(orgId, campaignId)) if (c.claimId === claim.claim.id) mine.push(c);
    mine.sort((a, b) => (a.id < b.id ? -1 : 1));
    const [good, dead, talker] = mine as [Contact, Contact, Contact];
    h.carrier.script(dead.phone, { status: 'undelivered', errorCode: '30003' });
    const pressedAt = h.clock.now();
    for (const c of mine) {
      const r = await h.engine.send.sendInitial({ orgId, claimId: claim.claim.id, contactId: c.id, pressedBy: vol.id, interactionId: interaction(), platform: 'sandbox', channelId: 'C1', signatureVerified: true });
      if (!r.ok) throw new Error(r.reason);
    }
    await h.settle();
    h.clock.advance(60_000);
    const firstReply = h.clock.now();
    await h.carrier.injectReply({ from: talker.phone, to: ORG_NUMBER, body: 'Yes, I will vote' });
    await h.settle();
    h.clock.advance(60_000);
    await h.carrier.injectReply({ from: talker.phone, to: ORG_NUMBER, body: 'Actually no, I am not voting' });
    await h.settle();

    const g = await h.store.contacts.get(orgId, good.id);
    expect(g).toMatchObject({ messagedAt: pressedAt, initialStatus: 'delivered' });
    expect(g?.repliedAt).toBeUndefined();
    expect(await h.store.contacts.get(orgId, dead.id)).toMatchObject({ initialStatus: 'undelivered', initialErrorCode: '30003' });
    const t = await h.store.contacts.get(orgId, talker.id);
    expect(t?.repliedAt).toEqual(firstReply);
    expect(t?.replyIntent).toBe('no');
    expect((await h.store.contacts.countSegment(orgId, [campaignId], { replied: true })).matched).toBe(1);
    expect((await h.store.contacts.countSegment(orgId, [campaignId], { delivered: false, errorCodes: ['30003'] })).matched).toBe(1);
  });
});
