// `/textbank survey` and `/textbank tags`: free text and typed options end in the same survey,
// the form refuses bad input field by field and saves nothing, ids survive edits, reorder and
// remove relink the questions, caps are refused with a readable reason in en and es, volunteers
// are refused, and a survey made through the commands reaches the voter's conversation and the
// tallies.
import { describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import { MAX_SURVEY_QUESTIONS, MAX_TAGS, type Campaign } from '../../src/core/model/campaign.js';
import type { Modal, Reply } from '../../src/core/views/view.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import { ORG_NUMBER, actor, button, buttons, command, i18n, interactionId, press, selects, submit, textOf, viewOf, world, type World } from './support/world.js';
import { ana, owner, runningCampaign } from './support/scenario.js';

const ownerEs = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-419' });

function typed(a: typeof owner, path: string[], options: Record<string, string>): Invocation {
  return { kind: 'command', actor: a, path, options, interactionId: interactionId(), channelId: 'C-general' };
}

async function campaign(w: World): Promise<Campaign> {
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  return (await w.store.campaigns.findBySlug(org.id, 'gotv'))!;
}

async function say(w: World, inv: Invocation): Promise<string> {
  return textOf(viewOf((await w.handle(inv))[0]));
}

async function openModal(w: World, inv: Invocation): Promise<Modal> {
  const [reply] = await w.handle(inv);
  if (reply?.kind !== 'modal') throw new Error(`expected a modal, got ${JSON.stringify(reply)}`);
  return reply.modal;
}

function fieldErrors(reply: Reply | undefined): Record<string, string> {
  if (reply?.kind !== 'modalErrors') throw new Error(`expected field errors, got ${JSON.stringify(reply)}`);
  return reply.errors;
}

describe('survey questions from free text, typed options and the form', () => {
  it('free text (Slack, sandbox) and typed options (Discord) save the same question', async () => {
    const a = await world();
    await runningCampaign(a, { start: false });
    const b = await world();
    await runningCampaign(b, { start: false });
    const shown = await say(a, command(owner, 'survey add gotv "Will you vote?" Yes: Great, see you at the polls! | No | Maybe'));
    await b.handle(typed(owner, ['survey', 'add'], { campaign: 'gotv', text: 'Will you vote?', answers: 'Yes: Great, see you at the polls! | No | Maybe' }));
    const expected = [
      {
        id: 'will_you_vote',
        text: 'Will you vote?',
        answers: [
          { id: 'yes', label: 'Yes', reply: { en: 'Great, see you at the polls!' } },
          { id: 'no', label: 'No' },
          { id: 'maybe', label: 'Maybe' },
        ],
      },
    ];
    expect((await campaign(a)).survey).toEqual(expected);
    expect((await campaign(b)).survey).toEqual(expected);
    expect(shown).toContain('Added question 1: Will you vote?');
    expect(shown).toContain('`will_you_vote`');
    expect(shown).toContain('suggested reply: “Great, see you at the polls!”');

    await say(a, command(owner, 'tags add gotv Volunteer prospect, Needs ride'));
    await b.handle(typed(owner, ['tags', 'add'], { campaign: 'gotv', tags: 'Volunteer prospect, Needs ride' }));
    const tags = [{ id: 'volunteer_prospect', label: 'Volunteer prospect' }, { id: 'needs_ride', label: 'Needs ride' }];
    expect((await campaign(a)).tags).toEqual(tags);
    expect((await campaign(b)).tags).toEqual(tags);
  });

  it('the form: bad input gets an error on each wrong field and saves nothing; good input saves both languages', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const modal = await openModal(w, command(owner, 'survey add gotv'));
    expect(modal.id).toBe(MODAL.surveyQuestion);
    expect(modal.inputs.map((i) => [i.id, i.kind, i.optional ?? false])).toEqual([['text', 'text', false], ['answers', 'textarea', false], ['replies_es', 'textarea', true]]);
    expect(modal.inputs.length).toBeLessThanOrEqual(5); // Discord's modal limit

    const bad = fieldErrors((await w.handle(submit(owner, MODAL.surveyQuestion, modal.privateValue, {
      text: ' ',
      answers: `Yes: Great!\n${'L'.repeat(76)}\nNo`,
      replies_es: 'Si: ¡Genial!',
    })))[0]);
    expect(Object.keys(bad).sort()).toEqual(['answers', 'replies_es', 'text']);
    expect(bad.replies_es).toBe('Line 1: there is no answer “Si” in the answers above.');
    expect(bad.text).toBe('Write the question.');
    expect(bad.answers).toBe(`Answer 2 (“${'L'.repeat(29)}…”) is too long: at most 75 characters.`);
    expect((await campaign(w)).survey).toEqual([]);

    const saved = await w.handle(submit(owner, MODAL.surveyQuestion, modal.privateValue, {
      text: 'Will you vote?',
      answers: 'Yes: Great, see you there!\nNo\nMaybe',
      replies_es: 'Yes: ¡Genial, nos vemos allí!\n\nMaybe: Te escribimos más cerca del día.',
    }));
    expect(textOf(viewOf(saved[0]))).toContain('Added question 1');
    expect((await campaign(w)).survey[0]?.answers).toEqual([
      { id: 'yes', label: 'Yes', reply: { en: 'Great, see you there!', es: '¡Genial, nos vemos allí!' } },
      { id: 'no', label: 'No' },
      { id: 'maybe', label: 'Maybe', reply: { es: 'Te escribimos más cerca del día.' } },
    ]);
  });

  it('an edit keeps the question id and the ids of answers whose label is unchanged', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    await w.handle(command(owner, 'survey add gotv "Will you vote?" Yes: Great! | No | Maybe'));
    const opened = await openModal(w, command(owner, 'survey edit gotv will_you_vote'));
    expect(opened.inputs.map((i) => i.initial)).toEqual(['Will you vote?', 'Yes: Great!\nNo\nMaybe', '']);
    await w.handle(submit(owner, MODAL.surveyQuestion, opened.privateValue, {
      text: 'Will you vote on November 3?',
      answers: 'no\nYES: Great, thank you!\nNot sure',
      replies_es: 'YES: ¡Genial, gracias!',
    }));
    let q = (await campaign(w)).survey[0]!;
    expect(q.id).toBe('will_you_vote');
    expect(q.text).toBe('Will you vote on November 3?');
    expect(q.answers.map((a) => [a.id, a.label])).toEqual([['no', 'no'], ['yes', 'YES'], ['not_sure', 'Not sure']]);
    // A free-text edit in English keeps the Spanish replies of answers it keeps.
    await w.handle(command(owner, 'survey edit gotv 1 "Will you vote on Nov 3?" YES: Thanks! | no'));
    q = (await campaign(w)).survey[0]!;
    expect(q.answers).toEqual([
      { id: 'yes', label: 'YES', reply: { en: 'Thanks!', es: '¡Genial, gracias!' } },
      { id: 'no', label: 'no' },
    ]);
    // Text only: the answers stay as they are.
    await w.handle(typed(owner, ['survey', 'edit'], { campaign: 'gotv', question: 'will_you_vote', text: 'Will you vote early?' }));
    expect((await campaign(w)).survey[0]).toEqual({ ...q, text: 'Will you vote early?' });
  });

  it('reorder moves a question and relinks every answer to the next question; remove relinks too', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    await w.handle(command(owner, 'survey add gotv "Will you vote?" Yes | No'));
    await w.handle(command(owner, 'survey add gotv "How will you vote?" Early | By mail | On the day'));
    await w.handle(command(owner, 'survey add gotv "Can you volunteer?" Yes | No'));
    const order = async () => (await campaign(w)).survey.map((q) => [q.id, [...new Set(q.answers.map((a) => a.nextQuestionId ?? null))]]);
    expect(await order()).toEqual([['will_you_vote', ['how_will_you_vote']], ['how_will_you_vote', ['can_you_volunteer']], ['can_you_volunteer', [null]]]);

    const moved = await say(w, command(owner, 'survey reorder gotv can_you_volunteer first'));
    expect(moved).toContain('Moved “Can you volunteer?” to position 1.');
    expect(await order()).toEqual([['can_you_volunteer', ['will_you_vote']], ['will_you_vote', ['how_will_you_vote']], ['how_will_you_vote', [null]]]);
    await w.handle(typed(owner, ['survey', 'reorder'], { campaign: 'gotv', question: '2', position: 'down' }));
    expect((await order()).map(([id]) => id)).toEqual(['can_you_volunteer', 'how_will_you_vote', 'will_you_vote']);
    await w.handle(command(owner, 'survey reorder gotv 3 2'));
    expect((await order()).map(([id]) => id)).toEqual(['can_you_volunteer', 'will_you_vote', 'how_will_you_vote']);
    expect(await say(w, command(owner, 'survey reorder gotv 1'))).toContain('The option `position` is required.');
    expect(await say(w, command(owner, 'survey reorder gotv 1 sideways'))).toContain('“sideways” is not a position: use up, down, first, last or a number from 1 to 3.');

    const removed = await say(w, command(owner, 'survey remove gotv will_you_vote'));
    expect(removed).toContain('Removed the question “Will you vote?”');
    expect(await order()).toEqual([['can_you_volunteer', ['how_will_you_vote']], ['how_will_you_vote', [null]]]);
    expect(await say(w, command(owner, 'survey remove gotv will_you_vote'))).toContain('There is no question `will_you_vote` in the survey of `gotv`. Questions: 1 (can_you_volunteer), 2 (how_will_you_vote).');
  });
});

describe('a survey saved some other way (the sandbox demo, the engine)', () => {
  it('opens in the edit form with every reply and skip, and saving it unchanged changes nothing', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const c = await campaign(w);
    const by = (await w.store.members.findByPlatformUser(c.orgId, 'U-owner'))!.id;
    await w.engine.campaigns.updateSurvey(c.orgId, c.id, [
      { id: 'vote', text: 'Will you vote?', answers: [
        { id: 'yes', label: 'Yes', reply: { en: 'Great!', es: '¡Genial!' }, nextQuestionId: 'ride' },
        { id: 'no', label: 'No', nextQuestionId: 'why' },
        { id: 'maybe', label: 'Maybe', reply: { es: 'Te escribimos pronto.' }, nextQuestionId: 'why' },
      ] },
      { id: 'why', text: 'Why not?', answers: [{ id: 'busy', label: 'Busy', nextQuestionId: 'ride' }] },
      { id: 'ride', text: 'Need a ride?', answers: [{ id: 'yes', label: 'Yes' }] },
    ], by);
    const before = (await campaign(w)).survey;
    const modal = await openModal(w, command(owner, 'survey edit gotv vote'));
    expect(modal.inputs.map((i) => [i.id, i.initial, i.maxLength])).toEqual([
      ['text', 'Will you vote?', 300],
      ['answers', 'Yes: Great!\nNo\nMaybe', 3000],
      ['replies_es', 'Yes: ¡Genial!\nMaybe: Te escribimos pronto.', 3000],
    ]);
    const values = Object.fromEntries(modal.inputs.map((i) => [i.id, i.initial ?? '']));
    await w.handle(submit(owner, MODAL.surveyQuestion, modal.privateValue, values));
    expect((await campaign(w)).survey).toEqual(before);
    expect(await say(w, command(owner, 'survey show gotv'))).toContain('then question 3'); // the skip is shown
  });

  it('a question too long for the form is not opened cut: the organizer is told to edit it as text', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const c = await campaign(w);
    const by = (await w.store.members.findByPlatformUser(c.orgId, 'U-owner'))!.id;
    const long = 'r'.repeat(1590);
    await w.engine.campaigns.updateSurvey(c.orgId, c.id, [{ id: 'q', text: 'Q?', answers: [{ id: 'a', label: 'A', reply: { en: long } }, { id: 'b', label: 'B', reply: { en: long } }] }], by);
    const [reply] = await w.handle(command(owner, 'survey edit gotv q'));
    expect(reply?.kind).toBe('ephemeral');
    expect(textOf(viewOf(reply))).toContain('too long for the form (at most 3000 characters per field)');
    expect(await say(w, command(ownerEs, 'survey edit gotv q'))).toContain('demasiado largas para el formulario');
  });
});

describe('suggested replies go through the script checks', () => {
  it('a running campaign refuses a suggested reply with a link shortener (R3.5): on its form field, or listed after free text', async () => {
    const w = await world();
    await runningCampaign(w);
    const modal = await openModal(w, command(owner, 'survey add gotv'));
    const refused = fieldErrors((await w.handle(submit(owner, MODAL.surveyQuestion, modal.privateValue, {
      text: 'Will you vote?',
      answers: 'Yes: Find your polling place at bit.ly/vote\nNo',
      replies_es: 'Yes: Busca tu casilla en bit.ly/voto',
    })))[0]);
    expect(Object.keys(refused).sort()).toEqual(['answers', 'replies_es']);
    expect(refused.answers).toContain('R3.5');
    expect(refused.replies_es).toContain('R3.5');
    const typedText = await say(w, command(owner, 'survey add gotv "Will you vote?" Yes: See bit.ly/vote | No'));
    expect(typedText).toContain('R3.5');
    expect((await campaign(w)).survey).toEqual([]);
  });
});

describe('caps (both platforms must be able to show the survey and the tags)', () => {
  it('refuses an answer label, too many answers, an 11th question and a 26th tag, naming what, in English', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const long = await say(w, command(owner, `survey add gotv "Will you vote?" Yes | ${'x'.repeat(80)}`));
    expect(long).toContain(`Answer 2 (“${'x'.repeat(29)}…”) is too long: at most 75 characters.`);
    expect(long).toContain('Usage: `/textbank survey add');
    const many = Array.from({ length: 26 }, (_, i) => `A${i + 1}`).join(' | ');
    expect(await say(w, command(owner, `survey add gotv "Pick one" ${many}`))).toContain('Too many answers: at most 25 per question (26 given).');
    expect(await say(w, command(owner, `survey add gotv "${'q'.repeat(301)}" Yes | No`))).toContain('The question is too long: at most 300 characters.');
    for (let i = 1; i <= MAX_SURVEY_QUESTIONS; i += 1) await w.handle(command(owner, `survey add gotv "Question ${i}?" Yes | No`));
    expect((await campaign(w)).survey).toHaveLength(MAX_SURVEY_QUESTIONS);
    expect(await say(w, command(owner, 'survey add gotv "One more?" Yes | No'))).toContain('This survey already has the most questions a campaign can have (10). Remove one first.');
    expect(await say(w, command(owner, 'survey add gotv'))).toContain('(10)'); // no form opens when it could not be saved

    const tags = Array.from({ length: MAX_TAGS }, (_, i) => `Tag ${i + 1}`).join(', ');
    await w.handle(command(owner, `tags add gotv ${tags}`));
    expect((await campaign(w)).tags).toHaveLength(MAX_TAGS);
    expect(await say(w, command(owner, 'tags add gotv One too many'))).toContain('A campaign can have at most 25 tags: it has 25 and you are adding 1.');
    expect(await say(w, command(owner, `tags rename gotv "Tag 1" ${'t'.repeat(76)}`))).toContain('is too long: at most 75 characters.');
    expect((await campaign(w)).tags).toHaveLength(MAX_TAGS);
  });

  it('says the same in Spanish', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const long = await say(w, command(ownerEs, `survey add gotv "¿Vas a votar?" Sí | ${'x'.repeat(80)}`));
    expect(long).toContain(`La respuesta 2 (“${'x'.repeat(29)}…”) es demasiado larga: como máximo 75 caracteres.`);
    for (let i = 1; i <= MAX_SURVEY_QUESTIONS; i += 1) await w.handle(command(ownerEs, `survey add gotv "¿Pregunta ${i}?" Sí | No`));
    expect(await say(w, command(ownerEs, 'survey add gotv "¿Otra?" Sí | No'))).toContain('Esta encuesta ya tiene el máximo de preguntas que admite una campaña (10). Quita una primero.');
    const tags = Array.from({ length: 26 }, (_, i) => `Etiqueta ${i + 1}`).join(', ');
    expect(await say(w, command(ownerEs, `tags add gotv ${tags}`))).toContain('Demasiadas etiquetas a la vez: como máximo 25 (se dieron 26).');
  });

  it('the engine refuses the same caps itself (any caller), with a reason in en and es', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const c = await campaign(w);
    const by = (await w.store.members.findByPlatformUser(c.orgId, 'U-owner'))!.id;
    const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `q${i}`, text: `Q${i}?`, answers: [{ id: 'y', label: 'Yes' }] }));
    const r = await w.engine.campaigns.updateSurvey(c.orgId, c.id, eleven, by);
    expect(r).toMatchObject({ ok: false, reason: 'engine:campaign.too_many_questions', params: { count: 11, max: 10 } });
    const label = await w.engine.campaigns.updateSurvey(c.orgId, c.id, [{ id: 'q', text: 'Q?', answers: [{ id: 'y', label: 'y'.repeat(76) }] }], by);
    expect(label).toMatchObject({ ok: false, reason: 'engine:campaign.answer_too_long', params: { question: 1, answer: 1, max: 75 } });
    const tags = await w.engine.campaigns.updateTags(c.orgId, c.id, Array.from({ length: 26 }, (_, i) => ({ id: `t${i}`, label: `T${i}` })), by);
    expect(tags).toMatchObject({ ok: false, reason: 'engine:campaign.too_many_tags', params: { count: 26, max: 25 } });
    const t = (await i18n()).t;
    expect(t('en')('engine:campaign.answer_too_long', { question: 1, answer: 1, max: 75 })).toBe('Answer 1 of survey question 1 is too long: at most 75 characters.');
    expect(t('es')('engine:campaign.too_many_tags', { count: 26, max: 25 })).toBe('Una campaña puede tener como máximo 25 etiquetas (se dieron 26).');
    expect((await campaign(w)).survey).toEqual([]);
  });
});

describe('who may change the survey and tags', () => {
  it('a volunteer is refused on every command and on a form submit; another org cannot reach the campaign', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const modal = await openModal(w, command(owner, 'survey add gotv'));
    for (const text of ['survey show gotv', 'survey add gotv "Q?" Yes | No', 'survey remove gotv 1', 'tags add gotv A, B', 'tags list gotv']) {
      expect(await say(w, command(ana, text))).toContain('Only someone with the organizer role can do that.');
    }
    expect(await say(w, submit(ana, MODAL.surveyQuestion, modal.privateValue, { text: 'Q?', answers: 'Yes' }))).toContain('organizer role');
    const c = await campaign(w);
    expect(await say(w, submit(ana, MODAL.tagsAdd, c.id, { tags: 'A' }))).toContain('organizer role');
    // The owner of another workspace submits a form naming this campaign's id.
    const stranger = actor('U-x', 'Xavier', { orgExternalId: 'T-other', isPlatformAdmin: true });
    await w.handle(command(stranger, 'setup "Other Org"'));
    expect(await say(w, submit(stranger, MODAL.surveyQuestion, modal.privateValue, { text: 'Q?', answers: 'Yes' }))).toContain('That campaign no longer exists.');
    expect(await say(w, submit(stranger, MODAL.tagsAdd, c.id, { tags: 'A' }))).toContain('That campaign no longer exists.');
    const after = await campaign(w);
    expect([after.survey, after.tags]).toEqual([[], []]);
  });

  it('help lists the survey and tags commands for organizers only', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const organizer = await say(w, command(owner, 'help'));
    expect(organizer).toContain('/textbank survey add [campaign] [question-text] [answers]');
    expect(organizer).toContain('/textbank tags rename [campaign] [tag] [name]');
    expect(await say(w, command(ana, 'help'))).not.toContain('survey');
  });
});

describe('tags', () => {
  it('add (free text and form), list, rename keeping the id, remove', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    expect(await say(w, command(owner, 'tags add gotv Volunteer prospect, needs ride'))).toContain('Added “Volunteer prospect”, “needs ride”.');
    const modal = await openModal(w, command(owner, 'tags add gotv'));
    expect(modal.inputs.map((i) => [i.id, i.kind])).toEqual([['tags', 'textarea']]);
    const bad = fieldErrors((await w.handle(submit(owner, MODAL.tagsAdd, modal.privateValue, { tags: `Yard sign\n${'z'.repeat(80)}` })))[0]);
    expect(bad.tags).toContain('is too long: at most 75 characters.');
    expect((await campaign(w)).tags).toHaveLength(2);
    const added = await say(w, submit(owner, MODAL.tagsAdd, modal.privateValue, { tags: 'Yard sign\nNEEDS RIDE\n' }));
    expect(added).toContain('Added “Yard sign”.');
    expect(added).toContain('Already a tag: “NEEDS RIDE”.');
    expect(await say(w, command(owner, 'tags rename gotv needs_ride Needs a ride'))).toContain('Renamed “needs ride” to “Needs a ride”.');
    expect((await campaign(w)).tags).toEqual([
      { id: 'volunteer_prospect', label: 'Volunteer prospect' },
      { id: 'needs_ride', label: 'Needs a ride' },
      { id: 'yard_sign', label: 'Yard sign' },
    ]);
    const removed = await say(w, command(owner, 'tags remove gotv Yard sign, Nope'));
    expect(removed).toContain('Removed “Yard sign”.');
    expect(removed).toContain('No tag called “Nope” in `gotv`.');
    const listed = await say(w, command(owner, 'tags list gotv'));
    expect(listed).toContain('Tags of Get out the vote** (`gotv`): 2 of 25');
    expect(listed).toContain('• Needs a ride `needs_ride`');
  });
});

describe('a survey made with the commands reaches the volunteer', () => {
  it('the voter reply shows the survey buttons and the tag menu; an answer updates the tally', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w);
    await w.handle(command(owner, 'survey add gotv "Will you vote?" Yes: Great, thank you {firstName}! | No | Maybe'));
    await w.handle(command(owner, 'survey add gotv "How will you vote?" Early | By mail'));
    await w.handle(command(owner, 'tags add gotv Volunteer prospect, Needs ride'));
    const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    const phone = w.carrier.sent()[0]!.to;
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'I think so' });
    await w.settle();
    const inbound = w.gateway.of('postInThread').at(-1)!.view!;
    expect(textOf(inbound)).toContain('Will you vote?');
    expect(buttons(inbound).filter((b) => b.id === ACTION.survey).map((b) => b.label)).toEqual(['Yes', 'No', 'Maybe']);
    expect(selects(inbound)[0]?.options.map((o) => o.label)).toEqual(['Volunteer prospect', 'Needs ride']);

    const answered = viewOf((await w.handle(press(ana, ACTION.survey, button(inbound, ACTION.survey).value)))[0]);
    expect(textOf(answered)).toContain('→ **Yes**');
    expect(buttons(answered).filter((b) => b.id === ACTION.survey).map((b) => b.label)).toEqual(['Early', 'By mail']); // the next question, in order
    expect(button(answered, ACTION.surveyReply)).toBeTruthy();
    const stats = await w.engine.stats.campaignStats(org.id, campaignId);
    if (!stats.ok) throw new Error('no stats');
    expect(stats.stats.survey.find((q) => q.questionId === 'will_you_vote')?.answers).toEqual([
      { answerId: 'yes', label: 'Yes', count: 1 },
      { answerId: 'no', label: 'No', count: 0 },
      { answerId: 'maybe', label: 'Maybe', count: 0 },
    ]);
    expect(await say(w, command(owner, 'stats gotv'))).toContain('Yes · 100%');
    // Editing the question afterwards keeps the tally on the same answer.
    await w.handle(command(owner, 'survey edit gotv will_you_vote "Will you vote on Nov 3?" Yes | No | Maybe | Not sure'));
    const after = await w.engine.stats.campaignStats(org.id, campaignId);
    if (!after.ok) throw new Error('no stats');
    expect(after.stats.survey[0]?.answers.find((a) => a.answerId === 'yes')?.count).toBe(1);
  });
});
