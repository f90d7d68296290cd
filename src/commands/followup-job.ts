// The `followup.snapshot` job: copies a follow-up campaign's segment (core runFollowUpSnapshot)
// and edits the snapshot's one progress message as batches finish (at most every few seconds:
// chat APIs rate-limit edits), then shows the final counts. A finished snapshot is not run
// again (a re-delivered job); one that crashed midway is safe to run again (the copy skips
// phones already in the campaign).
import { z } from 'zod';
import type { Campaign, FollowUpSnapshot } from '../core/model/campaign.js';
import type { Lang, Platform } from '../core/model/common.js';
import type { ChatGateway, Clock, Store } from '../core/ports.js';
import { runFollowUpSnapshot } from '../core/followups/snapshot.js';
import type { Translate } from './framework/definition.js';
import { snapshotProgressView } from './views/followups.js';

export const FollowUpSnapshotJob = z.object({ orgId: z.string().min(1), campaignId: z.string().min(1) });

export interface FollowUpSnapshotJobDeps {
  store: Store;
  clock: Clock;
  gateways: Partial<Record<Platform, ChatGateway>>;
  translator(lang: Lang): Translate;
  log?: { warn(obj: object, msg: string): void };
  /** Least time between two edits of the progress message (default 2 s). */
  progressEveryMs?: number;
  batchSize?: number;
}

export function createFollowUpSnapshotJob(deps: FollowUpSnapshotJobDeps): { handle(payload: unknown): Promise<void> } {
  const { store, clock } = deps;
  const every = deps.progressEveryMs ?? 2_000;

  async function show(campaign: Campaign, snapshot: FollowUpSnapshot): Promise<void> {
    const ref = snapshot.progressRef;
    const gateway = ref ? deps.gateways[ref.platform] : undefined;
    if (!ref || !gateway) return;
    const lang = snapshot.requestedBy?.lang ?? 'en';
    try {
      await gateway.update(ref, snapshotProgressView(deps.translator(lang), { name: campaign.name, slug: campaign.slug, snapshot, lang }));
    } catch (err) {
      deps.log?.warn({ err: String(err), campaignId: campaign.id }, 'followup.snapshot: the progress message could not be updated');
    }
  }

  return {
    async handle(payload) {
      const job = FollowUpSnapshotJob.parse(payload);
      const campaign = await store.campaigns.get(job.orgId, job.campaignId);
      if (!campaign?.followUpOf || campaign.followUpOf.snapshot?.status === 'done') return;
      let shownAt = clock.now().getTime();
      const result = await runFollowUpSnapshot({ store, clock }, job.orgId, job.campaignId, {
        ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
        onProgress: async (snapshot) => {
          const now = clock.now().getTime();
          if (now - shownAt < every) return;
          shownAt = now;
          await show(campaign, snapshot);
        },
      });
      if (result.ok) {
        await show(result.campaign, result.snapshot);
        return;
      }
      const latest = await store.campaigns.get(job.orgId, job.campaignId);
      if (latest?.followUpOf?.snapshot) await show(latest, latest.followUpOf.snapshot);
    },
  };
}
