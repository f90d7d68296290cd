// The review post's controls (organizers and owners; the dispatcher re-checks the role on every
// press, and every item is read scoped by the presser's org). Each decision is made once
// (decide.ts), audited, and edits the post to say who decided what.
import type { Reply } from '../../core/views/view.js';
import { UserError } from '../../core/errors.js';
import { ACTION } from '../actions.js';
import { defineInteraction, type InteractionDefinition } from '../framework/definition.js';
import { errorView } from '../framework/error-view.js';
import { handOver } from '../interactions/reassign.js';
import type { Services } from '../services.js';
import { failureReply, pressOf, type Ctx } from '../support/results.js';
import { inline } from '../views/text.js';
import { contextView, contextWithQuote, decide, decidedUpdate, isItem, pendingItem, ReviewPairValue, ReviewValue, tellVolunteer } from './decide.js';
import { TYPED_SCOPE } from './hold.js';
import { startConversation } from './start.js';
import { REJECT_REASONS, type RejectReason } from './view.js';

type Pair = [string, string];

/**
 * An organizer's answer to a probable opt-out (R1.4b): the item is decided once, then the engine
 * acts on the conversation, the volunteer is told, and the post shows who decided.
 */
async function answerOptOut(ctx: Ctx, id: string, kind: 'confirm_opt_out' | 'not_opt_out'): Promise<Reply> {
  const item = await pendingItem(ctx, id);
  if (!isItem(item)) return item;
  const conversationId = item.conversationId;
  if (!conversationId) throw new UserError('commands:errors.stale_button');
  const decided = await decide(ctx, item, { kind });
  if (!isItem(decided)) return decided;
  const { replies } = ctx.services.engine;
  const r =
    kind === 'confirm_opt_out'
      ? await replies.confirmOptOut(ctx.org.id, conversationId, ctx.member.id, { confirmation: true })
      : await replies.dismissOptOutReview(ctx.org.id, conversationId, ctx.member.id);
  if (!r.ok) return failureReply(ctx, r);
  const note = kind === 'confirm_opt_out' ? 'review:volunteer.optout_confirmed' : 'review:volunteer.not_opt_out';
  await tellVolunteer(ctx, decided, (t) => contextView(t(note, { by: inline(ctx.member.displayName) })));
  return decidedUpdate(ctx, decided);
}

/** R1.4(b) confirmed by an organizer: one opt-out recorded, one confirmation text (R1.6). */
export const reviewConfirmOptOutAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.reviewConfirmOptOut,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewValue,
  handler: (ctx, id) => answerOptOut(ctx, id, 'confirm_opt_out'),
});

export const reviewNotOptOutAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.reviewNotOptOut,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewValue,
  handler: (ctx, id) => answerOptOut(ctx, id, 'not_opt_out'),
});

/** Take over (the presser) or reassign (a chosen member): the engine's reassign, then the new volunteer's thread. */
async function giveTo(ctx: Ctx, id: string, memberId: string, kind: 'take_over' | 'reassign'): Promise<Reply> {
  const { store, engine } = ctx.services;
  const item = await pendingItem(ctx, id);
  if (!isItem(item)) return item;
  if (!item.conversationId) throw new UserError('commands:errors.stale_button');
  const to = await store.members.get(ctx.org.id, memberId);
  if (!to) return errorView(ctx.t, 'engine:reassign.not_member');
  const decided = await decide(ctx, item, { kind, targetId: to.id });
  if (!isItem(decided)) return decided;
  const r = await engine.replies.reassign(ctx.org.id, item.conversationId, to.id, ctx.member.id);
  if (!r.ok) return failureReply(ctx, r);
  await handOver(ctx, item.conversationId, to);
  return decidedUpdate(ctx, decided);
}

export const reviewTakeOverAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.reviewTakeOver,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewValue,
  handler: (ctx, id) => giveTo(ctx, id, ctx.member.id, 'take_over'),
});

export const reviewReassignAction: InteractionDefinition<Services, Pair> = defineInteraction<Services, Pair>({
  id: ACTION.reviewReassign,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewPairValue,
  handler: (ctx, [id, memberId]) => giveTo(ctx, id, memberId, 'reassign'),
});

/**
 * Approve a held reply: the volunteer's text exactly as typed goes out through the engine's
 * checks (opt-out list, hours, lint), once. The send is keyed by the item (interaction id
 * `review:<item>`), so simultaneous presses store one text; a send the engine refuses (outside
 * texting hours...) leaves the item pending so it can be approved later or rejected.
 */
export const reviewApproveAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.reviewApprove,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewValue,
  async handler(ctx, id) {
    const item = await pendingItem(ctx, id);
    if (!isItem(item)) return item;
    if (!item.conversationId || item.heldText === undefined || !item.volunteerId) throw new UserError('commands:errors.stale_button');
    const r = await ctx.services.engine.replies.reply(ctx.org.id, item.conversationId, item.heldText, item.volunteerId, `review:${item.id}`, pressOf(ctx));
    if (!r.ok) return failureReply(ctx, r);
    const decided = await decide(ctx, item, { kind: 'approve', targetId: r.message.id });
    if (!isItem(decided)) return decided;
    await tellVolunteer(ctx, decided, (t) => contextWithQuote(t('review:volunteer.approved', { by: inline(ctx.member.displayName) }), r.message.body));
    return decidedUpdate(ctx, decided);
  },
});

/** Reject a held reply with a reason; nothing is sent, the volunteer is told why and may write again. */
export const reviewRejectAction: InteractionDefinition<Services, Pair> = defineInteraction<Services, Pair>({
  id: ACTION.reviewReject,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewPairValue,
  async handler(ctx, [id, code]) {
    if (!(REJECT_REASONS as readonly string[]).includes(code)) throw new UserError('commands:errors.stale_button');
    const reason = code as RejectReason;
    const item = await pendingItem(ctx, id);
    if (!isItem(item)) return item;
    if (item.heldText === undefined) throw new UserError('commands:errors.stale_button');
    const decided = await decide(ctx, item, { kind: 'reject', reason });
    if (!isItem(decided)) return decided;
    // A rejected reply does not count toward the volunteer's reviewed first replies.
    if (item.volunteerId) await ctx.services.store.tallies.increment(ctx.org.id, TYPED_SCOPE, { [item.volunteerId]: -1 });
    await tellVolunteer(ctx, decided, (t) =>
      contextWithQuote(t('review:volunteer.rejected', { reason: t(`review:reject.${reason}`), by: inline(ctx.member.displayName) }), item.heldText ?? ''),
    );
    return decidedUpdate(ctx, decided);
  },
});

export const reviewStartAction: InteractionDefinition<Services, Pair> = defineInteraction<Services, Pair>({
  id: ACTION.reviewStart,
  kind: 'action',
  role: 'organizer',
  valueSchema: ReviewPairValue,
  handler: (ctx, [id, campaignId]) => startConversation(ctx, id, campaignId),
});

export const reviewInteractions = [
  reviewConfirmOptOutAction,
  reviewNotOptOutAction,
  reviewTakeOverAction,
  reviewReassignAction,
  reviewApproveAction,
  reviewRejectAction,
  reviewStartAction,
] as InteractionDefinition<Services, unknown>[];
