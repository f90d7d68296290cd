// Issue 7: a whole campaign through the dispatcher, with no chat platform at all. Setup, create,
// import a real CSV through the real importer, script edit (modal), start, post, claim, Send x3,
// a duplicate press, a voter reply -> chat.notify -> thread, a typed thread reply sent as SMS,
// canned and survey presses, STOP -> opted out, and the stats numbers. Test names cite rules.
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import type { Reply } from '../../src/core/views/view.js';
import { FIXTURES, ORG_NUMBER, actor, button, command, interactionId, press, quotes, selects, submit, textOf, viewOf, world, type World } from './support/world.js';

const owner = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true });
const ana = actor('U-ana', 'Ana');
const ben = actor('U-ben', 'Ben', { locale: 'es-419' });
const CHANNEL = 'C-gotv';
const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote on Nov 3 in {city}? Reply STOP to opt out.';

function one(replies: Reply[], kind: Reply['kind']): Reply {
  const found = replies.filter((r) => r.kind === kind);
  expect(found, JSON.stringify(replies)).toHaveLength(1);
  return found[0] as Reply;
}

async function organizerSetsUp(w: World): Promise<string> {
  expect(textOf(viewOf((await w.handle(command(owner, 'setup "Texas Forward"')))[0]))).toContain('Texas Forward');
  const created = await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: CHANNEL }));
  expect(textOf(viewOf(created[0]))).toContain('gotv');
  const optedOut = await w.handle(command(owner, 'optout add (718) 555-0105'));
  expect(textOf(viewOf(optedOut[0]))).toContain('(718) •••-0105');
  const campaign = await w.store.campaigns.findBySlug((await w.store.orgs.findByExternal('sandbox', 'T-texas'))!.id, 'gotv');
  return campaign!.id;
}

describe('commands end to end through the dispatcher (issue 7)', () => {
  it('runs a campaign from setup to stats (R1.2 R1.4 R1.6 R3.1 R3.2 R5.2 R5.3)', async () => {
    const w = await world();
    const campaignId = await organizerSetsUp(w);
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    expect(org.sms.numbers).toEqual([ORG_NUMBER]);

    // --- import a real CSV through the FileService double (real adapter + real importer) ---
    const progress: Reply[] = [];
    const imported = await w.handle(
      command(owner, 'import gotv', { attachments: [{ name: 'voters.csv', url: pathToFileURL(`${FIXTURES}voters.csv`).href }], interim: async (r) => void progress.push(r) }),
    );
    const report = textOf(viewOf(imported[0]));
    expect(report).toContain('Imported 4 of 7 rows: 1 duplicates, 1 opted out, 1 invalid.');
    expect(report).toContain('Line 6: not a phone number');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(textOf(viewOf(progress[0]))).toContain('Importing voters.csv');

    // --- script edit: a modal, then the submit saves through the engine and shows findings ---
    const opened = one(await w.handle(command(owner, 'script edit gotv en')), 'modal');
    if (opened.kind !== 'modal') throw new Error('no modal');
    expect(opened.modal.inputs.map((i) => i.id)).toEqual(['initial', 'follow_ups', 'canned']);
    const saved = await w.handle(submit(owner, opened.modal.id, opened.modal.privateValue, { initial: SCRIPT, follow_ups: '', canned: 'Thanks: Thanks {firstName}!' }));
    const savedText = textOf(viewOf(saved[0]));
    expect(savedText).toContain('Saved the English script');
    expect(savedText).not.toContain('❌');
    await w.engine.campaigns.updateSurvey(org.id, campaignId, [
      { id: 'vote', text: 'Will they vote?', answers: [{ id: 'yes', label: 'Yes', reply: { en: 'Great, thank you {firstName}!' } }, { id: 'no', label: 'No' }] },
    ], (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id);
    await w.engine.campaigns.updateTags(org.id, campaignId, [{ id: 'volunteer_lead', label: 'Volunteer lead' }], (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id);

    // --- start and post (the post's ref is stored so later claims edit it) ---
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]))).toContain('is running');
    const posted = await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
    expect(textOf(viewOf(posted[0]))).toContain('Posted');
    const [post] = w.gateway.of('post');
    expect(post?.target).toBe(CHANNEL);
    expect(textOf(post!.view!)).toContain('**4** voters left to claim');
    expect((await w.store.campaigns.get(org.id, campaignId))?.postRef).toEqual(post?.ref);

    // --- Ana presses Claim on the post: her card; the post now says 0 left ---
    const claimed = one(await w.handle(press(ana, ACTION.claim, button(post!.view!, ACTION.claim).value, interactionId(), CHANNEL)), 'ephemeral');
    let card = viewOf(claimed);
    expect(card.blocks.find((b) => b.type === 'actions' && b.elements[0]?.type === 'button' && b.elements[0].id === ACTION.send)).toBeDefined();
    expect(button(card, ACTION.send).style).toBe('primary');
    expect(textOf(card)).toContain('1 of 4');
    const edits = w.gateway.of('update');
    expect(edits).toHaveLength(1);
    expect(textOf(edits[0]!.view!)).toContain('**0** voters left to claim');

    // --- Send x3, distinct interaction ids: the card updates in place each time (R5.2a, R5.2e) ---
    const previewed: string[] = [];
    let lastPress = { id: '', value: '' };
    for (let i = 0; i < 3; i += 1) {
      previewed.push(quotes(card)[0]!);
      lastPress = { id: interactionId(), value: button(card, ACTION.send).value! };
      const r = await w.handle(press(ana, ACTION.send, lastPress.value, lastPress.id));
      card = viewOf(one(r, 'update'));
      expect(textOf(card)).toContain('✓ Sent to');
    }
    expect(textOf(card)).toContain('4 of 4');

    // The platform delivers the third press again (same interaction id): nothing more is sent (R5.2b).
    const again = await w.handle(press(ana, ACTION.send, lastPress.value, lastPress.id));
    expect(again.map((r) => r.kind)).toContain('ephemeral');
    // Ben presses Ana's current Send: refused, nothing sent (DESIGN: button values carry no authority).
    const stolen = await w.handle(press(ben, ACTION.send, button(card, ACTION.send).value));
    expect(stolen).toHaveLength(1);
    expect(textOf(viewOf(stolen[0]))).toContain('es de otro voluntario. No se envió nada.');
    await w.settle();
    const sent = w.carrier.sent();
    expect(sent.map((s) => s.body)).toEqual(previewed);
    expect(previewed[0]).toBe('Hi Maria, this is Ana with Texas Forward. Can we count on your vote on Nov 3 in New York? Reply STOP to opt out.');

    // --- the voter replies: chat.notify opens a thread in Ana's DM with the header, then the message ---
    await w.carrier.injectReply({ from: sent[0]!.to, to: ORG_NUMBER, body: 'Yes! *Count* me in @everyone' });
    await w.settle();
    const [root] = w.gateway.of('dm');
    expect(root?.target).toBe('U-ana');
    expect(textOf(root!.view!)).toContain('**Maria** · (212) •••-0101 · Get out the vote');
    const inbound = w.gateway.of('postInThread').at(-1)!;
    expect(quotes(inbound.view!)).toEqual(['Yes! *Count* me in @everyone']);
    const nonQuote = inbound.view!.blocks.filter((b) => b.type !== 'quote').flatMap((b) => ('text' in b ? [b.text] : []));
    expect(nonQuote.join(' ')).not.toContain('Count');
    expect(button(inbound.view!, ACTION.canned).label).toBe('Thanks');
    expect(button(inbound.view!, ACTION.survey).label).toBe('Yes');
    expect(selects(inbound.view!)[0]?.id).toBe(ACTION.tag);
    const conversation = await w.store.conversations.findLatestForPhone(org.id, sent[0]!.to);
    expect(conversation?.threads).toEqual([{ ...root!.ref, threadId: root!.ref!.messageId }]);

    // --- Ana types in the thread: sent as SMS through the same checks ---
    const thread = conversation!.threads[0]!;
    const typed = await w.handle({ kind: 'thread_message', actor: ana, channelId: thread.channelId, threadId: thread.threadId!, text: 'Great, see you at the polls!', interactionId: interactionId() });
    expect(textOf(viewOf(typed[0]))).toContain('Sent (1 segment(s), GSM-7)');
    // Ben typing in Ana's thread never texts the voter.
    const intruder = await w.handle({ kind: 'thread_message', actor: ben, channelId: thread.channelId, threadId: thread.threadId!, text: 'hola', interactionId: interactionId() });
    expect(textOf(viewOf(intruder[0]))).toContain('Ana');
    // Canned reply and a survey answer, one press each.
    const canned = one(await w.handle(press(ana, ACTION.canned, button(inbound.view!, ACTION.canned).value)), 'thread');
    expect(quotes(viewOf(canned))).toEqual(['Thanks Maria!']);
    const answered = one(await w.handle(press(ana, ACTION.survey, button(inbound.view!, ACTION.survey).value)), 'thread');
    expect(quotes(viewOf(answered))).toEqual(['Great, thank you Maria!']);
    await w.settle();
    expect(w.carrier.sent().slice(3).map((s) => s.body)).toEqual(['Great, see you at the polls!', 'Thanks Maria!']);

    // --- STOP from the second voter: opted out org-wide, one confirmation (R1.4a, R1.6) ---
    await w.carrier.injectReply({ from: sent[1]!.to, to: ORG_NUMBER, body: 'STOP' });
    await w.settle();
    expect(await w.store.optOuts.isOptedOut(org.id, sent[1]!.to)).toBe(true);
    const stopView = w.gateway.of('postInThread').at(-1)!.view!;
    expect(quotes(stopView)).toEqual(['STOP']);
    expect(textOf(stopView)).toContain('Opted out');
    expect(w.carrier.sent().at(-1)?.body).toContain('You are unsubscribed');

    // --- stats ---
    const stats = textOf(viewOf((await w.handle(command(owner, 'stats gotv')))[0]));
    expect(stats).toContain('First texts: 3 of 4');
    expect(stats).toContain('33% (1)'); // replied contacts / initials; and opt-outs / initials
    expect(stats).toContain('Ana');
    expect(stats).toContain('Will they vote?');
    expect(w.errors).toEqual([]);
  });

  it('an organizer reassigns a reply whose batch was released; the new volunteer gets the thread', async () => {
    const w = await world();
    const campaignId = await organizerSetsUp(w);
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    await w.handle(command(owner, 'import gotv', { attachments: [{ name: 'voters.csv', url: pathToFileURL(`${FIXTURES}voters.csv`).href }] }));
    const opened = one(await w.handle(command(owner, 'script edit gotv en')), 'modal');
    if (opened.kind !== 'modal') throw new Error('no modal');
    await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial: SCRIPT }));
    await w.handle(command(owner, 'campaign start gotv'));
    const card = viewOf((await w.handle(command(ana, 'claim gotv 2')))[0]);
    expect(textOf(card)).toContain('1 of 2');
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    const ended = one(await w.handle(press(ana, ACTION.endSession, button(card, ACTION.endSession).value)), 'update');
    expect(textOf(viewOf(ended))).toContain('1 voter(s) went back');
    await w.settle();
    const to = w.carrier.sent()[0]!.to;
    await w.carrier.injectReply({ from: to, to: ORG_NUMBER, body: 'who is this?' });
    await w.settle();
    const toOrganizers = w.gateway.of('post').filter((c) => c.target === CHANNEL);
    expect(toOrganizers).toHaveLength(1);
    const view = toOrganizers[0]!.view!;
    expect(quotes(view)).toEqual(['who is this?']);
    const reassign = selects(view)[0]!;
    const benOption = reassign.options.find((o) => o.label === 'Ben');
    expect(benOption).toBeUndefined(); // Ben never used Textbank yet: not a member
    await w.handle(command(ben, 'help'));
    // The organizer takes it; then a volunteer cannot reassign (organizer only).
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.reassignSelf, button(view, ACTION.reassignSelf).value)))[0]))).toContain('organizador');
    const taken = one(await w.handle(press(owner, ACTION.reassignSelf, button(view, ACTION.reassignSelf).value)), 'update');
    expect(textOf(viewOf(taken))).toContain('Assigned to Olivia Owner');
    const conversation = await w.store.conversations.findLatestForPhone(org.id, to);
    const ownerMember = await w.store.members.findByPlatformUser(org.id, 'U-owner');
    expect(conversation?.volunteerId).toBe(ownerMember?.id);
    expect(w.gateway.of('dm').map((c) => c.target)).toContain('U-owner');
    expect(quotes(w.gateway.of('postInThread').at(-1)!.view!)).toEqual(['who is this?']);
    void campaignId;
    expect(w.errors).toEqual([]);
  });
});
