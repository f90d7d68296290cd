// One press in the thread after a voter answers: the reply's triage ("Looks like: Yes") and the
// one press it offers. Record-and-reply records the survey answer and sends exactly one text
// (R5.2a), a repeated press sends none (R5.2b); deceased / moved / already voted record a tag and
// the contact's outcome and close the conversation with no text; wrong number opts out (R1.4a)
// and sends the campaign's wrong-number reply as the one text after the opt-out (R1.6).
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import type { Button, View } from '../../src/core/views/view.js';
import { ORG_NUMBER, actor, button, buttons, command, press, textOf, viewOf, world, type World } from './support/world.js';
import { ana, ben, owner, runningCampaign } from './support/scenario.js';

async function setupCampaign(w: World, opts: { yesReply?: boolean; wrongNumberCanned?: boolean } = {}) {
  const { org, campaignId } = await runningCampaign(w);
  const by = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id;
  await w.engine.campaigns.updateSurvey(org.id, campaignId, [
    {
      id: 'vote',
      text: 'Will they vote?',
      answers: [
        { id: 'yes', label: 'Yes', ...(opts.yesReply === false ? {} : { reply: { en: 'Great, thank you {firstName}!', es: '¡Gracias, {firstName}!' } }) },
        { id: 'no', label: 'No' },
      ],
    },
  ], by);
  await w.engine.campaigns.updateCannedReplies(org.id, campaignId, [
    { id: 'thanks', label: 'Thanks', text: { en: 'Thanks {firstName}!' } },
    ...(opts.wrongNumberCanned === false ? [] : [{ id: 'wrong', label: 'Wrong number', text: { en: 'Sorry for the mix-up, we will remove this number.' } }]),
  ], by);
  return { org, campaignId };
}

/** Ana texts her first voter, the voter answers `body`; returns the voter's phone and the message in Ana's thread. */
async function voterAnswers(w: World, body: string): Promise<{ phone: string; inbound: View }> {
  const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
  await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
  await w.settle();
  const phone = w.carrier.sent()[0]!.to;
  await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body });
  await w.settle();
  return { phone, inbound: w.gateway.of('postInThread').at(-1)!.view! };
}

const sentTo = (w: World, phone: string) => w.carrier.sent().filter((m) => m.to === phone);
const one = (view: View, id: string): Button => {
  const found = buttons(view).filter((b) => b.id === id);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the triage under a voter reply', () => {
  it('a "yes" shows "Looks like: Yes" and ONE primary Record Yes and reply; one press records the answer and sends exactly one text (R5.2a)', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    const { phone, inbound } = await voterAnswers(w, 'Yes!');
    expect(textOf(inbound)).toContain('Looks like: **Yes**');
    const primary = buttons(inbound).filter((b) => b.style === 'primary');
    expect(primary.map((b) => [b.id, b.label])).toEqual([[ACTION.triageAnswer, 'Record Yes and reply']]);
    const before = sentTo(w, phone).length;
    const ix = 'ix-record-yes';
    const replies = await w.handle(press(ana, ACTION.triageAnswer, primary[0]!.value, ix));
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before + 1);
    expect(sentTo(w, phone).at(-1)?.body).toMatch(/^Great, thank you \S+!$/);
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    const contact = (await w.store.contacts.get(org.id, conversation.contactId))!;
    expect(contact.surveyAnswers).toEqual({ vote: 'yes' });
    expect(contact.status).toBe('replied');
    // Audited as ONE press: one message.pressed row carrying the interaction id, one survey.answered.
    const audit = await w.store.audit.list(org.id, { limit: 500 });
    expect(audit.filter((e) => e.action === 'message.pressed' && e.data.interactionId === ix)).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'survey.answered' && e.subject.id === contact.id)).toHaveLength(1);
    expect(replies[0]?.kind).toBe('thread');
    expect(textOf(viewOf(replies[0]))).toContain('Recorded Yes for “Will they vote?” and sent the reply.');
  });

  it('a double press sends one text: the same interaction delivered twice, and a second press (R5.2b)', async () => {
    const w = await world();
    await setupCampaign(w);
    const { phone, inbound } = await voterAnswers(w, 'yes');
    const value = one(inbound, ACTION.triageAnswer).value;
    const before = sentTo(w, phone).length;
    await Promise.all([w.handle(press(ana, ACTION.triageAnswer, value, 'ix-dup')), w.handle(press(ana, ACTION.triageAnswer, value, 'ix-dup'))]);
    const again = await w.handle(press(ana, ACTION.triageAnswer, value));
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before + 1);
    expect(again[0]?.kind).toBe('ephemeral');
    expect(textOf(viewOf(again[0]))).toContain('already recorded');
  });

  it('an answer with no reply text records only, and sends nothing', async () => {
    const w = await world();
    const { org } = await setupCampaign(w, { yesReply: false });
    const { phone, inbound } = await voterAnswers(w, 'Yes');
    const b = one(inbound, ACTION.triageAnswer);
    expect(b.label).toBe('Record Yes');
    const before = sentTo(w, phone).length;
    const [reply] = await w.handle(press(ana, ACTION.triageAnswer, b.value));
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before);
    expect(textOf(viewOf(reply))).toContain('nothing was sent');
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    expect((await w.store.contacts.get(org.id, conversation.contactId))?.surveyAnswers).toEqual({ vote: 'yes' });
  });

  it('with no matching survey answer, the canned reply whose label reads the same is the one press', async () => {
    const w = await world();
    const { org, campaignId } = await setupCampaign(w);
    const by = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id;
    await w.engine.campaigns.updateSurvey(org.id, campaignId, [], by);
    await w.engine.campaigns.updateCannedReplies(org.id, campaignId, [{ id: 'q', label: 'Who is this?', text: { en: 'This is {texterName} with Texas Forward.' } }], by);
    const { phone, inbound } = await voterAnswers(w, 'who is this??');
    expect(textOf(inbound)).toContain('Looks like: **Question**');
    const primary = buttons(inbound).filter((b) => b.style === 'primary');
    expect(primary.map((b) => [b.id, b.label])).toEqual([[ACTION.canned, 'Reply: Who is this?']]);
    const before = sentTo(w, phone).length;
    await w.handle(press(ana, ACTION.canned, primary[0]!.value));
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before + 1);
  });

  it('nothing is offered for intent other, and no suggestion for a possible opt-out', async () => {
    const w = await world();
    await setupCampaign(w);
    const { inbound } = await voterAnswers(w, 'Thanks');
    expect(textOf(inbound)).not.toContain('Looks like');
    expect(buttons(inbound).some((b) => b.id === ACTION.triageAnswer || b.id === ACTION.triageOutcome)).toBe(false);
  });

  it('every press re-checks role and org: another volunteer and another org get nothing done, and no text goes out', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    const { phone, inbound } = await voterAnswers(w, 'Yes');
    const value = one(inbound, ACTION.triageAnswer).value;
    const before = sentTo(w, phone).length;
    const [notYours] = await w.handle(press(ben, ACTION.triageAnswer, value));
    expect(textOf(viewOf(notYours))).toContain('belongs to another volunteer');
    const stranger = actor('U-x', 'Xavier', { orgExternalId: 'T-other', orgName: 'Other Org', isPlatformAdmin: true });
    await w.handle(command(stranger, 'setup "Other Org"'));
    const [otherOrg] = await w.handle(press(stranger, ACTION.triageAnswer, value));
    expect(otherOrg?.kind).toBe('ephemeral');
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    const outcome = await w.handle(press(stranger, ACTION.triageOutcome, JSON.stringify([conversation.id, 'deceased', conversation.id])));
    expect(outcome[0]?.kind).toBe('ephemeral');
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before);
    expect((await w.store.contacts.get(org.id, conversation.contactId))?.surveyAnswers).toEqual({});
    expect((await w.store.conversations.get(org.id, conversation.id))?.closedAt).toBeUndefined();
  });
});

describe('the reply assistant\'s draft', () => {
  it('is shown as a suggestion (escaped like voter text) and sent only by its press: one press, one text; the same press delivered twice sends one', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    const { phone } = await voterAnswers(w, 'hmm');
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    // A voter text read by the assistant (stored with its triage, as the inbound service stores it).
    const draft = 'Thanks for asking! Polls are open 7am-7pm. @everyone';
    const { message } = await w.store.messages.create(org.id, {
      orgId: org.id, campaignId: conversation.campaignId, contactId: conversation.contactId, conversationId: conversation.id,
      direction: 'inbound', kind: 'inbound', voterPhone: phone, body: 'when do polls open', status: 'received', providerId: 'SM-draft-1',
      triage: { intent: 'question', confidence: 0.8, source: 'assistant', draft },
    });
    await w.queue.enqueue('chat.notify', { orgId: org.id, conversationId: conversation.id, messageId: message.id, kind: 'message', audience: 'volunteer' });
    await w.settle();
    const view = w.gateway.of('postInThread').at(-1)!.view!;
    expect(textOf(view)).toContain('Looks like: **Question** (read by the reply assistant)');
    expect(view.blocks).toContainEqual({ type: 'quote', text: draft, voter: true });
    const send = one(view, ACTION.triageDraft);
    const before = sentTo(w, phone).length;
    await Promise.all([w.handle(press(ana, ACTION.triageDraft, send.value, 'ix-draft')), w.handle(press(ana, ACTION.triageDraft, send.value, 'ix-draft'))]);
    await w.settle();
    expect(sentTo(w, phone).slice(before).map((m) => m.body)).toEqual([draft]);
    // A value naming anything but a voter text of this conversation with a draft sends nothing.
    const [stale] = await w.handle(press(ana, ACTION.triageDraft, JSON.stringify([conversation.id, conversation.id])));
    expect(textOf(viewOf(stale))).toContain('no longer available');
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before + 1);
  });
});

describe('outcomes: deceased, moved, already voted, wrong number', () => {
  it('deceased: one press tags the contact, keeps the outcome, closes the conversation and sends no text; the message shows it closed', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    // The engine's services share one deps object: a sink set on it sees what the services publish.
    const events: { type: string }[] = [];
    (w.engine.replies as unknown as { deps: { events?: unknown } }).deps.events = { publish: async (e: { type: string }) => void events.push(e) };
    const { phone, inbound } = await voterAnswers(w, 'He passed away last year');
    expect(textOf(inbound)).toContain('Looks like: **Deceased**');
    const b = one(inbound, ACTION.triageOutcome);
    expect(b.label).toBe('Record deceased and close');
    const before = sentTo(w, phone).length;
    const replies = await w.handle(press(ana, ACTION.triageOutcome, b.value));
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before);
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    expect(conversation).toMatchObject({ closedReason: 'deceased' });
    expect(conversation.closedAt).toBeInstanceOf(Date);
    const contact = (await w.store.contacts.get(org.id, conversation.contactId))!;
    expect(contact).toMatchObject({ outcome: 'deceased', status: 'closed' });
    expect(contact.tags).toContain('deceased');
    expect(events.filter((e) => e.type === 'conversation.closed')).toEqual([expect.objectContaining({ id: `conversation.closed:${conversation.id}:${conversation.closedAt!.getTime()}`, type: 'conversation.closed', contactId: contact.id, data: expect.objectContaining({ reason: 'deceased' }) })]);
    // The pressed message is updated in place: closed note, no buttons.
    const updated = replies.find((r) => r.kind === 'update');
    expect(updated).toBeDefined();
    expect(buttons(viewOf(updated))).toEqual([]);
    expect(textOf(viewOf(updated))).toContain('Closed (deceased) by Ana');
    // A second press changes nothing; a typed reply to the closed conversation sends nothing.
    const again = await w.handle(press(ana, ACTION.triageOutcome, b.value));
    expect(textOf(viewOf(again[0]))).toContain('already closed (deceased)');
    const typed = await w.engine.replies.reply(org.id, conversation.id, 'Hello?', contact.volunteerId!);
    expect(typed).toMatchObject({ ok: false, reason: 'engine:conversation.closed' });
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before);
  });

  it('a failed conversation.closed publish is logged and never fails the press', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    (w.engine.replies as unknown as { deps: { events?: unknown } }).deps.events = { publish: async () => { throw new Error('webhook outbox down'); } };
    const { phone, inbound } = await voterAnswers(w, 'I moved to Ohio');
    const replies = await w.handle(press(ana, ACTION.triageOutcome, one(inbound, ACTION.triageOutcome).value));
    expect(replies.some((r) => r.kind === 'update')).toBe(true);
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    expect(conversation.closedReason).toBe('moved');
    expect(w.errors).toEqual([]);
  });

  it('moved and already voted close the same way; a new voter text reopens the conversation for the volunteer with live buttons', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    const { phone, inbound } = await voterAnswers(w, 'I already voted');
    await w.handle(press(ana, ACTION.triageOutcome, one(inbound, ACTION.triageOutcome).value));
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    expect(conversation.closedReason).toBe('already_voted');
    expect((await w.store.contacts.get(org.id, conversation.contactId))).toMatchObject({ outcome: 'already_voted', status: 'closed' });
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'Actually yes, I can help' });
    await w.settle();
    const reopened = (await w.store.conversations.get(org.id, conversation.id))!;
    expect(reopened.closedAt).toBeUndefined();
    expect((await w.store.contacts.get(org.id, conversation.contactId))?.status).toBe('needs_reply');
    const next = w.gateway.of('postInThread').at(-1)!.view!;
    expect(textOf(next)).not.toContain('closed');
    expect(buttons(next).length).toBeGreaterThan(0);
    const sent = await w.engine.replies.reply(org.id, conversation.id, 'Thank you!', conversation.volunteerId);
    expect(sent.ok).toBe(true);
  });

  it('wrong number: one press opts the number out (rule wrong_number, tag, outcome) and sends the campaign wrong-number reply once (R1.4a, R1.6)', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    const { phone, inbound } = await voterAnswers(w, 'this is not John');
    expect(textOf(inbound)).toContain('Looks like: **Wrong number**');
    const b = one(inbound, ACTION.triageOutcome);
    expect(b.label).toBe('Wrong number: opt out and reply');
    const before = sentTo(w, phone).length;
    await Promise.all([w.handle(press(ana, ACTION.triageOutcome, b.value)), w.handle(press(ana, ACTION.triageOutcome, b.value))]);
    await w.settle();
    const out = sentTo(w, phone).slice(before);
    expect(out.map((m) => m.body)).toEqual(['Sorry for the mix-up, we will remove this number.']);
    expect(await w.store.optOuts.isOptedOut(org.id, phone)).toBe(true);
    const optOut = await w.store.optOuts.get(org.id, phone);
    expect(optOut).toMatchObject({ source: 'volunteer', rule: 'wrong_number' });
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    const contact = (await w.store.contacts.get(org.id, conversation.contactId))!;
    expect(contact).toMatchObject({ status: 'opted_out', outcome: 'wrong_number' });
    expect(contact.tags).toContain('wrong_number');
    expect(conversation.closedReason).toBe('wrong_number');
  });

  it('wrong number with no wrong-number canned reply opts out and sends nothing', async () => {
    const w = await world();
    const { org } = await setupCampaign(w, { wrongNumberCanned: false });
    const { phone, inbound } = await voterAnswers(w, 'this is not John');
    const b = one(inbound, ACTION.triageOutcome);
    expect(b.label).toBe('Wrong number: opt out');
    const before = sentTo(w, phone).length;
    await w.handle(press(ana, ACTION.triageOutcome, b.value));
    await w.settle();
    expect(sentTo(w, phone).length).toBe(before);
    expect(await w.store.optOuts.isOptedOut(org.id, phone)).toBe(true);
  });

  it('an organizer may press it for a volunteer’s conversation (role re-checked on the server)', async () => {
    const w = await world();
    const { org } = await setupCampaign(w);
    const { phone, inbound } = await voterAnswers(w, 'I moved to Ohio');
    await w.handle(press(owner, ACTION.triageOutcome, one(inbound, ACTION.triageOutcome).value));
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    expect(conversation.closedReason).toBe('moved');
  });
});
