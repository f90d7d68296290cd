// `/textbank campaign start|pause|resume|archive`: status moves through the engine (which
// checks role, contacts and script lint); the campaign post is edited to match. Archive releases
// open batches, so it asks for one more press.
import { ACTION, CampaignValue } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import type { CampaignResult } from '../core/campaigns/campaign-service.js';
import type { Reply } from '../core/views/view.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { assertLookedUp } from './lookup-support.js';
import { UserError } from '../core/errors.js';
import { refreshPost } from './support/post.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { archiveConfirmView, campaignChangedView, findingsBlocks } from './views/campaign.js';

type Move = 'start' | 'pause' | 'resume' | 'archive';

const DONE_KEY: Record<Move, string> = {
  start: 'commands:campaign.started',
  pause: 'commands:campaign.paused',
  resume: 'commands:campaign.resumed',
  archive: 'commands:campaign.archived',
};

async function outcome(ctx: Ctx, result: CampaignResult, doneKey: string): Promise<Reply> {
  if (!result.ok) {
    const reply = failureReply(ctx, result);
    if (reply.kind === 'ephemeral' && result.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, result.findings));
    return reply;
  }
  await refreshPost(ctx.services, ctx.org.id, result.campaign.id);
  const warnings = result.findings.filter((f) => f.severity === 'warning');
  return ephemeral(campaignChangedView(ctx.t, result.campaign, doneKey, warnings));
}

function moveCommand(move: Exclude<Move, 'archive'>): CommandDefinition<Services> {
  return defineCommand<Services>({
    path: ['campaign', move],
    descriptionKey: `commands:descriptions.campaign_${move}`,
    options: [campaignOption],
    role: 'organizer',
    sideEffects: true,
    async handler(ctx, options) {
      const implicit = move === 'start' ? (['draft'] as const) : move === 'pause' ? (['active'] as const) : (['paused'] as const);
      const campaign = await resolveCampaign(ctx, options.campaign, { implicit });
      // An org that requires a number lookup first: no start while contacts lack a line type.
      if (move === 'start') await assertLookedUp(ctx, campaign);
      // A follow-up whose contacts are still being copied would start with only some of them.
      const copy = campaign.followUpOf?.snapshot;
      if (move === 'start' && copy?.status === 'running') throw new UserError('followups:errors.still_copying', { slug: campaign.slug, copied: copy.copied });
      const { campaigns } = ctx.services.engine;
      const result = await campaigns[move](ctx.org.id, campaign.id, ctx.member.id);
      return outcome(ctx, result, DONE_KEY[move]);
    },
  });
}

export const campaignStartCommand = moveCommand('start');
export const campaignPauseCommand = moveCommand('pause');
export const campaignResumeCommand = moveCommand('resume');

export const campaignArchiveCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['campaign', 'archive'],
  descriptionKey: 'commands:descriptions.campaign_archive',
  options: [{ ...campaignOption, required: true }],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    const open = await ctx.services.store.claims.listActive(ctx.org.id, campaign.id);
    return ephemeral(archiveConfirmView(ctx.t, campaign, open.length));
  },
});

export const archiveConfirmAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.archive,
  kind: 'action',
  role: 'organizer',
  valueSchema: CampaignValue,
  async handler(ctx, campaignId) {
    const result = await ctx.services.engine.campaigns.archive(ctx.org.id, campaignId, ctx.member.id);
    const reply = await outcome(ctx, result, DONE_KEY.archive);
    return reply.kind === 'ephemeral' && result.ok ? { kind: 'update', view: reply.view } : reply;
  },
});
