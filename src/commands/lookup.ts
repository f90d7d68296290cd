// `/textbank lookup <campaign>` (organizers): which of the campaign's pending numbers are mobile,
// landline or VoIP, so texts are never pressed to numbers that cannot get them. First the count
// and the estimated cost (numbers the org looked up in the last 90 days cost nothing) with a Run
// button; the press (role and org checked again) starts the `lookup.run` job, which edits one
// progress message in the organizer's DM and ends it with the report.
import { randomUUID } from 'node:crypto';
import { UserError } from '../core/errors.js';
import { planLookup } from '../core/lookups/plan.js';
import { emptyReport } from './lookup-support.js';
import type { Campaign } from '../core/model/campaign.js';
import type { ChatRef } from '../core/model/common.js';
import type { Reply } from '../core/views/view.js';
import { ACTION, CampaignValue } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { LookupAccess, Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';
import { planView, progressView } from './views/lookup.js';
import { inline } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

const notice = (text: string): Reply => ephemeral(noticeView(text));

function access(ctx: Ctx): LookupAccess {
  const lookups = ctx.services.lookups;
  if (!lookups) throw new UserError('lookup:errors.unavailable');
  return lookups;
}

export const lookupCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['lookup'],
  descriptionKey: 'lookup:descriptions.lookup',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const lookups = access(ctx);
    const campaign = await resolveCampaign(ctx, options.campaign);
    const plan = await planLookup(ctx.services.store, { orgId: ctx.org.id, campaignId: campaign.id, now: ctx.now, unitPrice: lookups.unitPrice });
    if (plan.needing === 0) return notice(`✅ ${ctx.t('lookup:plan.nothing', { campaign: inline(campaign.name) })}`);
    return ephemeral(planView(ctx.t, { campaign, plan, unitPrice: lookups.unitPrice, currency: lookups.currency, lang: ctx.lang }));
  },
});

export const lookupRunAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.lookupRun,
  kind: 'action',
  role: 'organizer',
  valueSchema: CampaignValue,
  async handler(ctx, campaignId) {
    const lookups = access(ctx);
    // The button carries an id only: the campaign is read again within the presser's org.
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('lookup:errors.campaign_gone');
    if (campaign.status === 'archived') throw new UserError('engine:campaign.archived', { slug: campaign.slug });
    const runId = randomUUID();
    const progressRef = await postProgress(ctx, campaign);
    await lookups.enqueue({
      orgId: ctx.org.id,
      campaignId: campaign.id,
      runId,
      requestedBy: { memberId: ctx.member.id, platformUserId: ctx.actor.userId, lang: ctx.lang },
      ...(progressRef ? { progressRef } : {}),
    });
    await auditByMember(ctx, {
      action: 'lookup.started',
      subject: { type: 'campaign', id: campaign.id },
      data: { run: runId },
    });
    const text = `✅ ${ctx.t(progressRef ? 'lookup:run.started_dm' : 'lookup:run.started', { campaign: inline(campaign.name) })}`;
    return { kind: 'update', view: noticeView(text) };
  },
});

/** The one message the run edits: a DM to the organizer who pressed Run. */
async function postProgress(ctx: Ctx, campaign: Campaign): Promise<ChatRef | undefined> {
  const gateway = ctx.services.chat?.gateways[ctx.actor.platform];
  if (!gateway) return undefined;
  try {
    return await gateway.dm(ctx.actor.userId, progressView(ctx.t, { campaignName: campaign.name, report: emptyReport(), lang: ctx.lang }));
  } catch (err) {
    ctx.services.chat?.onError?.(err, 'lookup progress message');
    return undefined;
  }
}
