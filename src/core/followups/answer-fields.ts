// `{answer.<question>}` merge fields: a contact's survey answers as the answers' labels, keyed by
// the question id and by the question text (both normalised by fieldKey, so `{answer.q1}`,
// `{Answer.Support}` and `{answer.will you vote?}` all work). A follow-up campaign copies the
// survey and its contacts' answers, so its scripts can say what the voter answered before.
import type { SurveyQuestion } from '../model/campaign.js';
import { fieldKey } from '../scripts/template.js';

export const ANSWER_FIELD_PREFIX = 'answer.';

/** The answer merge fields of one contact (questions it has not answered are absent, so they read as missing). */
export function answerFields(survey: readonly SurveyQuestion[], surveyAnswers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of survey) {
    const answerId = surveyAnswers[q.id];
    if (answerId === undefined) continue;
    const label = q.answers.find((a) => a.id === answerId)?.label;
    if (label === undefined) continue;
    out[`${ANSWER_FIELD_PREFIX}${fieldKey(q.text)}`] = label;
    out[`${ANSWER_FIELD_PREFIX}${q.id}`] = label;
  }
  return out;
}

/** The answer field names a campaign's survey provides (for script checks that list known fields). */
export function answerFieldNames(survey: readonly SurveyQuestion[]): string[] {
  return survey.flatMap((q) => [`${ANSWER_FIELD_PREFIX}${q.id}`, `${ANSWER_FIELD_PREFIX}${fieldKey(q.text)}`]);
}
