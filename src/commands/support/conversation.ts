// What the one-press answers under a voter's message are: canned replies that have a text in the
// voter's language, the next unanswered survey question, the campaign's tags; and what the
// reply's triage offers (the matching survey answer or canned reply, an outcome, a draft).
import { textFor } from '../../core/campaigns/campaign-lint.js';
import { quickAnswerFor, wrongNumberCanned } from '../../core/conversations/reply-outcomes.js';
import type { Campaign, SurveyQuestion } from '../../core/model/campaign.js';
import type { Contact, ContactOutcome } from '../../core/model/contact.js';
import type { Conversation } from '../../core/model/conversation.js';
import type { Message } from '../../core/model/message.js';
import type { Org } from '../../core/model/org.js';
import { triageReply, type TriageIntent } from '../../core/triage/index.js';
import type { InboundActions } from '../views/conversation.js';
import type { ClosedInfo, TriageView } from '../views/triage-actions.js';

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

const OUTCOME_INTENTS: ReadonlySet<TriageIntent> = new Set<TriageIntent>(['wrong_number', 'deceased', 'moved', 'already_voted']);
/** Intents for which no text is proposed: an opt-out is decided by classifyInbound and a press (R1.4), never answered by a suggestion. */
const NO_SUGGESTION: ReadonlySet<TriageIntent> = new Set<TriageIntent>(['opt_out', 'hostile', 'other']);

/**
 * The triage under a voter's message and its one press. A voter text stored before triage was
 * kept on messages is read by the offline rules here (pure, no I/O), so every reply gets one.
 */
export function triageViewFor(org: Org, campaign: Campaign, contact: Contact, conversationId: string, message: Pick<Message, 'id' | 'triage' | 'body' | 'direction'>): TriageView | null {
  const tr = message.triage ?? (message.direction === 'inbound' ? { ...triageReply(message.body, contact.language ?? org.defaultLocale), source: 'rules' as const } : null);
  if (!tr) return null;
  const base = { conversationId, messageId: message.id, intent: tr.intent, source: tr.source, ...(tr.source === 'assistant' && tr.draft && tr.intent !== 'opt_out' ? { draft: tr.draft } : {}) };
  if (OUTCOME_INTENTS.has(tr.intent)) {
    const kind = tr.intent as ContactOutcome;
    const sendsText = kind === 'wrong_number' && wrongNumberCanned(campaign, contact, org.defaultLocale) !== null;
    return { ...base, quick: null, outcome: { kind, sendsText } };
  }
  if (NO_SUGGESTION.has(tr.intent)) return { ...base, quick: null, outcome: null };
  const question = nextQuestion(campaign.survey, contact.surveyAnswers);
  return { ...base, quick: quickAnswerFor(campaign, question, contact, org.defaultLocale, tr.intent), outcome: null };
}

/** How a closed conversation is shown in its thread (null when open). */
export function closedInfoOf(conversation: Pick<Conversation, 'closedAt' | 'closedReason'>): ClosedInfo | null {
  return conversation.closedAt ? { reason: conversation.closedReason ?? 'done' } : null;
}
