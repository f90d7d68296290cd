// The `followup.snapshot` job's work: the follow-up campaign's contacts are the source segment's
// contacts as they are now, streamed from the store (a cursor; memory stays flat however many)
// and inserted in batches. Each copy carries the contact's fields, language, place and texting
// window, tags and survey answers (for `{answer.<question>}`), and where it came from. Safe to
// run again after a crash: insertMany skips phones already in the campaign, so a re-run copies
// only what is missing.
import type { Campaign, FollowUpSnapshot } from '../model/campaign.js';
import type { Contact, NewContact } from '../model/contact.js';
import type { Clock, Store } from '../ports.js';

/** Payload of the `followup.snapshot` job: ids only; the rest is re-read from the store. */
export interface FollowUpSnapshotJob {
  orgId: string;
  campaignId: string;
}

export const SNAPSHOT_BATCH = 1_000;

/** One source contact as a follow-up contact (pending; claim and volunteer are the follow-up's own). */
export function followUpContact(c: Contact): NewContact {
  return {
    phone: c.phone,
    firstName: c.firstName,
    lastName: c.lastName,
    ...(c.zip !== undefined ? { zip: c.zip } : {}),
    ...(c.state !== undefined ? { state: c.state } : {}),
    timezones: c.timezones,
    windowKey: c.windowKey,
    language: c.language,
    customFields: c.customFields,
    surveyAnswers: c.surveyAnswers,
    tags: c.tags,
    ...(c.lineType !== undefined ? { lineType: c.lineType } : {}),
    // The conversation is found from the source contact when the follow-up text is sent (one
    // look-up per text, not one per copied contact).
    followUpOf: { campaignId: c.campaignId, contactId: c.id, ...(c.volunteerId ? { volunteerId: c.volunteerId } : {}) },
  };
}

export interface SnapshotDeps {
  store: Store;
  clock: Clock;
}

export interface SnapshotOptions {
  batchSize?: number;
  /** Called after each batch with the counts so far (the job edits its progress message). */
  onProgress?: (progress: FollowUpSnapshot) => Promise<void>;
}

export type SnapshotOutcome = { ok: true; campaign: Campaign; snapshot: FollowUpSnapshot } | { ok: false; reason: 'not_found' | 'not_follow_up' | 'source_gone' };

/**
 * Copies the segment into the follow-up campaign. The campaign's `followUpOf.snapshot` is kept
 * current after every batch (status running, then done); counters.contacts grows with each insert.
 */
export async function runFollowUpSnapshot(deps: SnapshotDeps, orgId: string, campaignId: string, opts: SnapshotOptions = {}): Promise<SnapshotOutcome> {
  const { store, clock } = deps;
  const campaign = await store.campaigns.get(orgId, campaignId);
  if (!campaign) return { ok: false, reason: 'not_found' };
  const followUpOf = campaign.followUpOf;
  if (!followUpOf) return { ok: false, reason: 'not_follow_up' };
  if (!(await store.campaigns.get(orgId, followUpOf.campaignId))) {
    await store.campaigns.update(orgId, campaignId, { followUpOf: { ...followUpOf, snapshot: { ...baseSnapshot(followUpOf.snapshot), status: 'failed', finishedAt: clock.now() } } });
    return { ok: false, reason: 'source_gone' };
  }
  const size = Math.max(1, opts.batchSize ?? SNAPSHOT_BATCH);
  // A re-run counts from zero again: what is already here shows up as duplicates.
  let progress: FollowUpSnapshot = { ...baseSnapshot(followUpOf.snapshot), status: 'running', read: 0, copied: 0, duplicates: 0 };
  delete progress.finishedAt;
  const save = async (p: FollowUpSnapshot): Promise<void> => {
    await store.campaigns.update(orgId, campaignId, { followUpOf: { ...followUpOf, snapshot: p } });
  };
  await save(progress);

  let batch: NewContact[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await store.contacts.insertMany(orgId, campaignId, batch);
    if (result.inserted > 0) await store.campaigns.increment(orgId, campaignId, { contacts: result.inserted });
    progress = { ...progress, read: progress.read + batch.length, copied: progress.copied + result.inserted, duplicates: progress.duplicates + result.duplicates.length };
    batch = [];
    await save(progress);
    await opts.onProgress?.(progress);
  };
  for await (const c of store.contacts.streamSegment(orgId, [followUpOf.campaignId], followUpOf.segment)) {
    batch.push(followUpContact(c));
    if (batch.length >= size) await flush();
  }
  await flush();
  progress = { ...progress, status: 'done', finishedAt: clock.now() };
  await save(progress);
  const updated = (await store.campaigns.get(orgId, campaignId)) ?? campaign;
  return { ok: true, campaign: updated, snapshot: progress };
}

function baseSnapshot(s: FollowUpSnapshot | undefined): FollowUpSnapshot {
  return s ? { ...s } : { status: 'running', read: 0, copied: 0, duplicates: 0 };
}
