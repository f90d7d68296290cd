// A segment's preview: how many contacts it would take, how many the opt-out list and the
// unreachable statuses leave out, and how many would hit a frequency cap (R6.3) if texted today.
// The cap check reads each contact's recent initials; past `capSampleLimit` contacts it reads the
// first ones (stream order) and scales, and the preview says it is an estimate.
import type { Org } from '../model/org.js';
import type { Store } from '../ports.js';
import { checkFrequency, DEFAULT_FREQUENCY_CAPS } from '../rules.js';
import type { Segment, SegmentCounts } from './segment.js';

const WEEK_MS = 7 * 86_400_000;
/** Contacts whose history the cap check reads before it estimates (a bounded preview cost). */
export const CAP_SAMPLE_LIMIT = 500;

export interface SegmentPreview extends SegmentCounts {
  /** Matched contacts that would hit a frequency cap (daily or weekly) if texted now. */
  capped: number;
  /** How many matched contacts the cap check read; below `matched`, `capped` is an estimate. */
  capSample: number;
}

export interface PreviewInput {
  org: Pick<Org, 'id' | 'textingPolicy'>;
  campaignIds: string[];
  segment: Segment;
  now: Date;
  capSampleLimit?: number;
}

export async function previewSegment(store: Pick<Store, 'contacts' | 'messages'>, input: PreviewInput): Promise<SegmentPreview> {
  const { org, campaignIds, segment, now } = input;
  const counts = await store.contacts.countSegment(org.id, campaignIds, segment);
  const limit = Math.max(0, input.capSampleLimit ?? CAP_SAMPLE_LIMIT);
  const caps = { ...DEFAULT_FREQUENCY_CAPS, ...(org.textingPolicy.frequency ?? {}) };
  let read = 0;
  let capped = 0;
  if (counts.matched > 0 && limit > 0) {
    for await (const c of store.contacts.streamSegment(org.id, campaignIds, segment)) {
      const history = await store.messages.initialsToPhone(org.id, c.phone, new Date(now.getTime() - WEEK_MS));
      // A new text (a follow-up is a campaign of its own): only the rolling caps can refuse it.
      const r = checkFrequency(history.map((h) => ({ ...h, initial: true })), { campaignId: '\u0000segment-preview', at: now }, caps);
      if (!r.ok) capped += 1;
      read += 1;
      if (read >= limit) break;
    }
  }
  const estimate = read > 0 && read < counts.matched ? Math.round((capped * counts.matched) / read) : capped;
  return { ...counts, capped: estimate, capSample: read };
}
