// `/textbank followup <campaign> <short-name> [filters]`: a draft follow-up campaign whose
// contacts are a snapshot of the segment (e.g. `answer:support=yes`), with the source's survey,
// canned replies and tags copied and its own script still to write. The answer shows the
// segment's counts; the copy runs as the `followup.snapshot` job and edits one progress
// message in the organizer's DM.
import { createFollowUp } from '../core/followups/create.js';
import { createFollowUpSnapshotJob } from './followup-job.js';
import type { ChatRef } from '../core/model/common.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { errorView } from './framework/error-view.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { readSegment, segmentInWords, segmentOptions } from './support/segment-options.js';
import { followUpCreatedView, snapshotProgressView } from './views/followups.js';
import { isFailure } from '../core/campaigns/result.js';

/** The progress message the snapshot edits: a DM to the organizer (it names the campaign, not voters). */
async function postProgress(ctx: Ctx, name: string, slug: string, total: number): Promise<ChatRef | undefined> {
  const gateway = ctx.services.chat?.gateways[ctx.actor.platform];
  if (!gateway) return undefined;
  try {
    return await gateway.dm(ctx.actor.userId, snapshotProgressView(ctx.t, { name, slug, lang: ctx.lang, snapshot: { status: 'running', read: 0, copied: 0, duplicates: 0, total } }));
  } catch (err) {
    ctx.services.chat?.onError?.(err, 'follow-up progress message');
    return undefined;
  }
}

export const followupCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['followup'],
  descriptionKey: 'followups:descriptions.followup',
  options: [
    { ...campaignOption, required: true },
    { name: 'slug', type: 'string', descriptionKey: 'followups:options.slug', required: true, maxLength: 40 },
    ...segmentOptions,
  ],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options): Promise<Reply | Reply[]> {
    const { store } = ctx.services;
    const source = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    const segment = await readSegment(ctx, source, options);
    const slug = String(options.slug ?? '').trim().toLowerCase();
    const counts = await store.contacts.countSegment(ctx.org.id, [source.id], segment);
    if (await store.campaigns.findBySlug(ctx.org.id, slug)) return errorView(ctx.t, 'engine:campaign.slug_taken', { slug });
    const created = await createFollowUp({ store, clock: ctx.services.clock }, ctx.org.id, {
      fromCampaignId: source.id,
      slug,
      segment,
      counts,
      requestedBy: { platformUserId: ctx.actor.userId, lang: ctx.lang },
    }, ctx.member.id);
    if (!created.ok) {
      if (created.reason === 'followups:errors.bad_slug') return errorView(ctx.t, created.reason, created.params);
      return isFailure(created) ? failureReply(ctx, created) : errorView(ctx.t, 'engine:campaign.invalid');
    }
    const { campaign } = created;
    // The progress message names the new campaign, so it is posted once the campaign exists and
    // before the copy is queued (the job edits it from the first batch on).
    const ref = await postProgress(ctx, campaign.name, campaign.slug, counts.matched);
    if (ref && campaign.followUpOf) {
      await store.campaigns.update(ctx.org.id, campaign.id, { followUpOf: { ...campaign.followUpOf, snapshot: { ...(campaign.followUpOf.snapshot ?? { status: 'running', read: 0, copied: 0, duplicates: 0 }), progressRef: ref } } });
    }
    const job = { orgId: ctx.org.id, campaignId: campaign.id };
    const snapshots = ctx.services.followUpSnapshots;
    if (snapshots) await snapshots.enqueue(job);
    else await createFollowUpSnapshotJob({ store, clock: ctx.services.clock, gateways: ctx.services.chat?.gateways ?? {}, translator: ctx.services.chat?.translator ?? (() => ctx.t) }).handle(job);
    return ephemeral(followUpCreatedView(ctx.t, {
      name: campaign.name,
      slug: campaign.slug,
      sourceName: source.name,
      segment: segmentInWords(ctx, source, segment),
      counts,
      lang: ctx.lang,
      progressInDm: ref !== undefined,
    }));
  },
});

