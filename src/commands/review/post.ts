// Builds and posts review items to the org's review channel. The post is in the org's language
// (a channel is read by many); the item remembers its post, so a retried job never posts twice.
import type { Conversation } from '../../core/model/conversation.js';
import type { Org } from '../../core/model/org.js';
import type { ReviewItem } from '../../core/model/review.js';
import { reviewRulesOf } from '../../core/model/review.js';
import type { View } from '../../core/views/view.js';
import type { ThreadDeps } from '../support/threads.js';
import { threadsInChannel } from '../support/threads.js';
import { REVIEW_SELECT_MAX, reviewPostView, type ReviewPostData } from './view.js';

/** Everything the review post shows, read from the store (org-scoped). */
export async function reviewPostData(deps: ThreadDeps, org: Org, item: ReviewItem, decided?: string): Promise<ReviewPostData> {
  const { store } = deps;
  const conversation: Conversation | null = item.conversationId ? await store.conversations.get(org.id, item.conversationId) : null;
  const [campaign, contact, message, members] = await Promise.all([
    item.campaignId ?? conversation?.campaignId ? store.campaigns.get(org.id, (item.campaignId ?? conversation?.campaignId) as string) : null,
    conversation ? store.contacts.get(org.id, conversation.contactId) : null,
    item.messageId ? store.messages.get(org.id, item.messageId) : null,
    store.members.list(org.id),
  ]);
  const volunteerId = item.volunteerId ?? conversation?.volunteerId;
  const volunteer = members.find((m) => m.id === volunteerId);
  const phone = contact?.phone ?? item.voterPhone;
  const optedOut = phone ? await store.optOuts.isOptedOut(org.id, phone) : false;
  const unknown = item.reasons.includes('unknown_sender');
  const campaigns = unknown
    ? (await store.campaigns.list(org.id, ['active'])).slice(0, REVIEW_SELECT_MAX).map((c) => ({ id: c.id, name: c.name }))
    : null;
  const gateway = deps.gateways[org.platform];
  return {
    itemId: item.id,
    reasons: item.reasons,
    ...(message ? { voterText: message.body } : {}),
    ...(item.heldText !== undefined ? { held: { text: item.heldText, volunteer: volunteer?.displayName ?? '?' } } : {}),
    ...(campaign ? { campaign: campaign.name } : {}),
    ...(volunteer ? { volunteer: volunteer.displayName } : {}),
    ...(contact ? { voter: { firstName: contact.firstName, phone: contact.phone } } : {}),
    ...(unknown ? { unknownPhone: item.voterPhone ?? message?.voterPhone ?? '' } : {}),
    ...(conversation
      ? { thread: { where: conversation.threads.length === 0 ? 'none' : threadsInChannel(org, gateway) && campaign?.channelId ? 'channel' : 'dm', ref: conversation.id.slice(-8) } as const }
      : {}),
    matchedWords: item.matchedWords,
    ...(message?.triage ? { triage: { intent: message.triage.intent, confidence: message.triage.confidence } } : {}),
    members: members
      .filter((m) => m.id !== volunteerId)
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .slice(0, REVIEW_SELECT_MAX)
      .map((m) => ({ id: m.id, name: m.displayName })),
    campaigns,
    optedOut,
    ...(decided ? { decided } : {}),
  };
}

export async function reviewView(deps: ThreadDeps, org: Org, item: ReviewItem, decided?: string): Promise<View> {
  return reviewPostView(deps.translator(org.defaultLocale), await reviewPostData(deps, org, item, decided));
}

/**
 * Posts the item in the review channel unless it was posted already. False when the org has no
 * review channel or no chat gateway here. Chat failures throw (the caller decides).
 */
export async function postReviewItem(deps: ThreadDeps, org: Org, item: ReviewItem): Promise<boolean> {
  const channelId = reviewRulesOf(org.review).channelId;
  const gateway = deps.gateways[org.platform];
  if (!channelId || !gateway) return false;
  if (item.post) return true;
  const ref = await gateway.post(channelId, await reviewView(deps, org, item));
  await deps.store.reviews.setPost(org.id, item.id, ref);
  return true;
}
