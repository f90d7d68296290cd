// The survey form's pure parts: splitting answers, one schema for every path, stable ids,
// linking questions in order, and positions for reorder.
import { describe, expect, it } from 'vitest';
import type { SurveyQuestion } from '../../src/core/model/campaign.js';
import {
  FORM_FIELD_MAX,
  draftOf,
  draftOfForm,
  linkInOrder,
  moved,
  parseQuestion,
  questionFrom,
  questionIndex,
  splitAnswers,
  targetIndex,
} from '../../src/commands/support/survey-form.js';
import { splitTags, tagLabelsProblem, withTags, withoutTags } from '../../src/commands/support/tags-form.js';

const q = (id: string, next?: string): SurveyQuestion => ({ id, text: `${id}?`, answers: [{ id: 'a', label: 'A', ...(next ? { nextQuestionId: next } : {}) }] });

describe('answers from text', () => {
  it('splits on | (free text) or lines (form); a colon starts the suggested reply', () => {
    expect(splitAnswers(' Yes: Great, see you: at 9! | No |  | Maybe ', '|')).toEqual([
      { label: 'Yes', reply: 'Great, see you: at 9!' },
      { label: 'No', reply: '' },
      { label: 'Maybe', reply: '' },
    ]);
    expect(splitAnswers('Yes: Great\r\n\nNo', '\n')).toEqual([{ label: 'Yes', reply: 'Great' }, { label: 'No', reply: '' }]);
  });

  it('the free-text draft and the form draft parse to the same input', () => {
    const free = parseQuestion(draftOf('Will you vote?', splitAnswers('Yes: Great! | No', '|'), 'en'), 'en');
    const form = draftOfForm({ text: 'Will you vote?', answers: 'Yes: Great!\nNo' }, 'en');
    expect(form.problems).toEqual([]);
    expect(parseQuestion(form.draft, 'en')).toEqual(free);
    expect(free).toMatchObject({ ok: true, input: { text: 'Will you vote?', answers: [{ label: 'Yes', reply: { en: 'Great!' } }, { label: 'No', reply: {} }], langs: ['en'] } });
  });

  it('an organizer label quoted in a refusal is made inert (no markup, no mention)', () => {
    const parsed = parseQuestion(draftOf('Q?', [{ label: '<!channel> *@everyone*', reply: '' }, { label: '<!channel> *@everyone*', reply: '' }], 'en'), 'en');
    expect(parsed).toEqual({ ok: false, problems: [{ field: 'answers', key: 'survey:errors.answer_duplicate', params: { n: 2, label: '!channel @\u200beveryone' } }] });
  });

  it('answers that would not fit back into the form are refused on the field they are in', () => {
    const long = 'r'.repeat(1500);
    const form = draftOfForm({ text: 'Q?', answers: 'A\nB\nC', replies_es: `A: ${long}\nB: ${long}\nC: x` }, 'en');
    const parsed = parseQuestion(form.draft, 'en');
    expect(parsed).toEqual({ ok: false, problems: [{ field: 'replies_es', key: 'survey:errors.answers_field_too_long', params: { max: FORM_FIELD_MAX } }] });
  });
});

describe('stable ids', () => {
  it('keeps ids by label (any case), gives new answers fresh ids that never reuse a dropped one', () => {
    const previous: SurveyQuestion = { id: 'vote', text: 'Vote?', answers: [{ id: 'yes', label: 'Yes', nextQuestionId: 'x', reply: { es: '¡Sí!' } }, { id: 'maybe', label: 'Maybe' }] };
    const parsed = parseQuestion(draftOf('Vote now?', [{ label: 'YES', reply: 'ok' }, { label: 'Maybe!', reply: '' }], 'en'), 'en');
    if (!parsed.ok) throw new Error('parse');
    expect(questionFrom(parsed.input, [previous], previous)).toEqual({
      id: 'vote',
      text: 'Vote now?',
      answers: [{ id: 'yes', label: 'YES', reply: { en: 'ok', es: '¡Sí!' }, nextQuestionId: 'x' }, { id: 'maybe_2', label: 'Maybe!' }],
    });
  });

  it('a new question id is unique in the survey', () => {
    const parsed = parseQuestion(draftOf('vote?', [{ label: 'A', reply: '' }], 'en'), 'en');
    if (!parsed.ok) throw new Error('parse');
    expect(questionFrom(parsed.input, [q('vote')]).id).toBe('vote_2');
  });
});

describe('order', () => {
  it('links every answer to the next question, keeps a skip ahead, drops links that point back or nowhere', () => {
    const linked = linkInOrder([q('a', 'c'), q('b', 'a'), q('c', 'gone'), q('d')]);
    expect(linked.map((x) => x.answers[0]?.nextQuestionId)).toEqual(['c', 'c', 'd', undefined]);
    expect(moved(linked, 3, 0).map((x) => [x.id, x.answers[0]?.nextQuestionId])).toEqual([['d', 'a'], ['a', 'c'], ['b', 'c'], ['c', undefined]]);
  });

  it('reads positions and question references', () => {
    expect([targetIndex('up', 0, 3), targetIndex('down', 2, 3), targetIndex('FIRST', 2, 3), targetIndex('última', 0, 3), targetIndex('2', 0, 3)]).toEqual([0, 2, 0, 2, 1]);
    expect([targetIndex('4', 0, 3), targetIndex('0', 0, 3), targetIndex('left', 0, 3)]).toEqual([null, null, null]);
    const survey = [q('a'), q('b')];
    expect([questionIndex(survey, 'B'), questionIndex(survey, '1'), questionIndex(survey, '3'), questionIndex(survey, 'z')]).toEqual([1, 0, -1, -1]);
  });
});

describe('tags', () => {
  it('splits on commas and lines, adds without doubles, removes by id or label', () => {
    expect(splitTags('Volunteer prospect, Needs ride\n, \nYard sign')).toEqual(['Volunteer prospect', 'Needs ride', 'Yard sign']);
    const added = withTags([{ id: 'needs_ride', label: 'Needs ride' }], ['needs RIDE', 'Yard sign']);
    expect(added).toEqual({ tags: [{ id: 'needs_ride', label: 'Needs ride' }, { id: 'yard_sign', label: 'Yard sign' }], added: ['Yard sign'], already: ['needs RIDE'] });
    expect(withoutTags(added.tags, ['yard_sign', 'nope'])).toEqual({ tags: [{ id: 'needs_ride', label: 'Needs ride' }], removed: ['Yard sign'], unknown: ['nope'] });
    expect(tagLabelsProblem(['ok', 'x'.repeat(76)])).toEqual({ key: 'survey:tags.too_long', params: { max: 75, count: 2, label: `${'x'.repeat(29)}…` } });
    expect(tagLabelsProblem([])).toMatchObject({ key: 'survey:tags.none_given' });
  });
});
