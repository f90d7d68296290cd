// Which survey answer or canned reply one press offers for a triaged reply: labels are read with
// the same triage rules as the voter's words, in the contact's language first.
import { describe, expect, it } from 'vitest';
import { intentOfLabel, quickAnswerFor, wrongNumberCanned } from '../../../src/core/conversations/reply-outcomes.js';
import type { SurveyQuestion } from '../../../src/core/model/campaign.js';

const question: SurveyQuestion = {
  id: 'vote',
  text: '¿Votará?',
  answers: [
    { id: 'si', label: 'Sí', reply: { es: '¡Gracias!' } },
    { id: 'no', label: 'No' },
    { id: 'quizas', label: 'Tal vez' },
  ],
};
const canned = [
  { id: 'thanks', label: 'Thanks', text: { en: 'Thanks!' } },
  { id: 'who', label: 'Who is this?', text: { en: 'This is Ana with Texas Forward.' } },
  { id: 'wrong', label: 'Número equivocado', text: { es: 'Perdón, quitamos este número.' } },
];

describe('quickAnswerFor', () => {
  it('GIVEN a Spanish answer label THEN a yes matches it, with or without a reply text', () => {
    expect(quickAnswerFor({ cannedReplies: canned }, question, { language: 'es' }, 'en', 'yes')).toEqual({ kind: 'survey', questionId: 'vote', answerId: 'si', label: 'Sí', sendsText: true });
    expect(quickAnswerFor({ cannedReplies: canned }, question, { language: 'en' }, 'en', 'yes')).toMatchObject({ answerId: 'si', sendsText: true });
    expect(quickAnswerFor({ cannedReplies: canned }, question, { language: 'es' }, 'en', 'no')).toMatchObject({ answerId: 'no', sendsText: false });
    expect(quickAnswerFor({ cannedReplies: canned }, question, { language: 'es' }, 'en', 'maybe')).toMatchObject({ answerId: 'quizas' });
  });

  it('GIVEN no matching answer THEN the canned reply of the same intent with a text for the contact; else nothing', () => {
    expect(quickAnswerFor({ cannedReplies: canned }, question, { language: 'en' }, 'en', 'question')).toEqual({ kind: 'canned', cannedId: 'who', label: 'Who is this?' });
    expect(quickAnswerFor({ cannedReplies: canned }, null, { language: 'en' }, 'en', 'yes')).toBeNull();
    expect(quickAnswerFor({ cannedReplies: canned }, question, { language: 'en' }, 'en', 'other')).toBeNull();
  });

  it('reads labels in the other language when the contact language finds nothing', () => {
    expect(intentOfLabel('Yes', 'es')).toBe('yes');
    expect(intentOfLabel('Sí', 'en')).toBe('yes');
    expect(intentOfLabel('Thanks', 'en')).toBe('other');
  });
});

describe('wrongNumberCanned', () => {
  it('is the first canned reply whose label reads as wrong_number and has a text for the contact', () => {
    expect(wrongNumberCanned({ cannedReplies: canned }, { language: 'es' }, 'en')).toEqual({ id: 'wrong', label: 'Número equivocado', text: 'Perdón, quitamos este número.' });
    expect(wrongNumberCanned({ cannedReplies: canned.slice(0, 2) }, { language: 'en' }, 'en')).toBeNull();
  });
});
