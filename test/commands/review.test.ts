// The review channel (supervision): settings, review posts for probable opt-outs (R1.4 tier b),
// hostile and unsure triage readings and trigger words, held first replies of new volunteers,
// and the organizers' decisions (made once, audited, re-checked on every press).
import { describe, expect, it } from 'vitest';
import { ACTION, ids } from '../../src/commands/actions.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import type { Conversation } from '../../src/core/model/conversation.js';
import type { View } from '../../src/core/views/view.js';
import { ORG_NUMBER, actor, button, buttons, command, interactionId, press, quotes, selects, textOf, viewOf, type World, world } from './support/world.js';
import { CHANNEL, ana, ben, owner, runningCampaign } from './support/scenario.js';

const REVIEW = 'C-review';
const organizer = actor('U-olga', 'Olga Organizer');

async function withReview(w: World, settings = 'review_channel:here'): Promise<void> {
  const [reply] = await w.handle(command(owner, `settings ${settings}`, { channelId: REVIEW }));
  expect(textOf(viewOf(reply))).toContain('Review settings saved');
}

/** Ana claims, sends one text, and the voter answers `body`. */
async function voterReplies(w: World, body: string): Promise<{ phone: string; conversation: Conversation }> {
  const card = viewOf((await w.handle(command(ana, 'claim gotv 1')))[0]);
  await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
  await w.settle();
  const phone = w.carrier.sent().at(-1)!.to;
  await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body });
  await w.settle();
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
  return { phone, conversation };
}

function reviewPosts(w: World): View[] {
  return w.gateway.of('post').filter((c) => c.target === REVIEW).map((c) => c.view!);
}

function typed(a: ReturnType<typeof actor>, conversation: Conversation, text: string): Invocation {
  const ref = conversation.threads[0]!;
  return { kind: 'thread_message', actor: a, channelId: ref.channelId, threadId: ref.threadId ?? ref.messageId!, text, interactionId: interactionId() };
}

async function freshConversation(w: World, phone: string): Promise<Conversation> {
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  return (await w.store.conversations.findLatestForPhone(org.id, phone))!;
}

describe('review settings', () => {
  it('sets the channel (here), the held replies, the words and the confidence, and shows them', async () => {
    const w = await world();
    await runningCampaign(w);
    const [reply] = await w.handle(command(owner, 'settings review_channel:here review_hold:2 review_confidence:40 --review_words "Lawyer, fraude, lawyer"', { channelId: REVIEW }));
    const text = textOf(viewOf(reply));
    expect(text).toContain('#C-review');
    expect(text).toContain('first 2 typed replies');
    expect(text).toContain('Lawyer, fraude');
    expect(text).toContain('below 40% confidence');
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    expect(org.review).toEqual({ channelId: REVIEW, holdFirstReplies: 2, confidenceBelow: 0.4, triggerWords: ['Lawyer', 'fraude'] });
    expect((await w.store.audit.list(org.id, { action: 'org.updated' })).some((e) => (e.data.fields as string[]).includes('review'))).toBe(true);
    // off clears the channel and keeps the rules.
    const [off] = await w.handle(command(owner, 'settings review_channel:off review_words:-', { channelId: REVIEW }));
    expect(textOf(viewOf(off))).toContain('not set');
    expect((await w.store.orgs.get(org.id))!.review).toEqual({ holdFirstReplies: 2, confidenceBelow: 0.4, triggerWords: [] });
  });

  it('refuses what is not a channel, `here` in a DM, and members who are not owners; speaks Spanish', async () => {
    const w = await world();
    await runningCampaign(w);
    expect(textOf(viewOf((await w.handle(command(owner, 'settings review_channel:"not a channel"', { channelId: REVIEW })))[0]))).toContain('could not read');
    expect(textOf(viewOf((await w.handle(command(owner, 'settings review_channel:here', { channelId: 'D-U-owner' })))[0]))).toContain('not a DM');
    expect(textOf(viewOf((await w.handle(command(ana, 'settings review_channel:here', { channelId: REVIEW })))[0]))).toContain('owner');
    expect(textOf(viewOf((await w.handle(command(owner, 'settings review_hold:99', { channelId: REVIEW })))[0]))).toContain('0 to 50');
    const es = textOf(viewOf((await w.handle(command({ ...owner, locale: 'es-419' }, 'settings review_channel:#review', { channelId: REVIEW })))[0]));
    expect(es).toContain('Ajustes de revisión guardados');
    expect(es).toContain('#review');
  });
});

describe('review posts for voter replies', () => {
  it('R1.4b: "not interested" goes to #review; Confirm opt-out records one opt-out and sends one confirmation (R1.6), once', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await withReview(w);
    const { phone, conversation } = await voterReplies(w, 'not interested');
    const [post] = reviewPosts(w);
    expect(post).toBeDefined();
    expect(textOf(post!)).toContain('Probable opt-out');
    expect(textOf(post!)).toContain('Get out the vote');
    expect(textOf(post!)).toContain('Ana');
    expect(quotes(post!)).toContain('not interested');
    const confirm = button(post!, ACTION.reviewConfirmOptOut);
    // Volunteers cannot decide; the role is re-checked on the press.
    expect(textOf(viewOf((await w.handle(press(ana, ACTION.reviewConfirmOptOut, confirm.value)))[0]))).toContain('organizer');
    const sentBefore = w.carrier.sent().length;
    const decided = await w.handle(press(owner, ACTION.reviewConfirmOptOut, confirm.value));
    expect(decided[0]?.kind).toBe('update');
    expect(textOf(viewOf(decided[0]))).toContain('Opt-out confirmed · by Olivia Owner');
    expect(buttons(viewOf(decided[0]))).toEqual([]);
    const again = await w.handle(press(owner, ACTION.reviewConfirmOptOut, confirm.value));
    expect(textOf(viewOf(again[0]))).toContain('Already decided by Olivia Owner');
    await w.settle();
    expect(await w.store.optOuts.isOptedOut(org.id, phone)).toBe(true);
    const confirmations = w.carrier.sent().slice(sentBefore).filter((s) => s.to === phone);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.body).toMatch(/opted out|no more/i);
    expect((await w.store.audit.list(org.id, { action: 'review.decided' }))).toHaveLength(1);
    expect((await w.store.audit.list(org.id, { action: 'optout.recorded' }))).toHaveLength(1);
    // The volunteer hears about it in the conversation's thread.
    const thread = conversation.threads[0]!.threadId;
    expect(w.gateway.of('postInThread').some((c) => c.target === thread && textOf(c.view!).includes('Opt-out confirmed in review by Olivia Owner'))).toBe(true);
  });

  it('20 organizers pressing Confirm opt-out at once: one decision, one opt-out, one confirmation', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await withReview(w);
    const { phone } = await voterReplies(w, 'not interested');
    const value = button(reviewPosts(w)[0]!, ACTION.reviewConfirmOptOut).value;
    const sentBefore = w.carrier.sent().length;
    const replies = await Promise.all(Array.from({ length: 20 }, () => w.handle(press(owner, ACTION.reviewConfirmOptOut, value))));
    expect(replies.filter((r) => r[0]?.kind === 'update')).toHaveLength(1);
    await w.settle();
    expect(w.carrier.sent().slice(sentBefore).filter((s) => s.to === phone)).toHaveLength(1);
    expect(await w.store.audit.list(org.id, { action: 'review.decided' })).toHaveLength(1);
  });

  it('Not an opt-out clears the flag; Take over and Reassign give the conversation away through the engine', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await withReview(w);
    await w.handle(command(ben, 'help'));
    const { conversation } = await voterReplies(w, 'not interested');
    const post = reviewPosts(w)[0]!;
    const dismissed = await w.handle(press(owner, ACTION.reviewNotOptOut, button(post, ACTION.reviewNotOptOut).value));
    expect(textOf(viewOf(dismissed[0]))).toContain('Not an opt-out · by Olivia Owner');
    expect((await w.store.conversations.get(org.id, conversation.id))!.pendingOptOutReview).toBe(false);
    expect(await w.store.optOuts.isOptedOut(org.id, conversation.voterPhone)).toBe(false);

    // A trigger word on the next text: a fresh item, reassigned to Ben from the select.
    await w.handle(command(owner, 'settings review_words:lawyer', { channelId: REVIEW }));
    await w.carrier.injectReply({ from: conversation.voterPhone, to: ORG_NUMBER, body: 'My LAWYER will call you' });
    await w.settle();
    const second = reviewPosts(w).at(-1)!;
    expect(textOf(second)).toContain('Trigger word');
    expect(textOf(second)).toContain('Matched: lawyer');
    const bens = (await w.store.members.findByPlatformUser(org.id, 'U-ben'))!;
    const option = selects(second).find((s) => s.id === ACTION.reviewReassign)!.options.find((o) => o.label === 'Ben')!;
    expect(option.value).toBe(ids(JSON.parse(option.value)[0], bens.id));
    const moved = await w.handle(press(owner, ACTION.reviewReassign, option.value));
    expect(textOf(viewOf(moved[0]))).toContain('Reassigned to Ben · by Olivia Owner');
    expect((await w.store.conversations.get(org.id, conversation.id))!.volunteerId).toBe(bens.id);
    expect(w.gateway.of('dm').some((c) => c.target === 'U-ben')).toBe(true);

    // Take over: the organizer becomes the volunteer.
    await w.carrier.injectReply({ from: conversation.voterPhone, to: ORG_NUMBER, body: 'lawyer again' });
    await w.settle();
    const third = reviewPosts(w).at(-1)!;
    await w.handle(press(owner, ACTION.reviewTakeOver, button(third, ACTION.reviewTakeOver).value));
    const me = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!;
    expect((await w.store.conversations.get(org.id, conversation.id))!.volunteerId).toBe(me.id);
    expect((await w.store.audit.list(org.id, { action: 'review.decided' })).map((e) => e.data.decision).sort()).toEqual(['not_opt_out', 'reassign', 'take_over']);
  });

  it('hostile and unsure triage readings go to review with their reading; a sure ordinary reply does not', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await withReview(w);
    const { conversation } = await voterReplies(w, 'yes I will vote');
    const before = reviewPosts(w).length;
    expect(before).toBe(0);
    const notifier = (await import('../../src/commands/notify.js')).createChatNotifier({
      store: w.store, engine: w.engine, gateways: { sandbox: w.gateway }, translator: (await import('./support/world.js')).translatorOf(await (await import('./support/world.js')).i18n()),
    });
    for (const [body, triage] of [
      ['you people are the worst', { intent: 'hostile', confidence: 0.9, source: 'rules' }],
      ['purple', { intent: 'other', confidence: 0.2, source: 'rules' }],
      ['sure thing', { intent: 'yes', confidence: 0.95, source: 'rules' }],
    ] as const) {
      const { message } = await w.store.messages.create(org.id, {
        orgId: org.id, campaignId: conversation.campaignId, contactId: conversation.contactId, conversationId: conversation.id,
        direction: 'inbound', kind: 'inbound', voterPhone: conversation.voterPhone, body, status: 'received', providerId: `SM-${body.length}`, triage: { ...triage },
      });
      await notifier.handle({ orgId: org.id, conversationId: conversation.id, messageId: message.id, kind: 'message', audience: 'volunteer' });
    }
    const posts = reviewPosts(w);
    expect(posts).toHaveLength(2);
    expect(textOf(posts[0]!)).toContain('Hostile reply');
    expect(textOf(posts[0]!)).toContain('Read as Hostile (90% sure)');
    expect(textOf(posts[1]!)).toContain('Unsure reading');
    // No opt-out buttons where nothing suggests an opt-out; the voter's text is quoted (escaped).
    expect(buttons(posts[0]!).map((b) => b.id)).toEqual([ACTION.reviewTakeOver]);
  });
});

describe('held first replies of new volunteers', () => {
  it('holds the typed reply until an organizer approves it, then sends it exactly as typed, once', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await withReview(w, 'review_channel:here review_hold:1');
    const { phone } = await voterReplies(w, 'Who is this?');
    const conversation = await freshConversation(w, phone);
    const sentBefore = w.carrier.sent().length;
    const held = await w.handle(typed(ana, conversation, 'Hi {firstName}, this is Ana. **Polls** open at 7!'));
    expect(textOf(viewOf(held[0]))).toContain('waiting for an organizer');
    await w.settle();
    expect(w.carrier.sent().length).toBe(sentBefore);
    const post = reviewPosts(w).at(-1)!;
    expect(textOf(post)).toContain("New volunteer's reply (held)");
    expect(quotes(post)).toContain('Hi {firstName}, this is Ana. **Polls** open at 7!');
    expect(quotes(post)).toContain('Who is this?');
    const approve = button(post, ACTION.reviewApprove).value;
    // Two organizers press at once: one text.
    const [a, b] = await Promise.all([w.handle(press(owner, ACTION.reviewApprove, approve)), w.handle(press(owner, ACTION.reviewApprove, approve))]);
    expect([a[0]?.kind, b[0]?.kind].filter((k) => k === 'update')).toHaveLength(1);
    await w.settle();
    const out = w.carrier.sent().slice(sentBefore);
    expect(out).toHaveLength(1);
    expect(out[0]!.body).toBe('Hi Maria, this is Ana. **Polls** open at 7!');
    const again = await w.handle(press(owner, ACTION.reviewApprove, approve));
    expect(textOf(viewOf(again[0]))).toContain('Already decided');
    await w.settle();
    expect(w.carrier.sent().slice(sentBefore)).toHaveLength(1);
    const audit = await w.store.audit.list(org.id, { action: 'review.decided' });
    expect(audit.map((e) => e.data.decision)).toEqual(['approve']);
    // Past the first reply: the next typed reply goes straight out.
    const direct = await w.handle(typed(ana, conversation, 'Thanks again!'));
    expect(textOf(viewOf(direct[0]))).toContain('Sent');
    await w.settle();
    expect(w.carrier.sent().slice(sentBefore).map((s) => s.body)).toEqual(['Hi Maria, this is Ana. **Polls** open at 7!', 'Thanks again!']);
  });

  it('Reject tells the volunteer why, in their language; the reply is not sent and does not count', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await withReview(w, 'review_channel:here review_hold:1');
    const anaEs = { ...ana, locale: 'es-419' };
    await w.handle(command(anaEs, 'help'));
    const { phone } = await voterReplies(w, 'Who is this?');
    const conversation = await freshConversation(w, phone);
    const sentBefore = w.carrier.sent().length;
    await w.handle(typed(anaEs, conversation, 'whatever dude'));
    const post = reviewPosts(w).at(-1)!;
    const reject = selects(post).find((s) => s.id === ACTION.reviewReject)!;
    expect(reject.options.map((o) => o.label)).toContain('the tone needs work');
    const tone = reject.options.find((o) => o.label === 'the tone needs work')!.value;
    const decided = await w.handle(press(organizer, ACTION.reviewReject, tone));
    expect(textOf(viewOf(decided[0]))).toContain('organizer'); // Olga is only a volunteer: refused
    const ok = await w.handle(press(owner, ACTION.reviewReject, tone));
    expect(textOf(viewOf(ok[0]))).toContain('Rejected: the tone needs work · by Olivia Owner');
    await w.settle();
    expect(w.carrier.sent().length).toBe(sentBefore);
    const told = w.gateway.of('postInThread').filter((c) => c.target === conversation.threads[0]!.threadId).at(-1)!;
    expect(textOf(told.view!)).toContain('Tu respuesta no se envió: el tono debe mejorar');
    // It did not count: the next typed reply is held again.
    expect(textOf(viewOf((await w.handle(typed(anaEs, conversation, 'Hola, soy Ana')))[0]))).toContain('espera la revisión');
    expect(await w.store.reviews.listPending(org.id)).toHaveLength(1);
  });

  it('organizers are never held, and nothing is held without a review channel', async () => {
    const w = await world();
    await runningCampaign(w);
    await w.handle(command(owner, 'settings review_hold:3', { channelId: REVIEW }));
    const { phone } = await voterReplies(w, 'Who is this?');
    const conversation = await freshConversation(w, phone);
    expect(textOf(viewOf((await w.handle(typed(ana, conversation, 'Hi!')))[0]))).toContain('Sent');
    expect(reviewPosts(w)).toHaveLength(0);
    await withReview(w);
    await w.handle(command(owner, `role grant <@U-ana> organizer`));
    expect(textOf(viewOf((await w.handle(typed(ana, conversation, 'Hi again!')))[0]))).toContain('Sent');
  });
});

describe('texts from unknown numbers', () => {
  const STRANGER = '+12025550177';

  it('go to #review (not the organizers) with Start conversation; the new conversation is the presser\'s', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w);
    await withReview(w);
    await w.carrier.injectReply({ from: STRANGER, to: ORG_NUMBER, body: 'Hi, can I volunteer? <!channel>' });
    await w.settle();
    const post = reviewPosts(w).at(-1)!;
    expect(textOf(post)).toContain('Unknown number');
    expect(quotes(post)).toContain('Hi, can I volunteer? <!channel>');
    expect(w.gateway.of('post').filter((c) => c.target === CHANNEL && textOf(c.view!).includes('matched no conversation'))).toHaveLength(0);
    expect(w.gateway.of('dm').filter((c) => textOf(c.view!).includes('matched no conversation'))).toHaveLength(0);
    const start = selects(post).find((s) => s.id === ACTION.reviewStart)!;
    expect(start.options.map((o) => o.label)).toEqual(['Get out the vote']);
    expect(textOf(viewOf((await w.handle(press(ana, ACTION.reviewStart, start.options[0]!.value)))[0]))).toContain('organizer');
    const started = await w.handle(press(owner, ACTION.reviewStart, start.options[0]!.value));
    expect(textOf(viewOf(started[0]))).toContain('Conversation started in Get out the vote · by Olivia Owner');
    const me = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!;
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, STRANGER))!;
    expect(conversation).toMatchObject({ campaignId, volunteerId: me.id });
    expect((await w.store.contacts.get(org.id, conversation.contactId))).toMatchObject({ status: 'needs_reply', volunteerId: me.id });
    expect(w.gateway.of('postInThread').some((c) => quotes(c.view!).includes('Hi, can I volunteer? <!channel>'))).toBe(true);
    // The organizer answers in the thread; the voter's next text comes back to that thread.
    const fresh = (await w.store.conversations.get(org.id, conversation.id))!;
    expect(textOf(viewOf((await w.handle(typed(owner, fresh, 'Thanks for writing! Yes, you can.')))[0]))).toContain('Sent');
    await w.settle();
    expect(w.carrier.sent().at(-1)).toMatchObject({ to: STRANGER, body: 'Thanks for writing! Yes, you can.' });
    await w.carrier.injectReply({ from: STRANGER, to: ORG_NUMBER, body: 'Great' });
    await w.settle();
    expect(w.gateway.of('postInThread').some((c) => c.target === fresh.threads[0]!.threadId && quotes(c.view!).includes('Great'))).toBe(true);
    expect(textOf(viewOf((await w.handle(press(owner, ACTION.reviewStart, start.options[0]!.value)))[0]))).toContain('Already decided');
  });

  it('STOP, START and HELP from an unknown number are honoured exactly as without a review channel (R1.1, R1.3, R1.9)', async () => {
    const outcomes: { optedOut: boolean[]; sent: string[] }[] = [];
    for (const review of [false, true]) {
      const w = await world();
      const { org } = await runningCampaign(w);
      if (review) await withReview(w);
      const optedOut: boolean[] = [];
      for (const body of ['STOP', 'START', 'Stop.', 'HELP']) {
        await w.carrier.injectReply({ from: STRANGER, to: ORG_NUMBER, body });
        await w.settle();
        optedOut.push(await w.store.optOuts.isOptedOut(org.id, STRANGER));
      }
      outcomes.push({ optedOut, sent: w.carrier.sent().filter((s) => s.to === STRANGER).map((s) => s.body) });
      if (review) {
        const posts = reviewPosts(w);
        expect(posts).toHaveLength(4);
        // No Start control for a number that just opted out.
        expect(selects(posts[0]!)).toEqual([]);
      }
    }
    expect(outcomes[0]!.optedOut).toEqual([true, false, true, true]);
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[0]!.sent.length).toBeGreaterThanOrEqual(2);
    expect(outcomes[0]!.sent.at(-1)).toContain('Texas Forward');
  });
});
