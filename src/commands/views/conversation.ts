// Conversation views: the thread header (created on the voter's first reply), each inbound
// message with its one-press answers (canned replies, the next survey question, the opt-out
// confirmation, tags), the organizers' copy with Reassign, and confirmations of what was sent.
// The voter's words only ever appear in `quote` blocks (voter: true), which renderers escape.
// Nothing is cut here: each group of buttons is one actions block marked with its overflow
// priority (opt-out, survey, canned replies, tags) so a renderer that runs out of rows moves the
// rest into "More ..." selects (core/views/fit-actions.ts) instead of leaving them out.
import type { InboundKind } from '../../core/compliance/classify-inbound.js';
import { maskPhone } from '../../core/contacts/phone.js';
import type { Block, Button, Select, View } from '../../core/views/view.js';
import { ACTION, ids } from '../actions.js';
import { surveyValue } from '../support/survey-ref.js';
import type { Translate } from '../framework/definition.js';
import { voterName } from './contact-card.js';
import { inline } from './text.js';
import { voterMediaBlocks } from './media.js';
import { closedNote, triageBlocks, type ClosedInfo, type TriageView } from './triage-actions.js';

/** Which group keeps its buttons first when a platform runs short of rows (lower first). */
export const ANSWER_PRIORITY = { survey: 1, canned: 2 } as const;

export interface VoterInfo {
  firstName: string;
  phone: string;
  campaignName: string;
}

export function threadHeaderView(t: Translate, d: VoterInfo & { volunteerName: string }): View {
  const name = voterName(t, d.firstName);
  const phone = maskPhone(d.phone);
  const campaign = inline(d.campaignName);
  return {
    text: t('commands:thread.header_fallback', { name, phone, campaign }),
    blocks: [
      { type: 'section', text: t('commands:thread.header', { name, phone, campaign }) },
      { type: 'context', text: t('commands:thread.header_hint', { volunteer: inline(d.volunteerName) }) },
    ],
  };
}

export interface InboundActions {
  conversationId: string;
  canned: { id: string; label: string }[];
  /** The next unanswered survey question, if any. */
  question: { id: string; text: string; answers: { id: string; label: string }[] } | null;
  tags: { id: string; label: string }[];
  /** The voter's contact already opted out (no more texts): no answer buttons. */
  optedOut: boolean;
}

export interface InboundData extends InboundActions {
  text: string;
  kind: InboundKind;
  firstName: string;
  /** What the reply looks like and its one-press answer (absent: no triage stored). */
  triage?: TriageView;
  /** The conversation is closed: a note instead of answer buttons. */
  closed?: ClosedInfo;
  /** MMS the voter sent (our proxy addresses). */
  media?: readonly { contentType: string; url: string }[];
}

/** The one-press answers under an inbound message (also re-shown after a survey answer). */
export function answerBlocks(t: Translate, d: InboundActions, kind: InboundKind): Block[] {
  if (d.optedOut || kind === 'opt_out') return [{ type: 'context', text: t('commands:inbound.opted_out') }];
  const blocks: Block[] = [];
  if (kind === 'probable_opt_out') {
    blocks.push({ type: 'section', text: t('commands:inbound.review_optout') });
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', id: ACTION.confirmOptOut, label: t('commands:inbound.confirm_optout'), style: 'danger', value: d.conversationId },
        { type: 'button', id: ACTION.dismissOptOut, label: t('commands:inbound.dismiss_optout'), value: d.conversationId },
      ],
    });
  }
  if (d.canned.length > 0) {
    blocks.push({ type: 'context', text: t('commands:inbound.canned_title') });
    blocks.push({
      type: 'actions',
      elements: d.canned.map((c) => ({ type: 'button' as const, id: ACTION.canned, label: inline(c.label, 75), value: ids(d.conversationId, c.id) })),
      overflow: { placeholder: t('views:overflow.more_replies'), priority: ANSWER_PRIORITY.canned },
    });
  }
  if (d.question) {
    blocks.push({ type: 'section', text: t('commands:inbound.survey_title', { question: inline(d.question.text, 300) }) });
    const q = d.question;
    blocks.push({
      type: 'actions',
      elements: q.answers.map((a) => ({ type: 'button' as const, id: ACTION.survey, label: inline(a.label, 75), value: surveyValue(d.conversationId, q.id, a.id) })),
      overflow: { placeholder: t('views:overflow.more_answers'), priority: ANSWER_PRIORITY.survey },
    });
  }
  if (d.tags.length > 0) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'select', id: ACTION.tag, placeholder: t('commands:inbound.tag_placeholder'), options: d.tags.map((g) => ({ label: inline(g.label, 75), value: ids(d.conversationId, g.id) })) }],
    });
  }
  blocks.push({ type: 'context', text: t('commands:inbound.reply_hint') });
  return blocks;
}

/**
 * A voter's text in the volunteer's thread: what it looks like and its one-press answer first
 * (not for opt-outs, which the answer blocks handle), then the usual answers; a closed
 * conversation shows a note and no buttons.
 */
export function inboundMessageView(t: Translate, d: InboundData): View {
  const name = voterName(t, d.firstName);
  const optedOut = d.optedOut || d.kind === 'opt_out';
  const offerTriage = !optedOut && !d.closed && d.kind !== 'probable_opt_out' && d.kind !== 'opt_in' && d.kind !== 'help';
  const blocks: Block[] = [
    { type: 'context', text: t('commands:inbound.from', { name, kind: t(`rules:inbound.${d.kind}`) }) },
    { type: 'quote', text: d.text, voter: true },
    ...voterMediaBlocks(t, d.media),
    ...(d.triage && !optedOut ? triageBlocks(t, d.triage, offerTriage) : []),
    ...(d.closed && !optedOut ? [{ type: 'context' as const, text: closedNote(t, d.closed) }] : answerBlocks(t, d, d.kind)),
  ];
  return { text: t('commands:inbound.fallback', { name }), blocks };
}

export interface OrganizerInboundData {
  text: string;
  kind: InboundKind;
  /** Absent for a text that matched no conversation. */
  voter?: VoterInfo & { conversationId: string; previousVolunteer?: string };
  /** Unmatched texts show the masked sender. */
  fromPhone: string;
  members: { id: string; name: string }[];
}

/** A reply whose volunteer no longer holds the conversation (or an unmatched text), for organizers. */
export function organizerInboundView(t: Translate, d: OrganizerInboundData): View {
  const blocks: Block[] = [];
  if (d.voter) {
    const name = voterName(t, d.voter.firstName);
    const params = { name, phone: maskPhone(d.voter.phone), campaign: inline(d.voter.campaignName) };
    blocks.push({ type: 'section', text: t('commands:inbound.organizers_title', params) });
    if (d.voter.previousVolunteer) blocks.push({ type: 'context', text: t('commands:inbound.previous_volunteer', { volunteer: inline(d.voter.previousVolunteer) }) });
  } else {
    blocks.push({ type: 'section', text: t('commands:inbound.unmatched_title', { phone: maskPhone(d.fromPhone) }) });
  }
  blocks.push({ type: 'context', text: t(`rules:inbound.${d.kind}`) });
  blocks.push({ type: 'quote', text: d.text, voter: true });
  if (d.voter && d.kind !== 'opt_out') {
    const conversationId = d.voter.conversationId;
    const elements: (Button | Select)[] = [
      { type: 'button', id: ACTION.reassignSelf, label: t('commands:inbound.take_it'), style: 'primary', value: conversationId },
    ];
    if (d.members.length > 0) {
      elements.push({
        type: 'select',
        id: ACTION.reassign,
        placeholder: t('commands:inbound.reassign_placeholder'),
        options: d.members.map((m) => ({ label: inline(m.name, 75), value: ids(conversationId, m.id) })),
      });
    }
    blocks.push({ type: 'actions', elements });
  }
  if (d.kind === 'opt_out') blocks.push({ type: 'context', text: t('commands:inbound.opted_out') });
  const fallback = d.voter ? t('commands:inbound.organizers_fallback', { campaign: inline(d.voter.campaignName) }) : t('commands:inbound.unmatched_fallback');
  return { text: fallback, blocks };
}

/** Posted in the thread after a one-press reply (canned or survey): the exact text that went out. */
export function sentInThreadView(t: Translate, d: { text: string; by: string; segments: number }): View {
  return {
    text: t('commands:thread.sent_by', { volunteer: inline(d.by) }),
    blocks: [
      { type: 'context', text: t('commands:thread.sent_by', { volunteer: inline(d.by) }) },
      { type: 'quote', text: d.text, voter: true },
    ],
  };
}

/** The survey answer was recorded: the suggested reply (sent only by its own press) and the next question. */
export function surveyRecordedView(t: Translate, d: { question: string; answer: string; suggested: string | null; sendValue: string; next: InboundActions }): View {
  const blocks: Block[] = [{ type: 'context', text: t('commands:inbound.survey_recorded', { question: inline(d.question, 300), answer: inline(d.answer, 75) }) }];
  if (d.suggested) {
    blocks.push({ type: 'section', text: t('commands:inbound.suggested_title') });
    blocks.push({ type: 'quote', text: d.suggested, voter: true });
    blocks.push({ type: 'actions', elements: [{ type: 'button', id: ACTION.surveyReply, label: t('commands:inbound.send_suggested'), style: 'primary', value: d.sendValue }] });
  }
  if (d.next.question) blocks.push(...answerBlocks(t, { ...d.next, canned: [], tags: [] }, 'message'));
  return { text: t('commands:inbound.survey_recorded', { question: inline(d.question, 300), answer: inline(d.answer, 75) }), blocks };
}
