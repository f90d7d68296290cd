// What a voter's reply looks like (its triage) under the voter's text in the thread, and the one
// press that answers it: record the matching survey answer and reply, send the matching canned
// reply or the assistant's draft, or record wrong number / deceased / moved / already voted.
// One actions block of at most two buttons, never marked for overflow: it is what the volunteer
// most likely wants, so it keeps its row; the longer groups below move into selects first.
import type { TriageIntent } from '../../core/triage/intent.js';
import type { ContactOutcome } from '../../core/model/contact.js';
import type { ConversationClosedReason } from '../../core/model/conversation.js';
import type { QuickAnswer } from '../../core/conversations/reply-outcomes.js';
import type { Block, Button, View } from '../../core/views/view.js';
import { ACTION, ids } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import { surveyValue } from '../support/survey-ref.js';
import { inline } from './text.js';

export interface TriageView {
  conversationId: string;
  /** The voter's message the triage belongs to (outcome and draft buttons name it). */
  messageId: string;
  intent: TriageIntent;
  source: 'rules' | 'assistant';
  /** The assistant's proposed reply (only assistant triage carries one). */
  draft?: string;
  quick: QuickAnswer | null;
  /** The outcome the reply points at, and for a wrong number whether the campaign has a reply for it. */
  outcome: { kind: ContactOutcome; sendsText: boolean } | null;
}

/** The conversation is closed: the reason and who closed it (null when not closed). */
export interface ClosedInfo {
  reason: ConversationClosedReason;
  by?: string;
  replied?: boolean;
}

export function closedNote(t: Translate, c: ClosedInfo): string {
  const reason = t(`triage-actions:reason.${c.reason}`);
  if (!c.by) return t('triage-actions:closed_here', { reason });
  return t(c.replied ? 'triage-actions:closed_note_replied' : 'triage-actions:closed_note', { reason, volunteer: inline(c.by) });
}

function quickButton(t: Translate, d: TriageView): Button | null {
  const q = d.quick;
  if (!q) return null;
  if (q.kind === 'canned') {
    return { type: 'button', id: ACTION.canned, label: t('triage-actions:send_canned', { label: inline(q.label, 60) }), style: 'primary', value: ids(d.conversationId, q.cannedId) };
  }
  const key = q.sendsText ? 'triage-actions:record_and_reply' : 'triage-actions:record_only';
  return { type: 'button', id: ACTION.triageAnswer, label: t(key, { answer: inline(q.label, 50) }), style: 'primary', value: surveyValue(d.conversationId, q.questionId, q.answerId) };
}

function outcomeButton(t: Translate, d: TriageView): Button | null {
  const o = d.outcome;
  if (!o) return null;
  const key = o.kind === 'wrong_number' && o.sendsText ? 'triage-actions:outcome.wrong_number_reply' : `triage-actions:outcome.${o.kind}`;
  return { type: 'button', id: ACTION.triageOutcome, label: t(key), style: o.kind === 'wrong_number' ? 'danger' : 'primary', value: ids(d.conversationId, o.kind, d.messageId) };
}

/**
 * "Looks like: Yes" and the one-press answer. Nothing for intent `other`. `buttons: false` keeps
 * the label only (the voter opted out, or the conversation is closed).
 */
export function triageBlocks(t: Translate, d: TriageView, buttons: boolean): Block[] {
  if (d.intent === 'other') return [];
  const intent = t(`triage:intent.${d.intent}`);
  const blocks: Block[] = [{ type: 'context', text: t(d.source === 'assistant' ? 'triage-actions:looks_like_assistant' : 'triage-actions:looks_like', { intent }) }];
  if (!buttons) return blocks;
  const draft = d.source === 'assistant' && d.draft?.trim() ? d.draft : null;
  if (draft) {
    blocks.push({ type: 'section', text: t('triage-actions:draft_title') });
    // The draft came from a model reading the voter's words: shown escaped, like voter text.
    blocks.push({ type: 'quote', text: draft, voter: true });
  }
  const elements: Button[] = [];
  const first = outcomeButton(t, d) ?? quickButton(t, d);
  if (first) elements.push(first);
  if (draft) elements.push({ type: 'button', id: ACTION.triageDraft, label: t('triage-actions:send_draft'), ...(first ? {} : { style: 'primary' as const }), value: ids(d.conversationId, d.messageId) });
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  return blocks;
}

/** After one press recorded a survey answer: what was recorded, the exact text that went out (if any), and the next question. */
export function recordedView(t: Translate, d: { question: string; answer: string; sent: { text: string; by: string } | null; nextBlocks: Block[] }): View {
  const params = { question: inline(d.question, 300), answer: inline(d.answer, 75) };
  const note = t(d.sent ? 'triage-actions:recorded_and_replied' : 'triage-actions:recorded_only', params);
  const blocks: Block[] = [{ type: 'context', text: note }];
  if (d.sent) {
    blocks.push({ type: 'context', text: t('commands:thread.sent_by', { volunteer: inline(d.sent.by) }) });
    blocks.push({ type: 'quote', text: d.sent.text, voter: true });
  }
  blocks.push(...d.nextBlocks);
  return { text: note, blocks };
}
