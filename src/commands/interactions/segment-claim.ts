// The Claim button of a segmented post: a batch of the campaign's pending contacts that match
// the post's segment, taken in the store's one atomic claim. The button carries ids only; the
// segment is read from the campaign, and the presser's role is re-checked by the engine.
import type { Reply } from '../../core/views/view.js';
import { ACTION, SegmentPostValue } from '../actions.js';
import { defineInteraction, type InteractionDefinition } from '../framework/definition.js';
import type { Services } from '../services.js';
import { cardView } from '../support/card.js';
import { refreshPost } from '../support/post.js';
import { failureReply, ephemeral } from '../support/results.js';
import { refreshSegmentPost } from '../support/segment-post.js';
import { errorView } from '../framework/error-view.js';
import { noticeView } from '../views/help.js';
import { inline } from '../views/text.js';

/** Refusals that, for a segmented post, mean "nobody matching is left here". */
const NONE_LEFT: ReadonlySet<string> = new Set(['engine:claim.nothing_left', 'engine:claim.all_in_batches']);

export const claimSegmentAction: InteractionDefinition<Services, [string, string]> = defineInteraction<Services, [string, string]>({
  id: ACTION.claimSegment,
  kind: 'action',
  role: 'volunteer',
  valueSchema: SegmentPostValue,
  async handler(ctx, [campaignId, postId]): Promise<Reply> {
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    const post = campaign?.posts?.find((p) => p.id === postId);
    if (!campaign || !post) return errorView(ctx.t, 'followups:errors.post_not_found');
    const result = await ctx.services.engine.claims.claim(ctx.org.id, campaign.id, ctx.member.id, undefined, { segment: post.segment });
    if (!result.ok) {
      if (NONE_LEFT.has(result.reason)) return ephemeral(noticeView(ctx.t('followups:post.nothing_left', { name: inline(campaign.name) })));
      return failureReply(ctx, result);
    }
    if (!result.resumed) {
      await refreshSegmentPost(ctx.services, campaign, post);
      await refreshPost(ctx.services, ctx.org.id, campaign.id);
    }
    const notice = result.resumed ? ctx.t('commands:card.resumed') : undefined;
    return { kind: 'ephemeral', view: await cardView(ctx, result, notice) };
  },
});
