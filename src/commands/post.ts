// `/textbank post [campaign]`: the claim post (live remaining count, progress bar, Claim button)
// in this channel. With chat access the post is made through the gateway and its ref stored on
// the campaign, so later claims edit it in place; otherwise it is a plain channel reply.
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { errorView } from './framework/error-view.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { publishPost } from './support/post.js';
import { readSegment, segmentOptions } from './support/segment-options.js';
import { publishSegmentPost } from './support/segment-post.js';
import { isEmptySegment } from '../core/segments/match.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

export const postCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['post'],
  descriptionKey: 'commands:descriptions.post',
  // Filters (`lang:es`, `answer:support=yes`...) make a segmented post: claims take only matching voters.
  options: [campaignOption, ...segmentOptions],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options): Promise<Reply | Reply[]> {
    const campaign = await resolveCampaign(ctx, options.campaign, { implicit: ['active', 'paused'] });
    if (campaign.status === 'draft') return errorView(ctx.t, 'commands:post.not_started', { slug: campaign.slug });
    const channelId = ctx.channelId ?? campaign.channelId;
    if (!channelId) return errorView(ctx.t, 'commands:post.no_channel');
    const segment = await readSegment(ctx, campaign, options);
    if (!isEmptySegment(segment)) return publishSegmentPost(ctx, campaign, channelId, segment);
    const reply = await publishPost(ctx, campaign, channelId);
    return reply ?? ephemeral(noticeView(`✅ ${ctx.t('commands:post.posted', { name: inline(campaign.name) })}`));
  },
});
