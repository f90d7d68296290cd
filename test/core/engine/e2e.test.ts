// Issue 5 end to end: a whole campaign through the ports (memory store, in-process queue,
// simulated carrier, fixed fake clock). Test names cite the COMPLIANCE rule ids.
import { describe, expect, it } from 'vitest';
import type { ChatNotifyPayload } from '../../../src/core/conversations/job-payloads.js';
import type { Contact } from '../../../src/core/model/contact.js';
import type { Message } from '../../../src/core/model/message.js';
import { ORG_NUMBER, harness, interaction, contactsFor, SCRIPTS, SURVEY, type Harness } from './harness.js';

async function sendAll(h: Harness, claimId: string, volunteerId: string, first: Contact | null): Promise<Message[]> {
  const sent: Message[] = [];
  let next = first;
  while (next) {
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId, contactId: next.id, pressedBy: volunteerId, interactionId: interaction(), platform: 'sandbox', channelId: 'C1', signatureVerified: true });
    if (!r.ok) throw new Error(`send refused: ${r.reason}`);
    sent.push(r.message);
    next = r.next;
  }
  return sent;
}

async function messagesOf(h: Harness, conversationId: string): Promise<Message[]> {
  return h.store.messages.listByConversation(h.org.id, conversationId);
}

describe('engine end to end (issue 5)', () => {
  it('runs a campaign: import 200, start, three volunteers press Send, carrier outcomes, replies, opt-outs, survey, stats (R1.2 R1.4 R1.6 R1.8 R1.9 R4.6 R4.7 R5.2 R5.3)', async () => {
    const h = await harness();
    const notes: ChatNotifyPayload[] = [];
    h.queue.process('chat.notify', async (p) => {
      notes.push(p as ChatNotifyPayload);
    });
    const orgId = h.org.id;
    const [ana, ben, cleo] = h.volunteers as [typeof h.volunteers[0], typeof h.volunteers[0], typeof h.volunteers[0]];

    // --- create + import + start ---
    const created = await h.engine.campaigns.create(orgId, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, survey: SURVEY, batchSize: 50 }, h.organizer.id);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const campaignId = created.campaign.id;
    expect(await h.engine.campaigns.start(orgId, campaignId, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.no_contacts' });
    const inserted = await h.store.contacts.insertMany(orgId, campaignId, contactsFor(200, { spanishEvery: 10 }));
    expect(inserted).toEqual({ inserted: 200, duplicates: [] });
    expect(await h.engine.campaigns.start(orgId, campaignId, ana.id)).toMatchObject({ ok: false, reason: 'engine:auth.forbidden' });
    const started = await h.engine.campaigns.start(orgId, campaignId, h.organizer.id);
    expect(started).toMatchObject({ ok: true, campaign: { status: 'active' } });

    // --- three volunteers claim: disjoint batches of 50 ---
    const claims = [];
    for (const v of [ana, ben, cleo]) {
      const c = await h.engine.claims.claim(orgId, campaignId, v.id);
      if (!c.ok) throw new Error(c.reason);
      expect(c).toMatchObject({ resumed: false, position: { done: 0, total: 50 } });
      claims.push(c);
    }
    const batches = await Promise.all(claims.map(async (c) => {
      const all: Contact[] = [];
      for await (const x of h.store.contacts.streamByCampaign(orgId, campaignId)) if (x.claimId === c.claim.id) all.push(x);
      return all;
    }));
    const ids = batches.flat().map((c) => c.id);
    expect(new Set(ids).size).toBe(150);
    // Pressing Claim again gives back the unfinished batch (documented decision).
    expect(await h.engine.claims.claim(orgId, campaignId, ana.id)).toMatchObject({ ok: true, resumed: true, claim: { id: claims[0]!.claim.id } });

    // --- carrier scripts: a landline (30006), an opted-out-at-Twilio (21610), an early callback (R4.6) ---
    const landline = batches[0]![3]!;
    const twilioOptOut = batches[1]![5]!;
    const early = batches[2]![7]!;
    h.carrier.script(landline.phone, { status: 'failed', errorCode: '30006' });
    h.carrier.script(twilioOptOut.phone, { reject: { code: '21610', permanent: true } });
    h.carrier.script(early.phone, { callbackBeforeReturn: true });

    // --- every volunteer presses Send 50 times (R5.2a: one press, one text) ---
    const pressed: Message[] = [];
    for (const [i, v] of [ana, ben, cleo].entries()) pressed.push(...(await sendAll(h, claims[i]!.claim.id, v.id, claims[i]!.next)));
    expect(pressed).toHaveLength(150);
    await h.settle();

    const sent = h.carrier.sent();
    expect(sent).toHaveLength(149);
    expect(new Set(sent.map((s) => s.idempotencyKey)).size).toBe(149);
    expect(sent.every((s) => s.messagingServiceSid === h.org.sms.messagingServiceSid && (s.validityPeriod ?? 0) > 0)).toBe(true);
    expect(h.carrier.attempts().filter((a) => a.outcome === 'rejected')).toEqual([expect.objectContaining({ to: twilioOptOut.phone, error: { code: '21610', permanent: true } })]);
    const spanish = batches.flat().find((c) => c.language === 'es')!;
    expect(sent.find((s) => s.to === spanish.phone)?.body).toBe(`Hola ${spanish.firstName}, soy ${(await h.store.members.get(orgId, spanish.volunteerId!))!.displayName} de Texas Forward. ¿Podemos contar con tu voto? Responde STOP o ALTO para no recibir más mensajes.`);
    expect(sent.find((s) => s.to === landline.phone)?.body).toBe(`Hi ${landline.firstName}, this is Ana with Texas Forward. Can we count on your vote Nov 3? Reply STOP to opt out.`);

    const finals = await Promise.all(pressed.map((m) => h.store.messages.get(orgId, m.id)));
    const byStatus = (s: string) => finals.filter((m) => m?.status === s);
    expect(byStatus('delivered')).toHaveLength(148);
    expect(byStatus('failed').map((m) => [m!.voterPhone, m!.errorCode]).sort()).toEqual([[landline.phone, '30006'], [twilioOptOut.phone, '21610']].sort());
    const earlyMsg = finals.find((m) => m?.voterPhone === early.phone)!;
    expect(earlyMsg.status).toBe('delivered'); // R4.6: callbacks before the send returned were kept and applied
    expect(earlyMsg.history.map((x) => x.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);

    expect((await h.store.contacts.get(orgId, landline.id))?.status).toBe('landline');
    expect((await h.store.contacts.get(orgId, twilioOptOut.id))?.status).toBe('opted_out');
    expect(await h.store.optOuts.get(orgId, twilioOptOut.phone)).toMatchObject({ source: 'twilio_21610', rule: 'error:21610' }); // R1.8
    for (const c of claims) expect((await h.store.claims.get(orgId, c.claim.id))?.status).toBe('completed');

    const afterSends = await h.engine.stats.campaignStats(orgId, campaignId);
    if (!afterSends.ok) throw new Error('stats');
    expect(afterSends.stats).toMatchObject({ initials: 150, sent: 149, delivered: 148, failed: 2, failedByCode: { '30006': 1, '21610': 1 } });
    expect(afterSends.stats.contactsByStatus).toMatchObject({ pending: 50, messaged: 148, landline: 1, opted_out: 1, assigned: 0 });
    expect(afterSends.stats.volunteers.map((v) => v.initials)).toEqual([50, 50, 50]);

    // R5.3: one append-only audit row per press with the required fields.
    const pressedRows = await h.store.audit.list(orgId, { action: 'message.pressed', limit: 1000 });
    expect(pressedRows).toHaveLength(150);
    const row = pressedRows.find((r) => r.subject.id === earlyMsg.id)!;
    expect(row.data).toMatchObject({
      platform: 'sandbox', channelId: 'C1', volunteerId: cleo.id, displayName: 'Cleo', signatureVerified: true,
      contactId: early.id, phone: early.phone, campaignId, body: earlyMsg.body, edited: false, segments: earlyMsg.segments,
      encoding: earlyMsg.encoding, messagingServiceSid: h.org.sms.messagingServiceSid,
    });
    expect(typeof row.data.scriptHash).toBe('string');
    expect(typeof row.data.interactionId).toBe('string');
    expect(await h.store.audit.list(orgId, { action: 'message.sent', limit: 1000 })).toHaveLength(149);

    // --- voter replies ---
    const delivered = batches.flat().filter((c) => c.id !== landline.id && c.id !== twilioOptOut.id && c.language === 'en');
    const [stopper, remover, asker, surveyed, refuser, helper] = delivered as [Contact, Contact, Contact, Contact, Contact, Contact];
    const alto = batches.flat().find((c) => c.language === 'es' && c.id !== twilioOptOut.id && c.id !== landline.id)!;
    const sentBefore = h.carrier.sent().length;
    const reply = (c: Contact, body: string) => h.carrier.injectReply({ from: c.phone, to: ORG_NUMBER, body });

    // R1.1/R1.6: STOP -> suppression + exactly one confirmation, even when STOP arrives twice.
    await reply(stopper, 'STOP');
    await reply(stopper, ' stop. ');
    // R1.4(a): a phrase is an opt-out too.
    await reply(remover, 'Please remove me from your list');
    // R1.6: the confirmation goes out in the language of the inbound (ALTO -> Spanish).
    await reply(alto, 'Álto');
    // A question is conversation: needs_reply, routed to the volunteer.
    await reply(asker, 'who is this?');
    await reply(surveyed, 'Yes! I will vote by mail');
    // R1.4(b): ambiguous -> human review.
    await reply(refuser, 'no');
    // R1.9: HELP answers with org name, contact point and opt-out instructions.
    await reply(helper, 'HELP');
    // A number we never texted: stored unmatched, to organizers.
    await h.carrier.injectReply({ from: '+13125550142', to: ORG_NUMBER, body: 'hello?' });
    await h.settle();

    const outbound = h.carrier.sent().slice(sentBefore);
    const toStopper = outbound.filter((s) => s.to === stopper.phone);
    expect(toStopper.map((s) => s.body)).toEqual(['Texas Forward: You are unsubscribed and will get no more texts from us. Reply START to opt back in.']);
    expect(outbound.filter((s) => s.to === remover.phone)).toHaveLength(1);
    expect(outbound.find((s) => s.to === alto.phone)?.body).toBe('Texas Forward: Te dimos de baja y no recibirás más mensajes nuestros. Responde START para volver a suscribirte.');
    expect(outbound.find((s) => s.to === helper.phone)?.body).toBe('Texas Forward: for help, contact help@texasforward.org. Reply STOP to opt out.');
    expect(outbound.filter((s) => [asker.phone, surveyed.phone, refuser.phone].includes(s.to))).toEqual([]);
    expect(outbound).toHaveLength(4);

    expect(await h.store.optOuts.get(orgId, stopper.phone)).toMatchObject({ source: 'keyword', rule: 'keyword:STOP' });
    expect(await h.store.optOuts.get(orgId, remover.phone)).toMatchObject({ source: 'phrase', rule: 'phrase:remove_me' });
    expect(await h.store.optOuts.get(orgId, alto.phone)).toMatchObject({ source: 'keyword', rule: 'keyword:ALTO' });
    for (const c of [stopper, remover, alto]) expect((await h.store.contacts.get(orgId, c.id))?.status).toBe('opted_out');
    expect((await h.store.contacts.get(orgId, asker.id))?.status).toBe('needs_reply');
    const refuserConv = (await h.store.conversations.findByContact(orgId, refuser.id))!;
    expect(refuserConv.pendingOptOutReview).toBe(true);
    expect(await h.store.optOuts.isOptedOut(orgId, refuser.phone)).toBe(false);

    const stopperConv = (await h.store.conversations.findByContact(orgId, stopper.id))!;
    const stopperMsgs = await messagesOf(h, stopperConv.id);
    expect(stopperMsgs.map((m) => [m.direction, m.kind])).toEqual([
      ['outbound', 'initial'], ['inbound', 'inbound'], ['outbound', 'opt_out_confirmation'], ['inbound', 'inbound'],
    ]);
    expect(stopperMsgs[2]?.status).toBe('delivered');
    const unmatched = await h.store.messages.listUnmatched(orgId);
    expect(unmatched.map((m) => m.body)).toEqual(['hello?']);

    // chat.notify: every inbound, ids only; the volunteer holds completed claims (documented decision).
    expect(notes).toHaveLength(9);
    const askerConvId = (await h.store.conversations.findByContact(orgId, asker.id))!.id;
    expect(notes.find((n) => n.kind === 'message' && n.conversationId === askerConvId)).toMatchObject({ audience: 'volunteer' });
    expect(notes.find((n) => n.conversationId === undefined)).toMatchObject({ audience: 'organizers', kind: 'message' });
    expect(notes.filter((n) => n.kind === 'opt_out')).toHaveLength(4);

    // R1.4: "Please remove me", then a reply: blocked locally, no carrier call.
    const removerConv = (await h.store.conversations.findByContact(orgId, remover.id))!;
    const attemptsBefore = h.carrier.attempts().length;
    expect(await h.engine.replies.reply(orgId, removerConv.id, 'Sorry to bother you!', removerConv.volunteerId, interaction())).toMatchObject({ ok: false, reason: 'engine:reply.opted_out' });
    await h.settle();
    expect(h.carrier.attempts()).toHaveLength(attemptsBefore);

    // The volunteer answers the question and records the survey answer; the suggestion is not sent by itself.
    const askerConv = (await h.store.conversations.findByContact(orgId, asker.id))!;
    const answered = await h.engine.replies.reply(orgId, askerConv.id, "I'm {texterName}, a volunteer with {orgName}.", askerConv.volunteerId, interaction());
    expect(answered).toMatchObject({ ok: true, duplicate: false, message: { kind: 'reply', body: `I'm ${(await h.store.members.get(orgId, askerConv.volunteerId))!.displayName}, a volunteer with Texas Forward.` } });
    expect((await h.store.contacts.get(orgId, asker.id))?.status).toBe('replied');
    const surveyedConv = (await h.store.conversations.findByContact(orgId, surveyed.id))!;
    const ans = await h.engine.replies.answer(orgId, surveyedConv.id, 'vote', 'yes', surveyedConv.volunteerId);
    expect(ans).toMatchObject({ ok: true, changed: true, suggestedReply: `Great, thank you ${surveyed.firstName}!`, nextQuestion: { id: 'plan' } });
    expect(await h.engine.replies.answer(orgId, surveyedConv.id, 'plan', 'mail', surveyedConv.volunteerId)).toMatchObject({ ok: true, nextQuestion: null, suggestedReply: null });
    const sentSurvey = await h.engine.replies.replySurvey(orgId, surveyedConv.id, 'vote', 'yes', surveyedConv.volunteerId, interaction());
    expect(sentSurvey).toMatchObject({ ok: true, message: { kind: 'survey' } });
    // The volunteer confirms the ambiguous "no" with one press (R1.4b).
    expect(await h.engine.replies.confirmOptOut(orgId, refuserConv.id, refuserConv.volunteerId)).toMatchObject({ ok: true, created: true, optOut: { source: 'volunteer' } });
    expect((await h.store.conversations.get(orgId, refuserConv.id))?.pendingOptOutReview).toBe(false);
    await h.settle();
    expect(h.carrier.sent().slice(sentBefore)).toHaveLength(6);

    // --- the rest of the list: Ana claims again and gets the last 50 ---
    const again = await h.engine.claims.claim(orgId, campaignId, ana.id);
    expect(again).toMatchObject({ ok: true, resumed: false, position: { total: 50 } });
    // The last 50 are in Ana's batch, not texted yet: Ben is told so (not "everyone was texted").
    expect(await h.engine.claims.claim(orgId, campaignId, ben.id)).toMatchObject({ ok: false, reason: 'engine:claim.all_in_batches', params: { count: 50 } });

    // --- stats from counters and tallies ---
    const st = await h.engine.stats.campaignStats(orgId, campaignId);
    if (!st.ok) throw new Error('stats');
    expect(st.stats).toMatchObject({
      initials: 150, sent: 155, delivered: 154, failed: 2,
      replies: 3, repliedContacts: 3, optOuts: 4, spamFiltered: 0,
    });
    expect(st.stats.replyRate).toBeCloseTo(3 / 150);
    expect(st.stats.optOutRate).toBeCloseTo(4 / 150);
    expect(st.stats.survey[0]?.answers).toEqual([
      { answerId: 'yes', label: 'Yes', count: 1 }, { answerId: 'no', label: 'No', count: 0 }, { answerId: 'maybe', label: 'Maybe', count: 0 },
    ]);
    expect(st.stats.survey[1]?.answers.find((a) => a.answerId === 'mail')?.count).toBe(1);
    expect(st.stats.contactsByStatus).toMatchObject({ assigned: 50, opted_out: 5, needs_reply: 0, replied: 2, landline: 1 });
    expect(st.stats.volunteers.reduce((a, v) => a + v.replies, 0)).toBe(2);

    // Audit: inbound messages and opt-outs are logged with the matched rule (R5.3).
    expect(await h.store.audit.list(orgId, { action: 'message.received', limit: 100 })).toHaveLength(9);
    const optRows = await h.store.audit.list(orgId, { action: 'optout.recorded', limit: 100 });
    expect(optRows.map((r) => r.data.rule).sort()).toEqual(['error:21610', 'keyword:ALTO', 'keyword:STOP', 'phrase:remove_me', 'review:confirmed']);
  });
});
