// `/textbank claim [campaign] [size]` and `/textbank release [campaign]`. A claim answers with the
// contact card (only the volunteer sees it); releasing returns unsent contacts to the pool.
import { hasRole } from '../core/model/org.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { cardView } from './support/card.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { refreshPost } from './support/post.js';
import { claimReplies } from './reply-pool.js';
import { REPLY_CLAIM_LIMIT } from '../core/conversations/reply-timers.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

/** Claims a batch and builds the first card. `update` when pressed from a card (it turns into the new batch). */
export async function claimBatch(ctx: Ctx, campaignId: string, size: number | undefined, kind: 'ephemeral' | 'update'): Promise<Reply> {
  const result = await ctx.services.engine.claims.claim(ctx.org.id, campaignId, ctx.member.id, size);
  if (!result.ok) return failureReply(ctx, result);
  if (!result.resumed) await refreshPost(ctx.services, ctx.org.id, campaignId);
  const notice = result.resumed ? ctx.t('commands:card.resumed') : undefined;
  return { kind, view: await cardView(ctx, result, notice) };
}

export const claimCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['claim'],
  descriptionKey: 'commands:descriptions.claim',
  // `replies` is a word, not a sub-command (`/textbank claim replies gotv`): on Discord `claim`
  // cannot be both a sub-command and a group, so it is a boolean option there (`replies: True`).
  options: [campaignOption, { name: 'size', type: 'integer', descriptionKey: 'commands:options.size', min: 1, max: 500 }, { name: 'replies', type: 'boolean', descriptionKey: 'replies:options.replies' }],
  role: 'volunteer',
  sideEffects: true,
  async handler(ctx, options) {
    if (options.replies === true) {
      const pool = await resolveCampaign(ctx, options.campaign, { implicit: ['active', 'paused'] });
      return claimReplies(ctx, pool.id, typeof options.size === 'number' ? Math.min(options.size, REPLY_CLAIM_LIMIT) : undefined);
    }
    const campaign = await resolveCampaign(ctx, options.campaign, { implicit: ['active'] });
    return claimBatch(ctx, campaign.id, typeof options.size === 'number' ? options.size : undefined, 'ephemeral');
  },
});

export const releaseCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['release'],
  descriptionKey: 'commands:descriptions.release',
  options: [campaignOption],
  role: 'volunteer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign, { implicit: ['active', 'paused'] });
    const { engine, store } = ctx.services;
    const mine = await store.claims.listActive(ctx.org.id, campaign.id, ctx.member.id);
    let released = 0;
    for (const claim of mine) {
      const r = await engine.claims.release(ctx.org.id, claim.id, ctx.member.id);
      if (!r.ok) return failureReply(ctx, r);
      released += r.released;
    }
    if (mine.length > 0) await refreshPost(ctx.services, ctx.org.id, campaign.id);
    const name = inline(campaign.name);
    const key = mine.length === 0 ? 'commands:release.none' : 'commands:release.done';
    const text = ctx.t(key, { name, released, batches: mine.length });
    // Organizers are reminded that other volunteers' batches are released from their cards or by expiry.
    const extra = hasRole(ctx.member.role, 'organizer') && mine.length === 0 ? [{ type: 'context' as const, text: ctx.t('commands:release.organizer_hint') }] : [];
    return ephemeral(noticeView(text, extra));
  },
});
