// Presses under a triaged voter reply (views/triage-actions.ts). Values carry ids only; the
// engine re-checks the presser's role, org and conversation on every press. Each is one press:
// record-and-reply sends at most one text (R5.2a) and a repeated press sends none (R5.2b).
import type { Reply } from '../../core/views/view.js';
import { ACTION, ConversationMessageValue, OutcomeValue, SurveyValue } from '../actions.js';
import { defineInteraction, type InteractionDefinition } from '../framework/definition.js';
import type { Services } from '../services.js';
import { findingsBlocks } from '../views/campaign.js';
import { answerBlocks, inboundMessageView, sentInThreadView } from '../views/conversation.js';
import { noticeView } from '../views/help.js';
import { inline } from '../views/text.js';
import { recordedView } from '../views/triage-actions.js';
import { classifyInbound } from '../../core/rules.js';
import { inboundActions, triageViewFor } from '../support/conversation.js';
import { ephemeral, failureReply, pressOf, type Ctx } from '../support/results.js';
import { sentReply, surveyIds } from './conversation.js';

type Survey = [string, string, string];
type Outcome = [string, 'wrong_number' | 'deceased' | 'moved' | 'already_voted', string];

/** Record the matching survey answer and send its reply text: one press, one text. */
export const triageAnswerAction: InteractionDefinition<Services, Survey> = defineInteraction<Services, Survey>({
  id: ACTION.triageAnswer,
  kind: 'action',
  role: 'volunteer',
  valueSchema: SurveyValue,
  async handler(ctx, [conversationId, qRef, aRef]) {
    const { engine, store } = ctx.services;
    const { questionId, answerId } = await surveyIds(ctx, conversationId, qRef, aRef);
    const r = await engine.replies.recordAndReply(ctx.org.id, conversationId, questionId, answerId, ctx.member.id, ctx.interactionId, pressOf(ctx));
    if (!r.ok) {
      const reply = failureReply(ctx, r);
      if (reply.kind === 'ephemeral' && r.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, r.findings));
      return reply;
    }
    const conversation = await store.conversations.get(ctx.org.id, conversationId);
    const campaign = conversation ? await store.campaigns.get(ctx.org.id, conversation.campaignId) : null;
    const question = campaign?.survey.find((q) => q.id === questionId);
    const answer = question?.answers.find((a) => a.id === answerId);
    const answerLabel = answer?.label ?? answerId;
    if (r.duplicate) return ephemeral(noticeView(ctx.t('triage-actions:already_recorded', { answer: inline(answerLabel, 75) })));
    const next = r.nextQuestion;
    const nextBlocks = next
      ? answerBlocks(ctx.t, { conversationId, canned: [], tags: [], optedOut: false, question: { id: next.id, text: next.text, answers: next.answers.map((a) => ({ id: a.id, label: a.label })) } }, 'message')
      : [];
    const view = recordedView(ctx.t, {
      question: question?.text ?? questionId,
      answer: answerLabel,
      sent: r.message ? { text: r.message.body, by: ctx.member.displayName } : null,
      nextBlocks,
    });
    return { kind: 'thread', conversationId, view };
  },
});

/** Send the reply assistant's draft stored on the voter's message, through every check of a typed reply. */
export const triageDraftAction: InteractionDefinition<Services, [string, string]> = defineInteraction<Services, [string, string]>({
  id: ACTION.triageDraft,
  kind: 'action',
  role: 'volunteer',
  valueSchema: ConversationMessageValue,
  async handler(ctx, [conversationId, messageId]) {
    const message = await ctx.services.store.messages.get(ctx.org.id, messageId);
    const draft = message?.conversationId === conversationId && message.direction === 'inbound' && message.triage?.source === 'assistant' ? message.triage.draft?.trim() : undefined;
    if (!draft) return ephemeral(noticeView(ctx.t('triage-actions:no_draft')));
    const r = await ctx.services.engine.replies.reply(ctx.org.id, conversationId, draft, ctx.member.id, ctx.interactionId, pressOf(ctx));
    return sentReply(ctx, conversationId, r);
  },
});

/**
 * Wrong number (opt-out and the campaign's wrong-number reply), deceased, moved, already voted
 * (recorded, closed, no text). The pressed message turns into its closed form (no buttons).
 */
export const triageOutcomeAction: InteractionDefinition<Services, Outcome> = defineInteraction<Services, Outcome>({
  id: ACTION.triageOutcome,
  kind: 'action',
  role: 'volunteer',
  valueSchema: OutcomeValue,
  async handler(ctx, [conversationId, outcome, messageId]) {
    const { engine } = ctx.services;
    const r = outcome === 'wrong_number'
      ? await engine.replies.wrongNumber(ctx.org.id, conversationId, ctx.member.id, ctx.interactionId, pressOf(ctx))
      : await engine.replies.recordOutcome(ctx.org.id, conversationId, outcome, ctx.member.id, ctx.interactionId);
    if (!r.ok) return failureReply(ctx, r);
    if (r.alreadyClosed) {
      return ephemeral(noticeView(ctx.t('triage-actions:already_closed', { reason: ctx.t(`triage-actions:reason.${r.reason ?? 'done'}`) })));
    }
    const replies: Reply[] = [];
    const replied = r.reply?.ok === true && !r.reply.duplicate;
    const updated = await closedMessageView(ctx, conversationId, messageId, { reason: outcome, by: ctx.member.displayName, replied });
    if (updated) replies.push({ kind: 'update', view: updated });
    if (outcome === 'wrong_number') {
      const done = ctx.t('triage-actions:wrong_number_done', { volunteer: inline(ctx.member.displayName) });
      replies.push({ kind: 'thread', conversationId, view: { text: done, blocks: [{ type: 'context', text: `🚫 ${done}` }] } });
    }
    if (r.reply?.ok && !r.reply.duplicate) {
      replies.push({ kind: 'thread', conversationId, view: sentInThreadView(ctx.t, { text: r.reply.message.body, by: ctx.member.displayName, segments: r.reply.message.segments }) });
    } else if (r.reply && !r.reply.ok) {
      const failed = failureReply(ctx, r.reply);
      if (failed.kind === 'ephemeral') failed.view.blocks.unshift({ type: 'context', text: ctx.t('triage-actions:wrong_number_reply_failed') });
      replies.push(failed);
    }
    return replies;
  },
});

/** The voter's message as it now reads in the closed conversation: the text, its triage label, the note; no buttons. */
async function closedMessageView(ctx: Ctx, conversationId: string, messageId: string, closed: { reason: Outcome[1]; by: string; replied: boolean }) {
  const { store } = ctx.services;
  const [message, conversation] = await Promise.all([store.messages.get(ctx.org.id, messageId), store.conversations.get(ctx.org.id, conversationId)]);
  if (!message || !conversation || message.conversationId !== conversationId) return null;
  const [campaign, contact, org] = await Promise.all([
    store.campaigns.get(ctx.org.id, conversation.campaignId),
    store.contacts.get(ctx.org.id, conversation.contactId),
    store.orgs.get(ctx.org.id),
  ]);
  if (!campaign || !contact || !org) return null;
  const optedOut = await store.optOuts.isOptedOut(org.id, contact.phone);
  const triage = triageViewFor(org, campaign, contact, conversationId, message);
  return inboundMessageView(ctx.t, {
    ...inboundActions(org, campaign, contact, conversationId, optedOut),
    text: message.body,
    kind: classifyInbound(message.body, contact.language ?? org.defaultLocale).kind,
    firstName: contact.firstName,
    ...(triage ? { triage } : {}),
    closed,
  });
}
