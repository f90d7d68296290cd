// The campaign post: built from live counts, posted once, then edited in place (its ChatRef is
// stored on the campaign) after claims, releases, imports and status changes.
import type { Campaign } from '../../core/model/campaign.js';
import type { Lang } from '../../core/model/common.js';
import type { Reply, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import type { Services } from '../services.js';
import { campaignPostView, countsOf } from '../views/campaign-post.js';
import { initialsPaused } from '../../core/model/org.js';
import type { Ctx } from './results.js';
import { auditByMember } from './member-audit.js';

export async function buildPostView(services: Services, t: Translate, campaign: Campaign, lang: Lang): Promise<View> {
  const [byStatus, pooled, org] = await Promise.all([
    services.store.contacts.countByStatus(campaign.orgId, campaign.id),
    services.store.conversations.countPooled(campaign.orgId, campaign.id),
    services.store.orgs.get(campaign.orgId),
  ]);
  const counts = countsOf(byStatus);
  return campaignPostView(t, { campaignId: campaign.id, name: campaign.name, slug: campaign.slug, status: campaign.status, counts, lang, pooled, initialsPaused: org ? initialsPaused(org) : false, campaignInitialsPaused: campaign.initialsPause?.paused === true });
}

/** Channel posts speak the org's language (everyone reads them), when a translator is wired. */
export function channelTranslator(ctx: Ctx): { t: Translate; lang: Lang } {
  const lang = ctx.org.defaultLocale;
  const chat = ctx.services.chat;
  return chat ? { t: chat.translator(lang), lang } : { t: ctx.t, lang: ctx.lang };
}

/**
 * Posts the campaign's claim message in `channelId`. Through the gateway when there is one (the
 * ref is stored on the campaign so later changes edit it); else as a channel reply. Returns the
 * reply for the channel, or null when the gateway already posted it.
 */
export async function publishPost(ctx: Ctx, campaign: Campaign, channelId: string): Promise<Reply | null> {
  const { t, lang } = channelTranslator(ctx);
  const view = await buildPostView(ctx.services, t, campaign, lang);
  const { store } = ctx.services;
  const gateway = ctx.services.chat?.gateways[ctx.actor.platform];
  if (!gateway) {
    if (!campaign.channelId) await store.campaigns.update(ctx.org.id, campaign.id, { channelId });
    return { kind: 'channel', view, channelId };
  }
  const ref = await gateway.post(channelId, view);
  await store.campaigns.update(ctx.org.id, campaign.id, { postRef: ref, channelId });
  await auditByMember(ctx, {
    action: 'campaign.posted',
    subject: { type: 'campaign', id: campaign.id },
    data: { channelId, messageId: ref.messageId ?? null },
  });
  return null;
}

/**
 * Post edits of one Services instance per campaign: the edit running and the one queued after it.
 * A burst of presses (200 volunteers finishing their batches) then makes a couple of edits of the
 * post, not one per press, so chat rate limits on editing one message do not hold up the cards.
 */
const postEdits = new WeakMap<Services, Map<string, { tail: Promise<void>; queued?: Promise<void> }>>();

/**
 * Edits the campaign post with current counts. Never fails the caller: the data change already
 * happened. Calls that arrive while an edit is queued share it (it reads the counts when it starts).
 */
export function refreshPost(services: Services, orgId: string, campaignId: string): Promise<void> {
  let edits = postEdits.get(services);
  if (!edits) postEdits.set(services, (edits = new Map()));
  const key = `${orgId}:${campaignId}`;
  const slot = edits.get(key) ?? { tail: Promise.resolve() };
  if (slot.queued) return slot.queued;
  const queued = slot.tail.then(() => {
    slot.queued = undefined;
    return editPost(services, orgId, campaignId);
  });
  slot.queued = queued;
  slot.tail = queued;
  edits.set(key, slot);
  void queued.then(() => {
    if (slot.tail === queued) edits.delete(key);
  });
  return queued;
}

async function editPost(services: Services, orgId: string, campaignId: string): Promise<void> {
  const chat = services.chat;
  if (!chat) return;
  try {
    const campaign = await services.store.campaigns.get(orgId, campaignId);
    const ref = campaign?.postRef;
    const gateway = ref ? chat.gateways[ref.platform] : undefined;
    if (!campaign || !ref || !gateway) return;
    const org = await services.store.orgs.get(orgId);
    const lang = org?.defaultLocale ?? 'en';
    await gateway.update(ref, await buildPostView(services, chat.translator(lang), campaign, lang));
  } catch (err) {
    chat.onError?.(err, 'campaign post update');
  }
}
