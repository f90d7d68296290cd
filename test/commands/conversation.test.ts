// Issue 7: the card's side exits, campaign status moves, settings, and conversations: threads
// per visibility, one-press answers (R1.4b opt-out confirm, survey, tags), organizer routing,
// typed replies outside hours, and what happens without chat access.
import { describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import { createChatNotifier } from '../../src/commands/notify.js';
import type { Reply } from '../../src/core/views/view.js';
import { ORG_NUMBER, button, buttons, command, i18n, interactionId, press, quotes, selects, submit, textOf, translatorOf, viewOf, world, type World } from './support/world.js';
import { CHANNEL, ana, ben, owner, runningCampaign } from './support/scenario.js';

async function textedAndReplied(w: World, body: string): Promise<{ phone: string; inbound: ReturnType<typeof viewOf> }> {
  const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
  await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
  await w.settle();
  const phone = w.carrier.sent()[0]!.to;
  await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body });
  await w.settle();
  return { phone, inbound: w.gateway.of('postInThread').at(-1)!.view! };
}

async function survey(w: World): Promise<void> {
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  const campaign = (await w.store.campaigns.findBySlug(org.id, 'gotv'))!;
  const by = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id;
  await w.engine.campaigns.updateSurvey(org.id, campaign.id, [
    { id: 'vote', text: 'Will they vote?', answers: [{ id: 'yes', label: 'Yes', reply: { en: 'Great, thank you {firstName}!' }, nextQuestionId: 'how' }, { id: 'no', label: 'No' }] },
    { id: 'how', text: 'How?', answers: [{ id: 'mail', label: 'By mail' }] },
  ], by);
  await w.engine.campaigns.updateTags(org.id, campaign.id, [{ id: 'lead', label: 'Volunteer lead' }], by);
}

describe('the contact card', () => {
  it('Skip and Wrong number update the card in place; End session releases the rest and edits the post', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
    let card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    expect(buttons(card).map((b) => b.id)).toEqual([ACTION.send, ACTION.skip, ACTION.wrongNumber, ACTION.endSession]);
    const skipped = await w.handle(press(ana, ACTION.skip, button(card, ACTION.skip).value));
    card = viewOf(skipped[0]);
    expect(skipped[0]?.kind).toBe('update');
    expect(textOf(card)).toContain('Skipped.');
    expect(textOf(card)).toContain('2 of 5');
    const wrong = await w.handle(press(ana, ACTION.wrongNumber, button(card, ACTION.wrongNumber).value));
    expect(wrong[0]?.kind).toBe('update');
    expect(textOf(viewOf(wrong[0]))).toContain('wrong number');
    expect(await w.store.optOuts.isOptedOut(org.id, '+12125550102')).toBe(true);
    const updatesBefore = w.gateway.of('update').length;
    const ended = await w.handle(press(ana, ACTION.endSession, button(card, ACTION.endSession).value));
    expect(textOf(viewOf(ended[0]))).toContain('3 voter(s) went back');
    expect(w.gateway.of('update').length).toBe(updatesBefore + 1);
    expect(textOf(w.gateway.of('update').at(-1)!.view!)).toContain('**3** voters left to claim');
    await w.settle();
    expect(w.carrier.sent()).toEqual([]);
  });

  it('the finished card offers another batch and turns into it', async () => {
    const w = await world();
    await runningCampaign(w);
    let card = viewOf((await w.handle(command(ana, 'claim gotv 1')))[0]);
    card = viewOf((await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value)))[0]);
    expect(textOf(card)).toContain('Batch done');
    const more = await w.handle(press(ana, ACTION.claimMore, button(card, ACTION.claimMore).value));
    expect(more[0]?.kind).toBe('update');
    expect(textOf(viewOf(more[0]))).toContain('1 of 4');
  });

  it('release gives back unsent voters', async () => {
    const w = await world();
    await runningCampaign(w);
    expect(textOf(viewOf((await w.handle(command(ana, 'release gotv')))[0]))).toContain('no open batch');
    await w.handle(command(ana, 'claim gotv 2'));
    expect(textOf(viewOf((await w.handle(command(ana, 'release')))[0]))).toContain('Released 1 batch(es) in Get out the vote: 2 voter(s) went back');
  });
});

describe('campaign status', () => {
  it('pause stops claims, resume restarts them, archive asks once more then releases batches', async () => {
    const w = await world();
    await runningCampaign(w);
    await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
    await w.handle(command(ana, 'claim gotv 2'));
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign pause')))[0]))).toContain('is paused');
    expect(textOf(w.gateway.of('update').at(-1)!.view!)).toContain('Paused');
    expect(button(w.gateway.of('update').at(-1)!.view!, ACTION.claim).disabled).toBe(true);
    expect(textOf(viewOf((await w.handle(command(ben, 'claim gotv')))[0]))).toContain('is paused');
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign resume gotv')))[0]))).toContain('running again');
    const confirm = viewOf((await w.handle(command(owner, 'campaign archive gotv')))[0]);
    expect(textOf(confirm)).toContain('1 open batch(es) will be released');
    const archived = await w.handle(press(owner, ACTION.archive, button(confirm, ACTION.archive).value));
    expect(archived[0]?.kind).toBe('update');
    expect(textOf(viewOf(archived[0]))).toContain('is archived');
    expect(textOf(viewOf((await w.handle(command(ana, 'claim gotv')))[0]))).toContain('archived');
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign list --all')))[0]))).toContain('archived');
  });

  it('start refuses a script that fails the checks, listing them (R3.1 R3.2)', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const [opened] = await w.handle(command(owner, 'script edit gotv en'));
    if (opened?.kind !== 'modal') throw new Error('modal');
    await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial: 'Hi {firstName}, will you vote?' }));
    const refused = textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]));
    expect(refused).toContain('The script has 2 problem(s)');
    expect(refused).toContain('R3.1');
    expect(refused).toContain('R3.2');
    const shown = textOf(viewOf((await w.handle(command(owner, 'script show gotv')))[0]));
    expect(shown).toContain('Hi {firstName}, will you vote?');
    expect(shown).toContain('No Spanish script yet');
  });
});

describe('settings (owners)', () => {
  it('validates and saves the org name, help contact, opt-out texts and visibility', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await w.handle(command(owner, 'role grant <@U-ana>'));
    expect(textOf(viewOf((await w.handle(command(ana, 'settings')))[0]))).toContain('owner role');
    const [opened] = await w.handle(command(owner, 'settings'));
    if (opened?.kind !== 'modal') throw new Error('modal');
    expect(opened.modal.inputs.map((i) => i.id)).toEqual(['name', 'help_contact', 'optout_en', 'optout_es', 'visibility']);
    expect(opened.modal.inputs.length).toBeLessThanOrEqual(5); // Discord's modal limit
    const bad = await w.handle(submit(owner, MODAL.settings, undefined, { name: '', optout_en: 'x'.repeat(400) }));
    expect(bad[0]).toMatchObject({ kind: 'modalErrors' });
    expect(Object.keys((bad[0] as Extract<Reply, { kind: 'modalErrors' }>).errors).sort()).toEqual(['name', 'optout_en']);
    const ok = await w.handle(submit(owner, MODAL.settings, '', { name: 'Texas Forward PAC', help_contact: 'help@tf.org', optout_es: 'Texas Forward: no recibirás más mensajes.', visibility: 'channel' }));
    expect(textOf(viewOf(ok[0]))).toContain('Check your scripts');
    const saved = await w.store.orgs.get(org.id);
    expect(saved).toMatchObject({ name: 'Texas Forward PAC', helpContact: 'help@tf.org', optOutConfirmation: { es: 'Texas Forward: no recibirás más mensajes.' }, conversationVisibility: 'channel' });
  });
});

describe('conversations', () => {
  it("channel visibility: the thread opens in the campaign channel with the volunteer in it", async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await w.store.orgs.update(org.id, { conversationVisibility: 'channel' });
    await textedAndReplied(w, 'sure');
    const [thread] = w.gateway.of('startThread');
    expect(thread?.target).toBe(CHANNEL);
    expect(thread?.opts).toEqual({ name: 'Maria · (212) •••-0101', memberIds: ['U-ana'] });
    expect(w.gateway.of('dm')).toEqual([]);
  });

  it('a probable opt-out is confirmed with one press (R1.4b); survey answers send nothing until their own press (R5.2c)', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    await survey(w);
    const { phone, inbound } = await textedAndReplied(w, 'not interested');
    expect(textOf(inbound)).toContain('May want to opt out');
    const sentBefore = w.carrier.sent().length;
    // Survey: recording the answer sends nothing; the suggested reply goes only with its own press.
    const answered = viewOf((await w.handle(press(ana, ACTION.survey, button(inbound, ACTION.survey).value)))[0]);
    expect(textOf(answered)).toContain('✓ Recorded: Will they vote? → **Yes**');
    expect(button(answered, ACTION.survey).label).toBe('By mail'); // the next question
    await w.settle();
    expect(w.carrier.sent().length).toBe(sentBefore);
    const sent = await w.handle(press(ana, ACTION.surveyReply, button(answered, ACTION.surveyReply).value));
    expect(quotes(viewOf(sent[0]))).toEqual(['Great, thank you Maria!']);
    await w.settle();
    expect(w.carrier.sent().at(-1)?.body).toBe('Great, thank you Maria!');
    // Tag.
    const tag = selects(inbound)[0]!;
    await w.handle(press(ana, ACTION.tag, tag.options[0]!.value));
    const contact = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    expect((await w.store.contacts.get(org.id, contact.contactId))?.tags).toEqual(['lead']);
    // Opt-out confirm, by Ana only.
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.confirmOptOut, button(inbound, ACTION.confirmOptOut).value)))[0]))).toContain('another volunteer');
    const confirmed = await w.handle(press(ana, ACTION.confirmOptOut, button(inbound, ACTION.confirmOptOut).value));
    expect(confirmed[0]).toMatchObject({ kind: 'thread' });
    expect(await w.store.optOuts.isOptedOut(org.id, phone)).toBe(true);
    // Nothing more can be texted to them (R1.2).
    const canned = await w.handle(press(ana, ACTION.canned, button(inbound, ACTION.canned).value));
    expect(textOf(viewOf(canned[0]))).toContain('has opted out');
  });

  it('a typed reply outside texting hours is refused with a readable time (R2.5)', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    const { phone } = await textedAndReplied(w, 'ok');
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    w.clock.advance(12 * 3_600_000); // 22:00 in New York
    const ref = conversation.threads[0]!;
    const [reply] = await w.handle({ kind: 'thread_message', actor: ana, channelId: ref.channelId, threadId: ref.threadId!, text: 'hello?', interactionId: interactionId() });
    const text = textOf(viewOf(reply));
    expect(text).toContain('outside texting hours');
    expect(text).toMatch(/Wed, Nov 18, \d\d:\d\d UTC/);
    expect(await w.handle({ kind: 'thread_message', actor: ana, channelId: 'C-elsewhere', threadId: '1', text: 'hi', interactionId: interactionId() })).toEqual([]);
  });

  it('a text from an unknown number goes to the organizers, with no reassign', async () => {
    const w = await world();
    await runningCampaign(w);
    await w.carrier.injectReply({ from: '+13125550188', to: ORG_NUMBER, body: 'hello?' });
    await w.settle();
    const dms = w.gateway.of('dm');
    expect(dms.map((d) => d.target)).toEqual(['U-owner']);
    expect(textOf(dms[0]!.view!)).toContain('(312) •••-0188 matched no conversation');
    expect(selects(dms[0]!.view!)).toEqual([]);
  });

  it('the notifier skips quietly when the platform has no gateway here', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    const warned: object[] = [];
    const notifier = createChatNotifier({ store: w.store, engine: w.engine, gateways: {}, translator: translatorOf(await i18n()), log: { warn: (o) => void warned.push(o) } });
    const message = await w.store.messages.create(org.id, { orgId: org.id, direction: 'inbound', kind: 'inbound', voterPhone: '+13125550188', body: 'x', status: 'received', providerId: 'SMx' });
    expect(await notifier.handle({ orgId: org.id, messageId: message.message.id, kind: 'message', audience: 'organizers' })).toBe('skipped');
    expect(warned).toHaveLength(1);
    await expect(notifier.handle({ orgId: org.id })).rejects.toThrow();
  });
});

describe('without chat access', () => {
  it('post is a channel reply; claims and sends still work', async () => {
    const w = await world({ chat: false });
    await runningCampaign(w);
    const [post] = await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
    expect(post).toMatchObject({ kind: 'channel', channelId: CHANNEL });
    const card = viewOf((await w.handle(press(ana, ACTION.claim, button(viewOf(post), ACTION.claim).value)))[0]);
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    expect(w.carrier.sent()).toHaveLength(1);
    expect(w.gateway.calls.filter((c) => c.op !== 'dm')).toEqual([]);
  });
});

describe('sandbox demo', () => {
  it('loads the demo and posts its Claim button when the sandbox exists', async () => {
    let loaded = '';
    const w = await world({
      sandbox: {
        loadDemo: async (orgId) => {
          const campaign = await w.store.campaigns.findBySlug(orgId, 'gotv');
          loaded = campaign!.id;
          return { campaignId: loaded };
        },
      },
    });
    await runningCampaign(w);
    const replies = await w.handle(command(owner, 'sandbox demo', { channelId: CHANNEL }));
    expect(loaded).not.toBe('');
    expect(textOf(viewOf(replies.at(-1)))).toContain('Loaded the demo campaign');
    expect(w.gateway.of('post').map((p) => p.target)).toEqual([CHANNEL]);
    const plain = await world();
    await plain.handle(command(owner, 'setup X'));
    expect(textOf(viewOf((await plain.handle(command(owner, 'sandbox demo')))[0]))).toContain('only available in the sandbox');
  });
});
