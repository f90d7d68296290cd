import { describe, expect, it } from 'vitest';
import { conversationAfterReply, harness, interaction, ORG_NUMBER, startedCampaign } from './harness.js';

async function conversationWithReply(spanish = false) {
  const h = await harness();
  const campaign = await startedCampaign(h, 2, { batchSize: 2, cannedReplies: [{ id: 'thanks', label: 'Thanks', text: { en: 'Thanks {firstName}!', es: '¡Gracias {firstName}!' } }], tags: [{ id: 'lead', label: 'Lead' }] }, spanish ? { spanishEvery: 1 } : {});
  const ana = h.volunteers[0]!;
  const { contact, conv } = await conversationAfterReply(h, campaign.id, ana.id, 'who is this?');
  return { h, campaign, ana, contact, conv };
}

describe('ReplyService', () => {
  it('only the conversation volunteer or an organizer may reply; nothing is sent otherwise', async () => {
    const { h, conv, ana } = await conversationWithReply();
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Hi!', h.volunteers[1]!.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_conversation' });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Hi from an organizer', h.organizer.id)).toMatchObject({ ok: true });
    expect(await h.engine.replies.reply(h.org.id, 'nope', 'Hi', ana.id)).toMatchObject({ ok: false, reason: 'engine:conversation.not_found' });
    await h.settle();
    expect(h.carrier.sent().map((s) => s.body).slice(1)).toEqual(['Hi from an organizer']);
  });

  it('R3.5: a typed link through a public shortener is refused; empty, too long and unknown fields too', async () => {
    const { h, conv, ana } = await conversationWithReply();
    const r = await h.engine.replies.reply(h.org.id, conv.id, 'More at https://bit.ly/abc', ana.id);
    expect(r).toMatchObject({ ok: false, reason: 'engine:reply.lint_errors', params: { rules: 'R3.5' } });
    expect(!r.ok && r.findings?.[0]).toMatchObject({ key: 'rules:lint.url_shortener', params: { domain: 'bit.ly' } });
    expect(await h.engine.replies.reply(h.org.id, conv.id, '   ', ana.id)).toMatchObject({ ok: false, reason: 'engine:reply.empty' });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'x'.repeat(1601), ana.id)).toMatchObject({ ok: false, reason: 'engine:reply.too_long' });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Your polling place is {pollingPlace}', ana.id)).toMatchObject({ ok: false, reason: 'engine:reply.missing_fields', params: { fields: 'pollingPlace' } });
    await h.settle();
    expect(h.carrier.sent()).toHaveLength(1);
  });

  it('R2.5: replies respect quiet hours too', async () => {
    const { h, conv, ana } = await conversationWithReply();
    h.clock.set(new Date('2026-11-18T02:30:00Z')); // 21:30 New York
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Sorry for the late reply', ana.id)).toMatchObject({ ok: false, reason: 'engine:reply.outside_hours', params: { opensAt: '2026-11-18T14:00:00.000Z' } });
  });

  it('R5.2(b): a canned reply in the contact language; the same interaction twice sends once', async () => {
    const { h, conv, ana, contact } = await conversationWithReply(true);
    const ix = interaction();
    const first = await h.engine.replies.replyCanned(h.org.id, conv.id, 'thanks', ana.id, ix);
    const again = await h.engine.replies.replyCanned(h.org.id, conv.id, 'thanks', ana.id, ix);
    expect(first).toMatchObject({ ok: true, duplicate: false, message: { kind: 'canned', body: `¡Gracias ${contact.firstName}!`, encoding: 'GSM-7' } });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(await h.engine.replies.replyCanned(h.org.id, conv.id, 'nope', ana.id, interaction())).toMatchObject({ ok: false, reason: 'engine:campaign.unknown_canned' });
    await h.settle();
    expect(h.carrier.sent()).toHaveLength(2);
    const row = (await h.store.audit.list(h.org.id, { action: 'message.pressed' })).find((e) => e.subject.id === (first.ok ? first.message.id : ''));
    expect(row?.data).toMatchObject({ kind: 'canned', edited: false, conversationId: conv.id });
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('replied');
  });

  it('survey answers are tallied once per contact and can be changed', async () => {
    const { h, conv, ana, campaign } = await conversationWithReply();
    expect(await h.engine.replies.answer(h.org.id, conv.id, 'vote', 'yes', ana.id)).toMatchObject({ ok: true, changed: true });
    expect(await h.engine.replies.answer(h.org.id, conv.id, 'vote', 'yes', ana.id)).toMatchObject({ ok: true, changed: false });
    expect(await h.engine.replies.answer(h.org.id, conv.id, 'vote', 'no', ana.id)).toMatchObject({ ok: true, changed: true, nextQuestion: null, suggestedReply: null });
    expect(await h.engine.replies.answer(h.org.id, conv.id, 'vote', 'perhaps', ana.id)).toMatchObject({ ok: false, reason: 'engine:campaign.unknown_answer' });
    expect(await h.engine.replies.answer(h.org.id, conv.id, 'q9', 'yes', ana.id)).toMatchObject({ ok: false, reason: 'engine:campaign.unknown_question' });
    const stats = await h.engine.stats.campaignStats(h.org.id, campaign.id);
    expect(stats.ok && stats.stats.survey[0]?.answers.map((a) => a.count)).toEqual([0, 1, 0]);
    expect((await h.store.contacts.get(h.org.id, conv.contactId))?.surveyAnswers).toEqual({ vote: 'no' });
  });

  it('tags, reassignment (organizers only) and close', async () => {
    const { h, conv, ana, contact } = await conversationWithReply();
    const ben = h.volunteers[1]!;
    expect(await h.engine.replies.tag(h.org.id, conv.id, 'lead', ana.id)).toEqual({ ok: true });
    expect(await h.engine.replies.tag(h.org.id, conv.id, 'vip', ana.id)).toMatchObject({ ok: false, reason: 'engine:campaign.unknown_tag' });
    expect((await h.store.contacts.get(h.org.id, contact.id))?.tags).toEqual(['lead']);
    expect(await h.engine.replies.reassign(h.org.id, conv.id, ben.id, ana.id)).toMatchObject({ ok: false, reason: 'engine:auth.forbidden' });
    expect(await h.engine.replies.reassign(h.org.id, conv.id, 'ghost', h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:reassign.not_member' });
    expect(await h.engine.replies.reassign(h.org.id, conv.id, ben.id, h.organizer.id)).toMatchObject({ ok: true, conversation: { volunteerId: ben.id } });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Hi, Ben here', ana.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_conversation' });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'Hi, Ben here', ben.id)).toMatchObject({ ok: true });
    expect((await h.store.contacts.get(h.org.id, contact.id))?.volunteerId).toBe(ben.id);
    expect(await h.engine.replies.close(h.org.id, conv.id, ben.id)).toEqual({ ok: true });
    expect((await h.store.contacts.get(h.org.id, contact.id))?.status).toBe('closed');
    expect((await h.store.audit.list(h.org.id, { action: 'conversation.reassigned' }))[0]?.data).toMatchObject({ from: ana.id, to: ben.id });
  });

  it('R1.4(b): a probable opt-out can be dismissed; a confirmed one blocks replies', async () => {
    const { h, conv, ana, contact } = await conversationWithReply();
    await h.engine.inbound.receive({ providerId: 'SMno', from: contact.phone, to: ORG_NUMBER, body: 'leave me alone', at: h.clock.now() });
    expect((await h.store.conversations.get(h.org.id, conv.id))?.pendingOptOutReview).toBe(true);
    expect(await h.engine.replies.dismissOptOutReview(h.org.id, conv.id, ana.id)).toEqual({ ok: true });
    expect((await h.store.conversations.get(h.org.id, conv.id))?.pendingOptOutReview).toBe(false);
    expect(await h.engine.replies.confirmOptOut(h.org.id, conv.id, ana.id)).toMatchObject({ ok: true, created: true });
    expect(await h.engine.replies.confirmOptOut(h.org.id, conv.id, ana.id)).toMatchObject({ ok: true, created: false });
    expect(await h.engine.replies.reply(h.org.id, conv.id, 'ok!', ana.id)).toMatchObject({ ok: false, reason: 'engine:reply.opted_out' });
    await h.settle();
    expect(h.carrier.sent()).toHaveLength(1); // no confirmation text for volunteer-confirmed opt-outs (documented)
  });
});
