// A new volunteer's first typed replies wait for an organizer (supervision): while the org has a
// review channel and `holdFirstReplies` > 0, a volunteer's typed reply is stored as a review item
// and posted there instead of being sent; Approve sends it exactly as typed. The count is a
// tally per org (scope `review:typed`, key = member id): held replies count (pending or
// approved), a rejected one is taken back off. Organizers and owners are never held.
import type { Conversation } from '../../core/model/conversation.js';
import { hasRole } from '../../core/model/org.js';
import { HELD_TEXT_MAX, reviewRulesOf } from '../../core/model/review.js';
import type { Reply } from '../../core/views/view.js';
import { ephemeral, type Ctx } from '../support/results.js';
import { noticeView } from '../views/help.js';
import { postReviewItem } from './post.js';

export const TYPED_SCOPE = 'review:typed';

/** Held replies of this volunteer that still count toward their first N. */
export async function typedCount(ctx: Pick<Ctx, 'services' | 'org'>, memberId: string): Promise<number> {
  return (await ctx.services.store.tallies.get(ctx.org.id, TYPED_SCOPE))[memberId] ?? 0;
}

/** The reply the volunteer sees when their text is held, or null when it goes out now. */
export async function holdForReview(ctx: Ctx, conversation: Conversation, text: string): Promise<Reply[] | null> {
  const rules = reviewRulesOf(ctx.org.review);
  const chat = ctx.services.chat;
  if (!rules.channelId || rules.holdFirstReplies === 0 || !chat?.gateways[ctx.org.platform]) return null;
  if (hasRole(ctx.member.role, 'organizer') || text.length > HELD_TEXT_MAX) return null;
  const { store } = ctx.services;
  if ((await typedCount(ctx, ctx.member.id)) >= rules.holdFirstReplies) return null;
  const heldNotice = [ephemeral(noticeView(ctx.t('review:volunteer.held', { count: rules.holdFirstReplies })))];
  // The same typed message delivered twice (a platform retry) is one held reply.
  // The voter's latest text, so the organizer sees what the reply answers.
  const latest = (await store.messages.listByConversation(ctx.org.id, conversation.id, 20)).filter((m) => m.direction === 'inbound').at(-1);
  const existing = await store.reviews.create(ctx.org.id, {
    orgId: ctx.org.id, key: `held:${ctx.interactionId}`, reasons: ['held_reply'], conversationId: conversation.id, campaignId: conversation.campaignId,
    volunteerId: ctx.member.id, heldText: text, createdAt: ctx.now, ...(latest ? { messageId: latest.id } : {}),
  });
  if (!existing.created) return heldNotice;
  // Counted first, then checked, so two replies typed at once cannot both slip under the limit.
  await store.tallies.increment(ctx.org.id, TYPED_SCOPE, { [ctx.member.id]: 1 });
  const count = await typedCount(ctx, ctx.member.id);
  if (count > rules.holdFirstReplies) {
    await store.tallies.increment(ctx.org.id, TYPED_SCOPE, { [ctx.member.id]: -1 });
    // Not held after all: the stored item is closed as approved-by-rule so it never shows as pending.
    await store.reviews.decide(ctx.org.id, existing.item.id, { kind: 'approve' }, { id: ctx.member.id, name: ctx.member.displayName }, ctx.now);
    return null;
  }
  const deps = { store, gateways: chat.gateways, translator: chat.translator };
  await postReviewItem(deps, ctx.org, existing.item);
  return heldNotice;
}
