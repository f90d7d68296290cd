// The chat.notify side of supervision: a voter text that needs an organizer's eye (probable
// opt-out, R1.4 tier b; hostile or unsure triage; the org's trigger words) gets a review post
// beside its thread post, and a text from a number with no conversation goes to the review
// channel instead of the organizers' DMs. Keywords were already handled by the engine when the
// text was stored (STOP R1.1, START R1.3, HELP R1.9); this only posts.
import type { Conversation } from '../../core/model/conversation.js';
import type { Message } from '../../core/model/message.js';
import type { Org } from '../../core/model/org.js';
import { reviewRulesOf } from '../../core/model/review.js';
import { inboundReviewReasons, type InboundReviewInput } from '../../core/review/rules.js';
import type { ThreadDeps } from '../support/threads.js';
import { postReviewItem } from './post.js';

export interface ReviewHookDeps extends ThreadDeps {
  log?: { warn(obj: object, msg: string): void };
}

/**
 * Posts the review item for this voter text when the org's rules call for one. Returns true
 * when the text was handled by the review channel instead of the organizers (unknown senders
 * only). A failed review post never fails the job for a conversation text (its thread still
 * gets it); for an unknown sender it returns false, so the organizers get it as before.
 */
export async function reviewInbound(deps: ReviewHookDeps, org: Org, conversation: Conversation | null, message: Message, kind: InboundReviewInput['kind']): Promise<boolean> {
  if (!reviewRulesOf(org.review).channelId || !deps.gateways[org.platform]) return false;
  try {
    if (!conversation) {
      const { item } = await deps.store.reviews.create(org.id, {
        orgId: org.id,
        key: `message:${message.id}`,
        reasons: ['unknown_sender'],
        messageId: message.id,
        voterPhone: message.voterPhone,
        createdAt: message.createdAt,
      });
      return await postReviewItem(deps, org, item);
    }
    const { reasons, matchedWords } = inboundReviewReasons(org.review, { text: message.body, kind, ...(message.triage ? { triage: message.triage } : {}) });
    if (reasons.length === 0) return false;
    const { item } = await deps.store.reviews.create(org.id, {
      orgId: org.id,
      key: `message:${message.id}`,
      reasons,
      conversationId: conversation.id,
      campaignId: conversation.campaignId,
      messageId: message.id,
      volunteerId: conversation.volunteerId,
      matchedWords,
      createdAt: message.createdAt,
    });
    await postReviewItem(deps, org, item);
    return false;
  } catch (err) {
    deps.log?.warn({ err, orgId: org.id, messageId: message.id }, 'review: could not post to the review channel');
    return false;
  }
}
