// Issue 7: the small pure helpers behind the commands (GIVEN/THEN).
import { describe, expect, it } from 'vitest';
import { formatLabeledLines, itemId, mergeCanned, parseLabeledLines, scriptSetFrom } from '../../src/commands/support/script-form.js';
import { nextQuestion } from '../../src/commands/support/conversation.js';
import { localityOf } from '../../src/commands/views/contact-card.js';
import { percent, readableParams } from '../../src/commands/views/text.js';
import { countsOf } from '../../src/commands/views/campaign-post.js';
import { CONTACT_STATUSES, type ContactStatus } from '../../src/core/model/contact.js';
import type { SurveyQuestion } from '../../src/core/model/campaign.js';

describe('script form lines (Label: text)', () => {
  it('parses labeled lines, skipping blanks, and says which line is wrong', () => {
    expect(parseLabeledLines('Thanks: Thank you {firstName}!\n\n  Polls: Open 7-7: bring ID  ')).toEqual({
      ok: true,
      items: [{ label: 'Thanks', text: 'Thank you {firstName}!' }, { label: 'Polls', text: 'Open 7-7: bring ID' }],
    });
    expect(parseLabeledLines('Thanks: ok\nno colon here')).toEqual({ ok: false, line: 2 });
    expect(parseLabeledLines('Empty:   ')).toEqual({ ok: false, line: 1 });
    expect(parseLabeledLines(`${'x'.repeat(76)}: too long a label`)).toEqual({ ok: false, line: 1, reason: 'label' });
    expect(parseLabeledLines(undefined)).toEqual({ ok: true, items: [] });
    expect(parseLabeledLines(formatLabeledLines([{ label: 'A', text: 'b: c' }]))).toEqual({ ok: true, items: [{ label: 'A', text: 'b: c' }] });
  });

  it('makes stable, unique ids from labels', () => {
    const taken = new Set<string>();
    expect(itemId('¡Ya votó!', taken)).toBe('ya_voto');
    expect(itemId('Ya voto', taken)).toBe('ya_voto_2');
    expect(itemId('***', taken)).toBe('item');
    expect(itemId('x'.repeat(80), taken).length).toBeLessThanOrEqual(40);
  });

  it('keeps follow-up ids across edits and drops a cleared script', () => {
    const prev = { initial: 'a', followUps: [{ id: 'f_keep', label: 'Reminder', text: 'old' }] };
    expect(scriptSetFrom(' Hi ', [{ label: 'reminder', text: 'new' }, { label: 'Other', text: 'x' }], prev)).toEqual({
      initial: 'Hi',
      followUps: [{ id: 'f_keep', label: 'reminder', text: 'new' }, { id: 'other', label: 'Other', text: 'x' }],
    });
    expect(scriptSetFrom('   ', [], prev)).toBeNull();
  });

  it('merges canned replies for one language without touching the other', () => {
    const existing = [
      { id: 'thanks', label: 'Thanks', text: { en: 'Thanks!', es: '¡Gracias!' } },
      { id: 'bye', label: 'Bye', text: { en: 'Bye!' } },
    ];
    expect(mergeCanned(existing, 'en', [{ label: 'thanks', text: 'Thank you!' }, { label: 'Polls', text: 'Open 7-7' }])).toEqual([
      { id: 'thanks', label: 'Thanks', text: { en: 'Thank you!', es: '¡Gracias!' } },
      { id: 'polls', label: 'Polls', text: { en: 'Open 7-7' } },
    ]);
    expect(mergeCanned(existing, 'es', [])).toEqual([{ id: 'thanks', label: 'Thanks', text: { en: 'Thanks!' } }, existing[1]]);
  });
});

describe('next survey question', () => {
  const survey: SurveyQuestion[] = [
    { id: 'vote', text: 'Vote?', answers: [{ id: 'yes', label: 'Yes', nextQuestionId: 'how' }, { id: 'no', label: 'No' }] },
    { id: 'how', text: 'How?', answers: [{ id: 'mail', label: 'Mail', nextQuestionId: 'vote' }] },
  ];
  it('follows the answered chain to the first unanswered question', () => {
    expect(nextQuestion(survey, {})?.id).toBe('vote');
    expect(nextQuestion(survey, { vote: 'yes' })?.id).toBe('how');
    expect(nextQuestion(survey, { vote: 'no' })).toBeNull();
    expect(nextQuestion(survey, { vote: 'yes', how: 'mail' })).toBeNull(); // a loop ends
    expect(nextQuestion([], {})).toBeNull();
  });
});

describe('small formatting', () => {
  it('locality: city and state, else state and ZIP, else ZIP', () => {
    expect(localityOf({ zip: '78701', state: 'TX', customFields: { City: 'Austin' } })).toBe('Austin, TX');
    expect(localityOf({ zip: '78701', state: 'TX', customFields: {} })).toBe('TX 78701');
    expect(localityOf({ zip: '78701', customFields: { 'Residence City': 'Austin' } })).toBe('Austin 78701');
    expect(localityOf({ customFields: {} })).toBe('');
  });

  it('percent and readable times', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(0.001)).toBe('<1%');
    expect(percent(1 / 3)).toBe('33%');
    expect(readableParams({ opensAt: '2026-11-18T14:00:00.000Z', n: 2, slug: 'gotv' }, 'en')).toEqual({ opensAt: 'Wed, Nov 18, 14:00 UTC', n: 2, slug: 'gotv' });
    expect(String(readableParams({ opensAt: '2026-11-18T14:00:00.000Z' }, 'es').opensAt)).toContain('14:00 UTC');
  });

  it('counts: pending, in batches, done', () => {
    const by = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])) as Record<ContactStatus, number>;
    expect(countsOf({ ...by, pending: 5, assigned: 2, messaged: 3, opted_out: 1 })).toEqual({ total: 11, pending: 5, assigned: 2, done: 4 });
  });
});
