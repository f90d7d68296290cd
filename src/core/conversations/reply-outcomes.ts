// One press after a voter answers: what a reply's triage can be answered with (the campaign's
// survey answer or canned reply of the same intent), and the presses that act on it: record a
// survey answer and send its reply as ONE press and ONE text; wrong number (opt-out, tag,
// outcome, and the campaign's wrong-number reply as the one text R1.6 allows after an opt-out);
// deceased / moved / already voted (tag, outcome, conversation closed, no text).
// The triage only proposes: nothing here runs without a volunteer's press (R5.2c).
import type { Campaign, SurveyQuestion } from '../model/campaign.js';
import type { Lang } from '../model/common.js';
import type { Contact, ContactOutcome } from '../model/contact.js';
import type { Conversation, ConversationClosedReason } from '../model/conversation.js';
import type { Message } from '../model/message.js';
import { textFor } from '../campaigns/campaign-lint.js';
import type { EngineDeps } from '../campaigns/engine-deps.js';
import { fail, type Failure } from '../campaigns/result.js';
import { triageReply, type TriageIntent } from '../triage/index.js';
import { eventId, publishEvent } from '../webhooks/publish.js';
import { recordOptOut } from './opt-out.js';
import type { ConversationScope, ReplyResult } from './reply-service.js';
import type { SurveyTallies } from './survey-tallies.js';

/** Outcomes that close the conversation with no text. */
export const CLOSING_OUTCOMES = ['deceased', 'moved', 'already_voted'] as const;
export type ClosingOutcome = (typeof CLOSING_OUTCOMES)[number];

/** What one press can answer a triaged reply with. */
export type QuickAnswer =
  | { kind: 'survey'; questionId: string; answerId: string; label: string; sendsText: boolean }
  | { kind: 'canned'; cannedId: string; label: string };

const OTHER_LANG: Record<Lang, Lang> = { en: 'es', es: 'en' };

/** The intent of a label an organizer wrote ("Yes", "Sí", "Wrong number"), read in the contact's language first. */
export function intentOfLabel(label: string, lang: Lang): TriageIntent {
  const first = triageReply(label, lang).intent;
  return first === 'other' ? triageReply(label, OTHER_LANG[lang]).intent : first;
}

/**
 * The survey answer (of `question`, the conversation's current unanswered question) or, failing
 * that, the canned reply whose label reads as `intent`; null when none does or the intent is
 * `other`. A canned reply needs a text in the contact's language (or the org default).
 */
export function quickAnswerFor(
  campaign: Pick<Campaign, 'cannedReplies'>,
  question: SurveyQuestion | null,
  contact: Pick<Contact, 'language'>,
  defaultLocale: Lang,
  intent: TriageIntent,
): QuickAnswer | null {
  if (intent === 'other') return null;
  const answer = question?.answers.find((a) => intentOfLabel(a.label, contact.language) === intent);
  if (question && answer) {
    return { kind: 'survey', questionId: question.id, answerId: answer.id, label: answer.label, sendsText: Boolean(textFor(answer.reply, contact.language, defaultLocale)?.trim()) };
  }
  const canned = campaign.cannedReplies.find((c) => textFor(c.text, contact.language, defaultLocale) && intentOfLabel(c.label, contact.language) === intent);
  return canned ? { kind: 'canned', cannedId: canned.id, label: canned.label } : null;
}

/** The campaign's wrong-number reply: the first canned reply whose label reads as wrong_number and has a text for the contact. */
export function wrongNumberCanned(campaign: Pick<Campaign, 'cannedReplies'>, contact: Pick<Contact, 'language'>, defaultLocale: Lang): { id: string; label: string; text: string } | null {
  for (const c of campaign.cannedReplies) {
    const text = textFor(c.text, contact.language, defaultLocale);
    if (text && intentOfLabel(c.label, contact.language) === 'wrong_number') return { id: c.id, label: c.label, text };
  }
  return null;
}

type Send = (s: ConversationScope, template: string, kind: 'survey' | 'opt_out_confirmation', interactionId: string, press: unknown) => Promise<ReplyResult>;

export type RecordAndReplyResult =
  | { ok: true; duplicate: false; message: Message | null; nextQuestion: SurveyQuestion | null }
  /** This answer was already recorded (a second press, or the same press delivered twice): nothing sent. */
  | { ok: true; duplicate: true }
  | (Failure & Partial<Pick<Extract<ReplyResult, { ok: false }>, 'findings' | 'opensAt'>>);

/**
 * Record the survey answer and send its reply: one press, one text (R5.2a). The text goes first
 * (through every check of a typed reply), then the answer is recorded, so a press whose text
 * cannot go (outside hours, opted out) records nothing and can be pressed again later. A press
 * that finds this answer already recorded sends nothing (double press, R5.2b).
 */
export async function recordAndReply(
  s: ConversationScope,
  tallies: SurveyTallies,
  send: Send,
  input: { questionId: string; answerId: string; interactionId: string; press: unknown },
): Promise<RecordAndReplyResult> {
  const question = s.campaign.survey.find((q) => q.id === input.questionId);
  const answer = question?.answers.find((a) => a.id === input.answerId);
  if (!question || !answer) return fail('engine:campaign.unknown_answer', { answerId: input.answerId });
  if (s.conversation.closedAt) return fail('engine:conversation.closed');
  if (s.contact.surveyAnswers[question.id] === answer.id) return { ok: true, duplicate: true };
  const template = textFor(answer.reply, s.contact.language, s.org.defaultLocale);
  let message: Message | null = null;
  if (template?.trim()) {
    const sent = await send(s, template, 'survey', input.interactionId, input.press);
    if (!sent.ok) return sent;
    if (sent.duplicate) return { ok: true, duplicate: true };
    message = sent.message;
  }
  const recorded = await tallies.answer(s, question.id, answer.id);
  if (!recorded.ok) return recorded;
  return { ok: true, duplicate: false, message, nextQuestion: recorded.nextQuestion };
}

export type OutcomeResult =
  | { ok: true; alreadyClosed: false; conversation: Conversation; outcome: ContactOutcome; reply: ReplyResult | null }
  /** Closed before (another press, another outcome): nothing changed. */
  | { ok: true; alreadyClosed: true; reason: ConversationClosedReason | null }
  | Failure;

/**
 * Closes the conversation (atomic: of two presses only one gets here), tags the contact, keeps
 * the outcome on it, moves it to `closed` unless it already left for a side exit (opted out),
 * audits the press and tells the org's tools (`conversation.closed`).
 */
async function closeWithOutcome(deps: EngineDeps, s: ConversationScope, outcome: ContactOutcome, interactionId: string | undefined): Promise<Conversation | null> {
  const { store, clock } = deps;
  const now = clock.now();
  const closed = await store.conversations.close(s.org.id, s.conversation.id, outcome, now);
  if (!closed) return null;
  await store.contacts.addTag(s.org.id, s.contact.id, outcome);
  await store.contacts.setOutcome(s.org.id, s.contact.id, outcome, now);
  await store.contacts.transition(s.org.id, s.contact.id, ['messaged', 'needs_reply', 'replied'], 'closed', now);
  await publishClosed(deps, s, closed, outcome, now, interactionId);
  return closed;
}

/** Audits the close and publishes `conversation.closed` for the org's webhooks. */
export async function publishClosed(deps: EngineDeps, s: ConversationScope, closed: Conversation, reason: ConversationClosedReason, now: Date, interactionId: string | undefined): Promise<void> {
  await deps.store.audit.append({
    orgId: s.org.id,
    at: now,
    actor: { type: 'member', id: s.actor.id, name: s.actor.displayName },
    action: 'conversation.closed',
    subject: { type: 'conversation', id: closed.id },
    data: { contactId: s.contact.id, campaignId: s.campaign.id, reason, interactionId: interactionId ?? null },
  });
  // Stable for this close (closedAt is stored); a conversation reopened and closed again is a new
  // event. A failed publish is logged and never fails the press.
  await publishEvent(deps, {
    id: eventId.conversationClosed(closed.id, closed.closedAt ?? now),
    type: 'conversation.closed',
    orgId: s.org.id,
    at: now,
    campaignId: s.campaign.id,
    contactId: s.contact.id,
    data: { conversationId: closed.id, reason, volunteerId: closed.volunteerId },
  });
}

/** Deceased, moved, already voted: recorded and closed, no text. */
export async function recordClosingOutcome(deps: EngineDeps, s: ConversationScope, outcome: ClosingOutcome, interactionId: string | undefined): Promise<OutcomeResult> {
  const closed = await closeWithOutcome(deps, s, outcome, interactionId);
  if (!closed) return { ok: true, alreadyClosed: true, reason: (await deps.store.conversations.get(s.org.id, s.conversation.id))?.closedReason ?? null };
  return { ok: true, alreadyClosed: false, conversation: closed, outcome, reply: null };
}

/**
 * Wrong number (R1.4a lists it as an opt-out phrase): the same engine path as the card's Wrong
 * number (org-wide opt-out, source 'volunteer', rule 'wrong_number', tag), plus the outcome, and
 * the conversation closes. The campaign's wrong-number reply goes out as the one text R1.6 allows
 * after an opt-out (kind opt_out_confirmation: it still passes the hours and content checks, and
 * is dropped if it cannot leave within 5 minutes); only when this press closed the conversation
 * and the voter had not opted out already, so a double press never sends a second text.
 */
export async function recordWrongNumber(deps: EngineDeps, s: ConversationScope, send: Send, input: { interactionId: string; press: unknown }): Promise<OutcomeResult> {
  const { store, clock } = deps;
  const now = clock.now();
  const closed = await store.conversations.close(s.org.id, s.conversation.id, 'wrong_number', now);
  if (!closed) return { ok: true, alreadyClosed: true, reason: (await store.conversations.get(s.org.id, s.conversation.id))?.closedReason ?? null };
  const canned = wrongNumberCanned(s.campaign, s.contact, s.org.defaultLocale);
  let reply: ReplyResult | null = null;
  if (canned && !(await store.optOuts.isOptedOut(s.org.id, s.contact.phone))) {
    reply = await send(s, canned.text, 'opt_out_confirmation', input.interactionId, input.press);
  }
  await recordOptOut(deps, {
    orgId: s.org.id,
    phone: s.contact.phone,
    source: 'volunteer',
    rule: 'wrong_number',
    by: s.actor.id,
    contactId: s.contact.id,
    campaignId: s.campaign.id,
    conversationId: s.conversation.id,
    volunteerId: s.conversation.volunteerId,
    actor: { type: 'member', id: s.actor.id, name: s.actor.displayName },
  });
  await store.contacts.addTag(s.org.id, s.contact.id, 'wrong_number');
  await store.contacts.setOutcome(s.org.id, s.contact.id, 'wrong_number', now);
  await publishClosed(deps, s, closed, 'wrong_number', now, input.interactionId);
  return { ok: true, alreadyClosed: false, conversation: closed, outcome: 'wrong_number', reply };
}
