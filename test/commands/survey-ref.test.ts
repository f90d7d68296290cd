// Survey answer buttons stay usable with 40-character question and answer ids: their value
// carries short stable references, resolved against the campaign on the press, and the handler
// re-checks the presser exactly as for a plain value.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import { resolveSurveyRef, surveyRef, surveyValue } from '../../src/commands/support/survey-ref.js';
import { VALUE_MAX } from '../../src/core/views/view.js';
import { ORG_NUMBER, button, command, press, quotes, textOf, viewOf, world, type World } from './support/world.js';
import { ana, ben, runningCampaign } from './support/scenario.js';

const Q = 'q'.repeat(38) + '01';
const A = 'a'.repeat(38) + '01';
const NEXT = 'n'.repeat(40);

async function longSurvey(w: World): Promise<void> {
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  const campaign = (await w.store.campaigns.findBySlug(org.id, 'gotv'))!;
  const by = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id;
  await w.engine.campaigns.updateSurvey(org.id, campaign.id, [
    { id: Q, text: 'Will they vote?', answers: [{ id: A, label: 'Yes', reply: { en: 'Great, thank you {firstName}!' }, nextQuestionId: NEXT }, { id: 'a'.repeat(40), label: 'No' }] },
    { id: NEXT, text: 'How?', answers: [{ id: 'm'.repeat(40), label: 'By mail' }] },
  ], by);
}

describe('survey references', () => {
  it('keep values within VALUE_MAX and resolve only to one exact match', () => {
    const conv = '6afc6bf00000000000000013';
    expect(surveyValue(conv, 'vote', 'yes')).toBe(JSON.stringify([conv, 'vote', 'yes']));
    const long = surveyValue(conv, Q, A);
    expect(long.length).toBeLessThanOrEqual(VALUE_MAX);
    expect(JSON.parse(long)).toEqual([conv, surveyRef(Q), surveyRef(A)]);
    const survey = [{ id: Q, text: 'x', answers: [{ id: A, label: 'Yes' }] }];
    expect(resolveSurveyRef(survey, surveyRef(Q), surveyRef(A))).toEqual({ questionId: Q, answerId: A });
    expect(resolveSurveyRef(survey, Q, A)).toEqual({ questionId: Q, answerId: A });
    expect(resolveSurveyRef(survey, surveyRef(Q), surveyRef('gone'))).toBeNull();
    // An id that itself looks like a reference is matched exactly first.
    const literal = [{ id: surveyRef(Q), text: 'x', answers: [{ id: A, label: 'a' }] }, { id: Q, text: 'y', answers: [{ id: A, label: 'b' }] }];
    expect(resolveSurveyRef(literal, surveyRef(Q), A)).toEqual({ questionId: surveyRef(Q), answerId: A });
  });

  it('a press on a 40-character-id answer records it and its suggested reply sends (R5.2c), checks unchanged', async () => {
    const w = await world();
    await runningCampaign(w);
    await longSurvey(w);
    const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    await w.carrier.injectReply({ from: w.carrier.sent()[0]!.to, to: ORG_NUMBER, body: 'yes I will' });
    await w.settle();
    const inbound = w.gateway.of('postInThread').at(-1)!.view!;
    const value = button(inbound, ACTION.survey).value!;
    expect(value.length).toBeLessThanOrEqual(VALUE_MAX);
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.survey, value)))[0]))).not.toContain('Recorded');
    const answered = viewOf((await w.handle(press(ana, ACTION.survey, value)))[0]);
    expect(textOf(answered)).toContain('✓ Recorded: Will they vote? → **Yes**');
    const sendValue = button(answered, ACTION.surveyReply).value!;
    expect(sendValue.length).toBeLessThanOrEqual(VALUE_MAX);
    const sent = await w.handle(press(ana, ACTION.surveyReply, sendValue));
    expect(quotes(viewOf(sent[0]))).toEqual(['Great, thank you Maria!']);
    const stale = await w.handle(press(ana, ACTION.survey, JSON.stringify([JSON.parse(value)[0], surveyRef('gone'), surveyRef('gone')])));
    expect(textOf(viewOf(stale[0]))).toContain('out of date');
  });
});
