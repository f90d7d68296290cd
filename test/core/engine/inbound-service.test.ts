import { describe, expect, it } from 'vitest';
import { inboundLang } from '../../../src/core/conversations/inbound-service.js';
import type { ChatNotifyPayload } from '../../../src/core/conversations/job-payloads.js';
import { claimAndSend, harness, ORG_NUMBER, ORG_SERVICE, startedCampaign, type HarnessOptions } from './harness.js';

async function oneConversation(opts: HarnessOptions = {}, spanish = false) {
  const h = await harness(opts);
  const notes: ChatNotifyPayload[] = [];
  h.queue.process('chat.notify', async (p) => {
    notes.push(p as ChatNotifyPayload);
  });
  const campaign = await startedCampaign(h, 3, { batchSize: 2 }, spanish ? { spanishEvery: 1 } : {});
  const sent = await claimAndSend(h, campaign.id, h.volunteers[0]!.id);
  await h.settle();
  let n = 0;
  const receive = (body: string, providerId = `SMin${(n += 1)}`) =>
    h.engine.inbound.receive({ providerId, from: sent.contact.phone, to: ORG_NUMBER, body, at: h.clock.now(), messagingServiceSid: ORG_SERVICE });
  const outbound = async () => {
    await h.settle();
    return h.carrier.sent().slice(1).map((s) => s.body);
  };
  return { h, campaign, contact: sent.contact, claim: sent.claim, notes, receive, outbound };
}

describe('InboundService', () => {
  it('R1.6: the confirmation language follows the inbound keyword or phrase', () => {
    expect(inboundLang({ kind: 'opt_out', rule: 'keyword:ALTO' }, 'en')).toBe('es');
    expect(inboundLang({ kind: 'opt_out', rule: 'keyword_filler:BAJA' }, 'en')).toBe('es');
    expect(inboundLang({ kind: 'opt_out', rule: 'phrase:borrame' }, 'en')).toBe('es');
    expect(inboundLang({ kind: 'opt_out', rule: 'keyword:STOP' }, 'es')).toBe('en');
    expect(inboundLang({ kind: 'help', rule: 'keyword:AYUDA' }, 'en')).toBe('es');
    expect(inboundLang({ kind: 'message' }, 'es')).toBe('es');
  });

  it('R1.4: a text to a number no org owns is dropped with a logged warning; nothing is stored', async () => {
    const h = await harness();
    const r = await h.engine.inbound.receive({ providerId: 'SMx', from: '+12125550111', to: '+19995550100', body: 'STOP', at: h.clock.now() });
    expect(r).toMatchObject({ ok: false, reason: 'engine:inbound.unknown_sender' });
    expect(await h.store.messages.findByProviderId('SMx')).toBeNull();
  });

  it('R1.3/R1.6: with carrier keyword replies on, STOP gets no second confirmation, but phrases and ALTO do', async () => {
    const a = await oneConversation({ config: { carrierHandlesKeywordReplies: true } });
    await a.receive('STOP');
    expect(await a.outbound()).toEqual([]);
    expect(await a.h.store.optOuts.isOptedOut(a.h.org.id, a.contact.phone)).toBe(true);
    const b = await oneConversation({ config: { carrierHandlesKeywordReplies: true } });
    await b.receive('take me off your list');
    expect(await b.outbound()).toHaveLength(1);
    const c = await oneConversation({ config: { carrierHandlesKeywordReplies: true } });
    await c.receive('ALTO');
    expect(await c.outbound()).toEqual(['Texas Forward: Te dimos de baja y no recibirás más mensajes nuestros. Responde START para volver a suscribirte.']);
  });

  it('R1.6: confirmations can be switched off, and an org text replaces the locale default', async () => {
    const off = await oneConversation({ config: { sendOptOutConfirmation: false } });
    await off.receive('STOP');
    expect(await off.outbound()).toEqual([]);
    const custom = await oneConversation();
    await custom.h.store.orgs.update(custom.h.org.id, { optOutConfirmation: { en: 'Texas Forward: unsubscribed. No more texts.' } });
    await custom.receive('unsubscribe');
    expect(await custom.outbound()).toEqual(['Texas Forward: unsubscribed. No more texts.']);
  });

  it('R1.7: START lifts the opt-out (logged); the contact stays opted out of this campaign', async () => {
    const t = await oneConversation();
    await t.receive('STOP');
    expect(await t.receive('start')).toMatchObject({ ok: true, kind: 'opt_in', rule: 'keyword:START' });
    expect(await t.h.store.optOuts.isOptedOut(t.h.org.id, t.contact.phone)).toBe(false);
    expect((await t.h.store.contacts.get(t.h.org.id, t.contact.id))?.status).toBe('opted_out');
    const lifted = await t.h.store.audit.list(t.h.org.id, { action: 'optout.lifted' });
    expect(lifted[0]?.data).toMatchObject({ phone: t.contact.phone, previousSource: 'keyword', rule: 'keyword:START' });
  });

  it('R1.9: HELP / AYUDA answer with org name, contact point and opt-out instructions', async () => {
    const en = await oneConversation();
    await en.receive('help');
    const es = await oneConversation({}, true);
    await es.receive('AYUDA');
    expect(await en.outbound()).toEqual(['Texas Forward: for help, contact help@texasforward.org. Reply STOP to opt out.']);
    expect(await es.outbound()).toEqual(['Texas Forward: para ayuda, contacta a help@texasforward.org. Responde STOP o ALTO para no recibir más mensajes.']);
    expect(await en.h.store.optOuts.isOptedOut(en.h.org.id, en.contact.phone)).toBe(false);
  });

  it('routes to organizers once the claim is gone (released or expired), to the volunteer otherwise', async () => {
    const t = await oneConversation();
    await t.receive('who is this?');
    await t.h.store.claims.end(t.h.org.id, t.claim.claim.id, 'expired', t.h.clock.now());
    await t.receive('hello??');
    await t.h.settle();
    expect(t.notes.map((n) => [n.kind, n.audience])).toEqual([['message', 'volunteer'], ['message', 'organizers']]);
    expect(t.notes[0]).toEqual({ orgId: t.h.org.id, conversationId: expect.any(String), messageId: expect.any(String), kind: 'message', audience: 'volunteer' });
    expect((await t.h.store.campaigns.get(t.h.org.id, t.campaign.id))?.counters).toMatchObject({ replies: 2, repliedContacts: 1 });
  });

  it('R1.5: a reply to an archived campaign is stored unmatched, and an opt-out still suppresses org-wide', async () => {
    const t = await oneConversation();
    await t.h.engine.campaigns.archive(t.h.org.id, t.campaign.id, t.h.organizer.id);
    const r = await t.receive('stop texting me');
    expect(r).toMatchObject({ ok: true, kind: 'opt_out' });
    expect(r.ok && r.conversationId).toBeUndefined();
    expect((await t.h.store.messages.listUnmatched(t.h.org.id)).map((m) => m.body)).toEqual(['stop texting me']);
    expect(await t.h.store.optOuts.get(t.h.org.id, t.contact.phone)).toMatchObject({ source: 'phrase', rule: 'phrase:stop_texting' });
    await t.h.settle();
    expect(t.notes[0]).toMatchObject({ audience: 'organizers', kind: 'opt_out' });
  });

  it('without a translate function no voter-facing text is invented (nothing sent, a warning logged)', async () => {
    const { createEngine } = await import('../../../src/core/engine.js');
    const t = await oneConversation({ registerHandlers: false });
    const warnings: string[] = [];
    const bare = createEngine({ store: t.h.store, queue: t.h.queue, sms: t.h.carrier, clock: t.h.clock, registerHandlers: false, log: { warn: (_o, m) => warnings.push(m), error: () => undefined } });
    await bare.inbound.receive({ providerId: 'SMbare', from: t.contact.phone, to: ORG_NUMBER, body: 'STOP', at: t.h.clock.now() });
    expect(warnings.some((w) => w.includes('no opt-out confirmation text'))).toBe(true);
    expect(await t.h.store.optOuts.isOptedOut(t.h.org.id, t.contact.phone)).toBe(true);
  });

  it('R1.4: a webhook retried after a crash between storing the text and recording the opt-out still suppresses', async () => {
    const t = await oneConversation();
    // The first delivery stored the raw text, then the process died.
    await t.h.store.messages.create(t.h.org.id, { orgId: t.h.org.id, direction: 'inbound', kind: 'inbound', voterPhone: t.contact.phone, body: 'STOP', status: 'received', providerId: 'SMcrash' });
    expect(await t.h.store.optOuts.isOptedOut(t.h.org.id, t.contact.phone)).toBe(false);
    expect(await t.receive('STOP', 'SMcrash')).toMatchObject({ ok: true, duplicate: true, kind: 'opt_out' });
    expect(await t.h.store.optOuts.isOptedOut(t.h.org.id, t.contact.phone)).toBe(true);
    expect(await t.receive('STOP', 'SMcrash')).toMatchObject({ ok: true, duplicate: true });
    expect(await t.outbound()).toHaveLength(1); // still one confirmation (R1.6)
    expect((await t.h.store.campaigns.get(t.h.org.id, t.campaign.id))?.counters.optOuts).toBe(1);
  });
});
