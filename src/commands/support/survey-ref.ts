// Survey answer buttons carry [conversationId, questionId, answerId]. Question and answer ids may
// be up to 40 characters each, which together do not fit every platform's button value (Discord
// packs action id and value into 100 characters). When they do not fit, each id travels as a
// short stable reference (`~` + a hash of the id), resolved server side against the campaign's
// survey; an exact id always wins, and a reference that matches none or several is refused.
import type { SurveyQuestion } from '../../core/model/campaign.js';
import { VALUE_MAX } from '../../core/views/view.js';
import { ids } from '../actions.js';

const REF = '~';

/** FNV-1a (32 bits) of the id, base 36: stable across processes and releases. */
export function surveyRef(id: string): string {
  let h = 0x811c9dc5;
  for (const ch of id) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${REF}${h.toString(36)}`;
}

/** The value of a survey answer button (or its suggested reply), within VALUE_MAX. */
export function surveyValue(conversationId: string, questionId: string, answerId: string): string {
  const full = ids(conversationId, questionId, answerId);
  return full.length <= VALUE_MAX ? full : ids(conversationId, surveyRef(questionId), surveyRef(answerId));
}

/** True when either id is a reference that needs the campaign's survey to resolve. */
export function hasSurveyRef(questionId: string, answerId: string): boolean {
  return questionId.startsWith(REF) || answerId.startsWith(REF);
}

function pick<T extends { id: string }>(items: readonly T[], key: string): T | null {
  const exact = items.find((i) => i.id === key);
  if (exact) return exact;
  if (!key.startsWith(REF)) return null;
  const matches = items.filter((i) => surveyRef(i.id) === key);
  return matches.length === 1 ? (matches[0] as T) : null;
}

/** The real question and answer ids for a pressed value, or null when they match nothing (stale). */
export function resolveSurveyRef(survey: readonly SurveyQuestion[], questionId: string, answerId: string): { questionId: string; answerId: string } | null {
  const question = pick(survey, questionId);
  const answer = question ? pick(question.answers, answerId) : null;
  return question && answer ? { questionId: question.id, answerId: answer.id } : null;
}
