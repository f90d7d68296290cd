import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n, type I18n } from '../../../src/app/i18n.js';
import { describeSegment } from '../../../src/core/segments/describe.js';
import { parseSegmentFilters, splitFilterWords } from '../../../src/core/segments/parse.js';
import type { SegmentParseContext } from '../../../src/core/segments/parse.js';

const gotv = {
  slug: 'gotv',
  survey: [
    { id: 'q1', text: 'Will you vote?', answers: [{ id: 'a1', label: 'Yes' }, { id: 'a2', label: 'No' }, { id: 'a3', label: 'Maybe' }] },
    { id: 'q2', text: 'Plan', answers: [{ id: 'early', label: 'Early' }, { id: 'day', label: 'Election day' }] },
  ],
  tags: [{ id: 't1', label: 'Needs ride' }, { id: 't2', label: 'Volunteer' }],
};
const ctx: SegmentParseContext = { campaigns: [gotv] };

function ok(text: string) {
  const r = parseSegmentFilters(text, ctx);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r.segment;
}
function err(text: string) {
  const r = parseSegmentFilters(text, ctx);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
}

describe('splitFilterWords', () => {
  it('keeps quoted labels inside their word and leaves apostrophes alone', () => {
    expect(splitFilterWords(`replied:yes answer:"Will you vote?"=Yes 'tag:Needs ride' field:x!=don't answer:“Plan”=Early`)).toEqual([
      'replied:yes', 'answer:"Will you vote?"=Yes', 'tag:Needs ride', "field:x!=don't", 'answer:“Plan”=Early',
    ]);
  });
});

describe('parseSegmentFilters', () => {
  it('resolves questions, answers and tags by id or exact label (case-insensitive)', () => {
    expect(ok('replied:yes answer:"will you VOTE?"=yes lang:es tag:"needs ride"')).toEqual({ replied: true, answers: [{ questionId: 'q1', answerIds: ['a1'] }], tags: ['t1'], langs: ['es'] });
    expect(ok('answer:q1=a2 tag:t2')).toEqual({ answers: [{ questionId: 'q1', answerIds: ['a2'] }], tags: ['t2'] });
  });

  it('repeating a key ORs its values; answers to different questions AND, several answers to one question OR', () => {
    const s = ok('answer:q1=Yes answer:q1=Maybe answer:Plan=Early tag:t1 tag:t2 state:fl,GA zip:331 zip:33');
    expect(s.answers).toEqual([{ questionId: 'q1', answerIds: ['a1', 'a3'] }, { questionId: 'q2', answerIds: ['early'] }]);
    expect(s.tags).toEqual(['t1', 't2']);
    expect(s.states).toEqual(['FL', 'GA']);
    expect(s.zipPrefixes).toEqual(['331', '33']);
  });

  it('replied:yes and replied:no together filter nothing (yes OR no)', () => {
    expect(ok('replied:yes replied:no')).toEqual({});
  });

  it('custom fields: equals, not equals, one of', () => {
    expect(ok('field:county=Dade field:precinct!=12 field:ward=a,b').fields).toEqual([
      { name: 'county', op: 'eq', values: ['Dade'] },
      { name: 'precinct', op: 'ne', values: ['12'] },
      { name: 'ward', op: 'in', values: ['a', 'b'] },
    ]);
  });

  it('intent, delivery, error code, clicks, status and dates', () => {
    const s = ok('intent:yes,maybe delivered:no error:30003 clicked:yes status:replied before:2026-11-03 after:2026-10-01');
    expect(s).toMatchObject({ intents: ['yes', 'maybe'], delivered: false, errorCodes: ['30003'], clicked: true, statuses: ['replied'] });
    expect(s.messagedBefore?.toISOString()).toBe('2026-11-03T00:00:00.000Z');
    expect(s.messagedAfter?.toISOString()).toBe('2026-10-01T00:00:00.000Z');
  });

  it('dates are whole days in the given zone', () => {
    const r = parseSegmentFilters('before:2026-11-03', { ...ctx, timeZone: 'America/New_York' });
    expect(r.ok && r.segment.messagedBefore?.toISOString()).toBe('2026-11-03T05:00:00.000Z');
  });

  it.each([
    ['answre:x', 'unknown_filter', 'answre:x'],
    ['replied', 'unknown_filter', 'replied'],
    ['replied:maybe', 'bad_yes_no', 'replied:maybe'],
    ['answer:Nope=Yes', 'question_not_found', 'answer:Nope=Yes'],
    ['answer:q1=Perhaps', 'answer_not_found', 'answer:q1=Perhaps'],
    ['answer:q1', 'bad_answer', 'answer:q1'],
    ['tag:ghost', 'tag_not_found', 'tag:ghost'],
    ['intent:happy', 'bad_intent', 'intent:happy'],
    ['status:opted_out', 'status_excluded', 'status:opted_out'],
    ['status:gone', 'bad_status', 'status:gone'],
    ['state:Florida', 'bad_state', 'state:Florida'],
    ['zip:33a', 'bad_zip', 'zip:33a'],
    ['lang:fr', 'bad_lang', 'lang:fr'],
    ['before:11/03/2026', 'bad_date', 'before:11/03/2026'],
    ['field:=x', 'bad_field', 'field:=x'],
    ['field:a.b=x', 'bad_field', 'field:a.b=x'],
  ])('%s is refused (%s) naming the filter', (text, key, filter) => {
    const e = err(`replied:yes ${text}`);
    expect(e.key).toBe(`segments:errors.${key}`);
    expect(e.params.filter).toBe(filter);
  });

  it('the question_not_found message names the question and the campaign', () => {
    expect(err('answer:Nope=Yes').params).toMatchObject({ question: 'Nope', campaign: 'gotv' });
  });
});

describe('messages in en and es', () => {
  let i18n: I18n;
  beforeAll(async () => {
    i18n = await createI18n();
  });

  it('name the bad filter in both languages', () => {
    const e = err('answre:x');
    const en = i18n.t('en')(e.key, e.params);
    const es = i18n.t('es')(e.key, e.params);
    expect(en).toContain('`answre:x` is not a filter; filters are replied, answer, tag');
    expect(es).toContain('`answre:x` no es un filtro');
    const q = err('answer:"Turnout"=Yes');
    expect(i18n.t('en')(q.key, q.params)).toContain("question 'Turnout' not found in campaign gotv");
    expect(i18n.t('es')(q.key, q.params)).toContain("no se encontró la pregunta 'Turnout' en la campaña gotv");
  });

  it('describeSegment says the filters in words with labels, not ids', () => {
    const s = ok('replied:yes answer:q1=a1,a3 tag:t1 lang:es field:ward!=3');
    expect(describeSegment(s, [gotv], i18n.t('en'))).toBe('replied; answered “Will you vote?” with “Yes” or “Maybe”; tagged “Needs ride”; “ward” is not “3”; speaks Spanish');
    expect(describeSegment(s, [gotv], i18n.t('es'))).toBe('respondió; respondió “Will you vote?” con “Yes” o “Maybe”; con la etiqueta “Needs ride”; “ward” no es “3”; habla español');
    expect(describeSegment({}, [gotv], i18n.t('en'))).toBe('every contact');
  });
});
