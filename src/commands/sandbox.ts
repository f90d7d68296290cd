// `/textbank sandbox demo`: only in sandbox mode (simulated carrier). Loads a demo campaign with
// fictional voters and posts its claim message here.
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { errorView } from './framework/error-view.js';
import type { Services } from './services.js';
import { publishPost } from './support/post.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

export const sandboxDemoCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['sandbox', 'demo'],
  descriptionKey: 'commands:descriptions.sandbox_demo',
  options: [],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx): Promise<Reply | Reply[]> {
    const sandbox = ctx.services.sandbox;
    if (!sandbox) return errorView(ctx.t, 'commands:sandbox.unavailable');
    const { campaignId } = await sandbox.loadDemo(ctx.org.id, ctx.member.id);
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) return errorView(ctx.t, 'engine:campaign.not_found');
    const done = ephemeral(noticeView(`✅ ${ctx.t('commands:sandbox.loaded', { name: inline(campaign.name), slug: campaign.slug })}`));
    if (campaign.status === 'draft' || campaign.status === 'archived') return done;
    const channelId = ctx.channelId ?? campaign.channelId;
    if (!channelId) return done;
    const post = await publishPost(ctx, campaign, channelId);
    return post ? [post, done] : done;
  },
});
