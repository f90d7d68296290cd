// What the one-press answers under a voter's message are: canned replies that have a text in the
// voter's language, the next unanswered survey question, the campaign's tags.
import { textFor } from '../../core/campaigns/campaign-lint.js';
import type { Campaign, SurveyQuestion } from '../../core/model/campaign.js';
import type { Contact } from '../../core/model/contact.js';
import type { Org } from '../../core/model/org.js';
import type { InboundActions } from '../views/conversation.js';

/**
 * The next survey question to ask: follow the answered chain from the first question (each
 * answer may name the next one) and stop at the first unanswered question; null when the
 * chain is finished or there is no survey.
 */
export function nextQuestion(survey: readonly SurveyQuestion[], answers: Readonly<Record<string, string>>): SurveyQuestion | null {
  const byId = new Map(survey.map((q) => [q.id, q]));
  const seen = new Set<string>();
  let q = survey[0];
  while (q && !seen.has(q.id)) {
    seen.add(q.id);
    const answered = answers[q.id];
    if (answered === undefined) return q;
    const next = q.answers.find((a) => a.id === answered)?.nextQuestionId;
    q = next ? byId.get(next) : undefined;
  }
  return null;
}

export function inboundActions(org: Org, campaign: Campaign, contact: Contact, conversationId: string, optedOut: boolean): InboundActions {
  const question = nextQuestion(campaign.survey, contact.surveyAnswers);
  return {
    conversationId,
    canned: campaign.cannedReplies.filter((c) => textFor(c.text, contact.language, org.defaultLocale)).map((c) => ({ id: c.id, label: c.label })),
    question: question ? { id: question.id, text: question.text, answers: question.answers.map((a) => ({ id: a.id, label: a.label })) } : null,
    tags: campaign.tags.map((g) => ({ id: g.id, label: g.label })),
    optedOut: optedOut || contact.status === 'opted_out',
  };
}
