// Deciding a review item: the store's atomic pending -> decided step (one press wins however many
// organizers press at once), the audit row, the post edited to say who decided what, and the
// volunteer told in their language. Button values carry the item id only: the org comes from
// the presser's workspace and the dispatcher re-checked the organizer role on this press.
import { z } from 'zod';
import { Id } from '../../core/model/common.js';
import type { Member } from '../../core/model/org.js';
import type { ReviewDecision, ReviewItem } from '../../core/model/review.js';
import type { Reply, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { errorView } from '../framework/error-view.js';
import { ephemeral, type Ctx } from '../support/results.js';
import { currentThread, langOf, type ThreadDeps } from '../support/threads.js';
import { noticeView } from '../views/help.js';
import { inline } from '../views/text.js';
import { reviewView } from './post.js';
import { auditByMember } from '../support/member-audit.js';

/** A review item id (button value). */
export const ReviewValue = Id;
/** [itemId, memberId | reasonCode | campaignId] (select option value). */
export const ReviewPairValue = z.tuple([Id, z.string().min(1).max(64)]);

export function threadDeps(ctx: Ctx): ThreadDeps {
  const chat = ctx.services.chat;
  return { store: ctx.services.store, gateways: chat?.gateways ?? {}, translator: chat?.translator ?? (() => ctx.t) };
}

/** The decision in words ("Reassigned to Vic", "Rejected: the tone needs work"). */
export async function decisionText(ctx: Ctx, t: Translate, item: ReviewItem): Promise<string> {
  const d = item.decision;
  if (!d) return '';
  const { store } = ctx.services;
  const params: Record<string, string> = {};
  if (d.kind === 'reassign' && d.targetId) params.to = inline((await store.members.get(ctx.org.id, d.targetId))?.displayName ?? '?');
  if (d.kind === 'start_conversation' && d.targetId) params.campaign = inline((await store.campaigns.get(ctx.org.id, d.targetId))?.name ?? '?');
  if (d.kind === 'reject') params.reason = t(`review:reject.${d.reason ?? 'other'}`);
  return t(`review:decision.${d.kind}`, params);
}

/** The item, when it is this org's and still pending; else the reply that says why not. */
export async function pendingItem(ctx: Ctx, id: string): Promise<ReviewItem | Reply> {
  const item = await ctx.services.store.reviews.get(ctx.org.id, id);
  if (!item) return errorView(ctx.t, 'review:errors.not_found');
  if (item.status !== 'pending') return alreadyDecided(ctx, item);
  return item;
}

export function isItem(x: ReviewItem | Reply): x is ReviewItem {
  return 'reasons' in x;
}

async function alreadyDecided(ctx: Ctx, item: ReviewItem): Promise<Reply> {
  return ephemeral(noticeView(ctx.t('review:errors.already_decided', { by: inline(item.decidedBy?.name ?? '?'), decision: await decisionText(ctx, ctx.t, item) })));
}

/**
 * Decides the item (atomic: only from pending) and audits it. Returns the decided item, or the
 * "already decided by X" reply for every press but the first.
 */
export async function decide(ctx: Ctx, item: ReviewItem, decision: ReviewDecision): Promise<ReviewItem | Reply> {
  const { store } = ctx.services;
  const r = await store.reviews.decide(ctx.org.id, item.id, decision, { id: ctx.member.id, name: ctx.member.displayName }, ctx.now);
  if (!r.won) return r.item ? alreadyDecided(ctx, r.item) : errorView(ctx.t, 'review:errors.not_found');
  await auditByMember(ctx, {
    action: 'review.decided',
    subject: { type: 'review', id: item.id },
    data: { decision: decision.kind, reason: decision.reason ?? null, targetId: decision.targetId ?? null, reasons: item.reasons, conversationId: item.conversationId ?? null, messageId: item.messageId ?? null },
  });
  return r.item;
}

/** The review post, edited in place: who decided what, no controls left. */
export async function decidedUpdate(ctx: Ctx, item: ReviewItem): Promise<Reply> {
  const t = threadDeps(ctx).translator(ctx.org.defaultLocale);
  const line = t('review:post.decided', { decision: await decisionText(ctx, t, item), by: inline(item.decidedBy?.name ?? ctx.member.displayName) });
  return { kind: 'update', view: await reviewView(threadDeps(ctx), ctx.org, item, line) };
}

/**
 * Tells the conversation's volunteer (in their language): in the conversation's thread when it
 * has one, else in their DM. A chat failure is reported, never fails the decision already made.
 */
export async function tellVolunteer(ctx: Ctx, item: ReviewItem, view: (t: Translate) => View): Promise<void> {
  const chat = ctx.services.chat;
  const gateway = chat?.gateways[ctx.org.platform];
  if (!chat || !gateway || !item.volunteerId) return;
  try {
    const { store } = ctx.services;
    const volunteer: Member | null = await store.members.get(ctx.org.id, item.volunteerId);
    if (!volunteer) return;
    const conversation = item.conversationId ? await store.conversations.get(ctx.org.id, item.conversationId) : null;
    const t = chat.translator(langOf(volunteer, ctx.org));
    const ref = conversation ? currentThread(conversation, ctx.org.platform) : undefined;
    if (ref) await gateway.postInThread(ref, view(t));
    else await gateway.dm(volunteer.platformUserId, view(t));
  } catch (err) {
    chat.onError?.(err, 'review: tell the volunteer');
  }
}

export function contextView(text: string): View {
  return { text, blocks: [{ type: 'context', text }] };
}

/** A note to the volunteer above the reply it is about (voter-side text, escaped by the renderers). */
export function contextWithQuote(text: string, quote: string): View {
  return { text, blocks: [{ type: 'context', text }, { type: 'quote', text: quote, voter: true }] };
}
