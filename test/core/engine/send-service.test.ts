import { describe, expect, it } from 'vitest';
import { contactAt, harness, interaction, startedCampaign, type Harness } from './harness.js';

async function firstCard(h: Harness, campaignId: string, volunteerIndex = 0) {
  const v = h.volunteers[volunteerIndex]!;
  const c = await h.engine.claims.claim(h.org.id, campaignId, v.id);
  if (!c.ok || !c.next) throw new Error('claim');
  const press = (contactId = c.next!.id, by = v.id) =>
    h.engine.send.sendInitial({ orgId: h.org.id, claimId: c.claim.id, contactId, pressedBy: by, interactionId: interaction(), platform: 'slack', workspaceId: 'T1', platformUserId: v.platformUserId, platformTs: '1700000000.000100' });
  return { claim: c, volunteer: v, press };
}

describe('SendService', () => {
  it('R1.2: a phone suppressed before the press is skipped as opted_out and nothing is sent', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 3, { batchSize: 3 });
    const { claim, press } = await firstCard(h, campaign.id);
    await h.store.optOuts.record(h.org.id, { orgId: h.org.id, phone: claim.next!.phone, source: 'admin', at: h.clock.now() });
    const r = await press();
    expect(r).toMatchObject({ ok: false, reason: 'engine:send.opted_out', card: { position: { done: 1, total: 3 } } });
    expect(!r.ok && r.card?.next?.id).not.toBe(claim.next!.id);
    expect((await h.store.contacts.get(h.org.id, claim.next!.id))?.status).toBe('opted_out');
    await h.settle();
    expect(h.carrier.attempts()).toEqual([]);
  });

  it('R6.3: frequency caps count initials to the same phone across the org (2 per week by default)', async () => {
    const h = await harness();
    const phone = '+12125550150';
    const campaigns = [];
    for (const slug of ['one', 'two', 'three']) campaigns.push(await startedCampaign(h, 0, {}, { slug, contacts: [contactAt(phone, { zip: '10001' })] }));
    for (const c of campaigns.slice(0, 2)) {
      const { press } = await firstCard(h, c.id);
      expect(await press()).toMatchObject({ ok: true });
    }
    const { press } = await firstCard(h, campaigns[2]!.id);
    expect(await press()).toMatchObject({ ok: false, reason: 'engine:send.frequency_cap', params: { rule: 'weekly_cap' } });
    await h.settle();
    expect(h.carrier.sent()).toHaveLength(2);
  });

  it('refuses a script with a missing merge field instead of texting "Hi ,"', async () => {
    const h = await harness();
    const scripts = { en: { initial: 'Hi {firstName}, {orgName} here about ward {ward}. Reply STOP to opt out.', followUps: [] } };
    const contacts = [contactAt('+12125550160', { zip: '10001', customFields: { ward: '7' } }), contactAt('+12125550161', { zip: '10001' })];
    const campaign = await startedCampaign(h, 0, { scripts, batchSize: 2 }, { contacts });
    const { claim, press } = await firstCard(h, campaign.id);
    const ok = await press();
    expect(ok).toMatchObject({ ok: true, message: { body: 'Hi Sam, Texas Forward here about ward 7. Reply STOP to opt out.', kind: 'initial', status: 'queued', segments: 1, encoding: 'GSM-7' } });
    const missing = await press(ok.ok ? ok.next!.id : '');
    expect(missing).toMatchObject({ ok: false, reason: 'engine:send.missing_fields', params: { fields: 'ward' } });
    expect((await h.store.contacts.get(h.org.id, ok.ok ? ok.next!.id : ''))?.status).toBe('assigned');
    expect(claim.ok).toBe(true);
  });

  it('stores the message before the job and stamps the press (R5.2, R5.3, R2.5 validity period)', async () => {
    const h = await harness({ registerHandlers: false });
    const campaign = await startedCampaign(h, 2);
    const { press, volunteer } = await firstCard(h, campaign.id);
    const r = await press();
    if (!r.ok) throw new Error(r.reason);
    expect(r.message).toMatchObject({ status: 'queued', sentBy: volunteer.id, pressedAt: h.clock.now(), direction: 'outbound' });
    // 10:00 New York, window closes 20:00: 10 h = 36000 s, minus 30 s (R2.5).
    expect(r.message.validityPeriod).toBe(35_970);
    expect(h.queue.stats().waiting).toBe(1);
    const row = (await h.store.audit.list(h.org.id, { action: 'message.pressed' }))[0];
    expect(row?.data).toMatchObject({ platform: 'slack', workspaceId: 'T1', platformUserId: volunteer.platformUserId, platformTs: '1700000000.000100', signatureVerified: false });
  });

  it('skip and wrong number are side exits that advance the card; wrong number suppresses org-wide (R1.4a)', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 3, { batchSize: 3 });
    const { claim, volunteer } = await firstCard(h, campaign.id);
    const first = claim.next!;
    const skipped = await h.engine.send.skip(h.org.id, claim.claim.id, first.id, volunteer.id);
    expect(skipped).toMatchObject({ ok: true, position: { done: 1, total: 3 } });
    expect((await h.store.contacts.get(h.org.id, first.id))?.status).toBe('skipped');
    const second = skipped.ok ? skipped.next! : first;
    expect(await h.engine.send.markWrongNumber(h.org.id, second.id, h.volunteers[1]!.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_conversation' });
    const wrong = await h.engine.send.markWrongNumber(h.org.id, second.id, volunteer.id);
    expect(wrong).toMatchObject({ ok: true, position: { done: 2, total: 3 } });
    expect(await h.store.contacts.get(h.org.id, second.id)).toMatchObject({ status: 'opted_out', tags: ['wrong_number'] });
    expect(await h.store.optOuts.get(h.org.id, second.phone)).toMatchObject({ source: 'volunteer', rule: 'wrong_number', by: volunteer.id });
    // Skipped: no text ever went, so a second press says the contact left the batch, not "already sent".
    expect(await h.engine.send.skip(h.org.id, claim.claim.id, first.id, volunteer.id)).toMatchObject({ ok: false, reason: 'engine:send.not_assigned' });
  });

  it('a contact that left the batch before its first text (opted out from elsewhere) is "no longer in your batch", never "already sent"', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 2, { batchSize: 2 });
    const card = await firstCard(h, campaign.id);
    const voter = card.claim.next!;
    expect(await h.store.contacts.optOutPhone(h.org.id, voter.phone, h.clock.now())).toBe(1);
    expect(await card.press(voter.id)).toMatchObject({ ok: false, reason: 'engine:send.not_assigned' });
    const texted = await card.press((await h.store.contacts.nextAssigned(h.org.id, card.claim.claim.id))!.id);
    expect(texted.ok).toBe(true);
    await h.settle();
  });

  it('a press after the claim ended, or for a contact not in the claim, sends nothing', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 4, { batchSize: 2 });
    const a = await firstCard(h, campaign.id, 0);
    const b = await firstCard(h, campaign.id, 1);
    expect(await a.press(b.claim.next!.id)).toMatchObject({ ok: false, reason: 'engine:send.not_assigned' });
    await h.engine.claims.release(h.org.id, a.claim.claim.id, a.volunteer.id);
    expect(await a.press()).toMatchObject({ ok: false, reason: 'engine:claim.ended', params: { status: 'released' } });
    await h.settle();
    expect(h.carrier.attempts()).toEqual([]);
  });
});

describe('SendService: the losing press of a race', () => {
  it('R5.2a: a press that passed its checks while another press sent the text reads "already sent", not "texted too often"', async () => {
    const { createMemoryStore } = await import('../../../src/adapters/memory/index.js');
    const start = (await import('./harness.js')).fakeClock();
    const ref: { h?: Harness; winner?: () => Promise<unknown> } = {};
    const inner = createMemoryStore({ clock: { now: () => (ref.h ? ref.h.clock.now() : start.now()) } });
    // The first frequency read waits until the other press has stored and marked its text:
    // exactly the interleaving of two presses of one card arriving together.
    let hooked = false;
    const messages = {
      ...inner.messages,
      async initialsToPhone(...args: Parameters<typeof inner.messages.initialsToPhone>) {
        if (!hooked && ref.winner) {
          hooked = true;
          expect(await ref.winner()).toMatchObject({ ok: true });
        }
        return inner.messages.initialsToPhone(...args);
      },
    };
    const h = await harness({ store: { ...inner, messages } });
    ref.h = h;
    const campaign = await startedCampaign(h, 2, { batchSize: 2 });
    const { claim, press } = await firstCard(h, campaign.id);
    ref.winner = () => press();
    const loser = await press();
    expect(loser).toMatchObject({ ok: false, reason: 'engine:send.already_sent' });
    expect(!loser.ok && loser.reason).not.toBe('engine:send.frequency_cap');
    await h.settle();
    expect(h.carrier.sent().filter((s) => s.to === claim.next!.phone)).toHaveLength(1);
  });
});
