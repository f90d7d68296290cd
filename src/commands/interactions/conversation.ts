// Presses under a voter's message in the thread. Canned replies and suggested survey replies
// are one press, one text, through the same checks as a typed reply (opt-out list, hours, lint);
// recording a survey answer never sends anything by itself (R5.2c). The opt-out confirm is the
// one-press path for replies that only may be opt-outs (R1.4b).
import { UserError } from '../../core/errors.js';
import type { ReplyResult } from '../../core/conversations/reply-service.js';
import type { Reply } from '../../core/views/view.js';
import { ACTION, ConversationItemValue, ConversationValue, SurveyValue } from '../actions.js';
import { defineInteraction, type InteractionDefinition } from '../framework/definition.js';
import type { Services } from '../services.js';
import { findingsBlocks } from '../views/campaign.js';
import { sentInThreadView, surveyRecordedView } from '../views/conversation.js';
import { noticeView } from '../views/help.js';
import { inline } from '../views/text.js';
import { hasSurveyRef, resolveSurveyRef, surveyValue } from '../support/survey-ref.js';
import { failureReply, ephemeral, pressOf, type Ctx } from '../support/results.js';

type Item = [string, string];
type Survey = [string, string, string];

/** A one-press text: the exact body that went out, posted in the conversation's thread. */
export function sentReply(ctx: Ctx, conversationId: string, result: ReplyResult): Reply {
  if (!result.ok) {
    const reply = failureReply(ctx, result);
    if (reply.kind === 'ephemeral' && result.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, result.findings));
    return reply;
  }
  if (result.duplicate) return ephemeral(noticeView(ctx.t('commands:thread.already_sent')));
  return { kind: 'thread', conversationId, view: sentInThreadView(ctx.t, { text: result.message.body, by: ctx.member.displayName, segments: result.message.segments }) };
}

/** Survey buttons may carry short references for long ids (support/survey-ref.ts): the real ids. */
export async function surveyIds(ctx: Ctx, conversationId: string, questionId: string, answerId: string): Promise<{ questionId: string; answerId: string }> {
  if (!hasSurveyRef(questionId, answerId)) return { questionId, answerId };
  const conversation = await ctx.services.store.conversations.get(ctx.org.id, conversationId);
  const campaign = conversation ? await ctx.services.store.campaigns.get(ctx.org.id, conversation.campaignId) : null;
  const resolved = campaign ? resolveSurveyRef(campaign.survey, questionId, answerId) : null;
  if (!resolved) throw new UserError('commands:errors.stale_button');
  return resolved;
}

export const cannedAction: InteractionDefinition<Services, Item> = defineInteraction<Services, Item>({
  id: ACTION.canned,
  kind: 'action',
  role: 'volunteer',
  valueSchema: ConversationItemValue,
  async handler(ctx, [conversationId, cannedId]) {
    const r = await ctx.services.engine.replies.replyCanned(ctx.org.id, conversationId, cannedId, ctx.member.id, ctx.interactionId, pressOf(ctx));
    return sentReply(ctx, conversationId, r);
  },
});

export const surveyAction: InteractionDefinition<Services, Survey> = defineInteraction<Services, Survey>({
  id: ACTION.survey,
  kind: 'action',
  role: 'volunteer',
  valueSchema: SurveyValue,
  async handler(ctx, [conversationId, qRef, aRef]) {
    const { engine, store } = ctx.services;
    const { questionId, answerId } = await surveyIds(ctx, conversationId, qRef, aRef);
    const r = await engine.replies.answer(ctx.org.id, conversationId, questionId, answerId, ctx.member.id);
    if (!r.ok) return failureReply(ctx, r);
    const conversation = await store.conversations.get(ctx.org.id, conversationId);
    const campaign = conversation ? await store.campaigns.get(ctx.org.id, conversation.campaignId) : null;
    const question = campaign?.survey.find((q) => q.id === questionId);
    const answer = question?.answers.find((a) => a.id === answerId);
    if (!question || !answer) throw new UserError('engine:campaign.unknown_answer', { answerId });
    const next = r.nextQuestion;
    const view = surveyRecordedView(ctx.t, {
      question: question.text,
      answer: answer.label,
      suggested: r.suggestedReply,
      sendValue: surveyValue(conversationId, questionId, answerId),
      next: {
        conversationId,
        canned: [],
        tags: [],
        optedOut: false,
        question: next ? { id: next.id, text: next.text, answers: next.answers.map((a) => ({ id: a.id, label: a.label })) } : null,
      },
    });
    return { kind: 'thread', conversationId, view };
  },
});

export const surveyReplyAction: InteractionDefinition<Services, Survey> = defineInteraction<Services, Survey>({
  id: ACTION.surveyReply,
  kind: 'action',
  role: 'volunteer',
  valueSchema: SurveyValue,
  async handler(ctx, [conversationId, qRef, aRef]) {
    const { questionId, answerId } = await surveyIds(ctx, conversationId, qRef, aRef);
    const r = await ctx.services.engine.replies.replySurvey(ctx.org.id, conversationId, questionId, answerId, ctx.member.id, ctx.interactionId, pressOf(ctx));
    return sentReply(ctx, conversationId, r);
  },
});

export const confirmOptOutAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.confirmOptOut,
  kind: 'action',
  role: 'volunteer',
  valueSchema: ConversationValue,
  async handler(ctx, conversationId) {
    const r = await ctx.services.engine.replies.confirmOptOut(ctx.org.id, conversationId, ctx.member.id);
    if (!r.ok) return failureReply(ctx, r);
    const text = ctx.t('commands:inbound.optout_confirmed', { volunteer: inline(ctx.member.displayName) });
    return { kind: 'thread', conversationId, view: { text, blocks: [{ type: 'context', text: `🚫 ${text}` }] } };
  },
});

export const dismissOptOutAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.dismissOptOut,
  kind: 'action',
  role: 'volunteer',
  valueSchema: ConversationValue,
  async handler(ctx, conversationId) {
    const r = await ctx.services.engine.replies.dismissOptOutReview(ctx.org.id, conversationId, ctx.member.id);
    if (!r.ok) return failureReply(ctx, r);
    return ephemeral(noticeView(ctx.t('commands:inbound.optout_dismissed')));
  },
});

export const tagAction: InteractionDefinition<Services, Item> = defineInteraction<Services, Item>({
  id: ACTION.tag,
  kind: 'action',
  role: 'volunteer',
  valueSchema: ConversationItemValue,
  async handler(ctx, [conversationId, tagId]) {
    const r = await ctx.services.engine.replies.tag(ctx.org.id, conversationId, tagId, ctx.member.id);
    if (!r.ok) return failureReply(ctx, r);
    const conversation = await ctx.services.store.conversations.get(ctx.org.id, conversationId);
    const campaign = conversation ? await ctx.services.store.campaigns.get(ctx.org.id, conversation.campaignId) : null;
    const label = campaign?.tags.find((g) => g.id === tagId)?.label ?? tagId;
    return ephemeral(noticeView(ctx.t('commands:inbound.tagged', { tag: inline(label, 75) })));
  },
});
