// Creating a follow-up campaign: a draft with its own slug and name that copies the source's
// survey, canned replies, tags and settings (all editable), and no script (the organizer writes
// the follow-up's own). It remembers its source and segment; its contacts are copied by the
// `followup.snapshot` job (snapshot.ts), queued right after.
import { z } from 'zod';
import type { Campaign, NewCampaign } from '../model/campaign.js';
import type { Member } from '../model/org.js';
import type { ChatRef, Lang } from '../model/common.js';
import type { Clock, JobQueue, Store } from '../ports.js';
import { DuplicateError } from '../errors.js';
import { loadActor } from '../campaigns/access.js';
import { fail, isFailure, type Failure } from '../campaigns/result.js';
import type { Segment, SegmentCounts } from '../segments/segment.js';
import type { FollowUpSnapshotJob } from './snapshot.js';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

export interface CreateFollowUpInput {
  fromCampaignId: string;
  slug: string;
  /** Default: the source's name with the slug after it. */
  name?: string;
  segment: Segment;
  /** Who the snapshot's progress message speaks to, and that message (posted before). */
  requestedBy?: { platformUserId: string; lang: Lang };
  progressRef?: ChatRef;
  /** The segment's preview counts when the caller already has them (else counted here). */
  counts?: SegmentCounts;
}

export type FollowUpFailure = Failure | { ok: false; reason: 'followups:errors.bad_slug'; params: Record<string, string | number> };
export type CreateFollowUpResult = { ok: true; campaign: Campaign; source: Campaign; counts: SegmentCounts } | FollowUpFailure;

export interface FollowUpDeps {
  store: Store;
  clock: Clock;
}

/** The follow-up draft's record, copied from `source` (pure). */
export function followUpCampaign(
  source: Campaign,
  input: { slug: string; name: string; segment: Segment; createdBy: string; total?: number } & Pick<CreateFollowUpInput, 'requestedBy' | 'progressRef'>,
): NewCampaign {
  return {
    orgId: source.orgId,
    slug: input.slug,
    name: input.name,
    ...(source.channelId ? { channelId: source.channelId } : {}),
    scripts: {},
    survey: structuredClone(source.survey),
    cannedReplies: structuredClone(source.cannedReplies),
    tags: structuredClone(source.tags),
    batchSize: source.batchSize,
    claimExpiryMinutes: source.claimExpiryMinutes,
    maxActiveClaimsPerVolunteer: source.maxActiveClaimsPerVolunteer,
    ...(source.windowOverride ? { windowOverride: structuredClone(source.windowOverride) } : {}),
    ...(source.disclaimer ? { disclaimer: structuredClone(source.disclaimer) } : {}),
    followUpOf: {
      campaignId: source.id,
      segment: input.segment,
      snapshot: {
        status: 'running', read: 0, copied: 0, duplicates: 0,
        ...(input.total !== undefined ? { total: input.total } : {}),
        ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
        ...(input.progressRef ? { progressRef: input.progressRef } : {}),
      },
    },
    createdBy: input.createdBy,
  };
}

/** The name a follow-up gets when none is given: "<source name> · <slug>", within the 100-character limit. */
export function defaultFollowUpName(source: Pick<Campaign, 'name'>, slug: string): string {
  const tail = ` · ${slug}`;
  return `${source.name.slice(0, 100 - tail.length)}${tail}`;
}

/** Queues the snapshot (job id per campaign: a double enqueue copies once). */
export async function enqueueSnapshot(queue: JobQueue, job: FollowUpSnapshotJob): Promise<void> {
  await queue.enqueue('followup.snapshot', job, { jobId: `followup.snapshot-${job.campaignId}`, attempts: 3, backoff: { type: 'exponential', delayMs: 10_000 } });
}

/**
 * Organizers only. The segment is counted first, so the answer says how many it will copy. The
 * caller then queues the snapshot (enqueueSnapshot) or runs it.
 */
export async function createFollowUp(deps: FollowUpDeps, orgId: string, input: CreateFollowUpInput, by: string): Promise<CreateFollowUpResult> {
  const { store } = deps;
  const actor: Member | Failure = await loadActor(store, orgId, by, 'organizer');
  if (isFailure(actor)) return actor;
  if (!Slug.safeParse(input.slug).success) return { ok: false, reason: 'followups:errors.bad_slug', params: { slug: input.slug.slice(0, 60) } };
  const source = await store.campaigns.get(orgId, input.fromCampaignId);
  if (!source) return fail('engine:campaign.not_found');
  if (await store.campaigns.findBySlug(orgId, input.slug)) return fail('engine:campaign.slug_taken', { slug: input.slug });
  const counts = input.counts ?? (await store.contacts.countSegment(orgId, [source.id], input.segment));
  const name = input.name?.trim() || defaultFollowUpName(source, input.slug);
  let campaign: Campaign;
  try {
    campaign = await store.campaigns.create(orgId, followUpCampaign(source, {
      slug: input.slug, name: name.slice(0, 100), segment: input.segment, createdBy: actor.id, total: counts.matched,
      ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
      ...(input.progressRef ? { progressRef: input.progressRef } : {}),
    }));
  } catch (err) {
    if (err instanceof DuplicateError) return fail('engine:campaign.slug_taken', { slug: input.slug });
    throw err;
  }
  await store.audit.append({
    orgId,
    at: deps.clock.now(),
    actor: { type: 'member', id: actor.id, name: actor.displayName },
    action: 'campaign.follow_up_created',
    subject: { type: 'campaign', id: campaign.id },
    data: { slug: campaign.slug, fromCampaignId: source.id, matched: counts.matched },
  });
  return { ok: true, campaign, source, counts };
}
