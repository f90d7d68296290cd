// A Segment as one MongoDB query document over the contacts collection: the same meaning as
// core's matchesFilters (the contract suite runs both stores against the same cases). Every
// condition is on a top-level path or one key of surveyAnswers/customFields, so the query runs
// on the (orgId, campaignId, ...) indexes and filters documents server-side.
import type { QueryFilter } from 'mongoose';
import { SEGMENT_EXCLUDED_STATUSES, type Segment } from '../../core/segments/segment.js';
import type { ContactDoc } from './schemas/contact.js';
import { assertFieldKey } from './support.js';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The segment's filters (no org, campaign or exclusion terms). */
export function segmentFilters(s: Segment): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (s.replied !== undefined) q.repliedAt = { $exists: s.replied };
  if (s.clicked !== undefined) q.linkClickedAt = { $exists: s.clicked };
  if (s.delivered !== undefined) q.initialStatus = s.delivered ? 'delivered' : { $in: ['undelivered', 'failed'] };
  if (s.errorCodes) q.initialErrorCode = { $in: s.errorCodes };
  if (s.statuses) q.status = { $in: s.statuses };
  if (s.langs) q.language = { $in: s.langs };
  if (s.states) q.state = { $in: s.states };
  // Anchored prefixes: index-friendly and the same as startsWith.
  if (s.zipPrefixes) q.zip = { $in: s.zipPrefixes.map((p) => new RegExp(`^${escapeRegex(p)}`)) };
  if (s.intents) q.replyIntent = { $in: s.intents };
  if (s.tags) q.tags = { $in: s.tags };
  for (const a of s.answers ?? []) {
    assertFieldKey(a.questionId, 'survey question id');
    q[`surveyAnswers.${a.questionId}`] = { $in: a.answerIds };
  }
  const and: Record<string, unknown>[] = [];
  for (const f of s.fields ?? []) {
    assertFieldKey(f.name, 'custom field name');
    // ne: none of the values; a missing field counts as none ($nin matches it, as the matcher does).
    and.push({ [`customFields.${f.name}`]: f.op === 'ne' ? { $nin: f.values } : { $in: f.values } });
  }
  if (and.length) q.$and = and;
  if (s.messagedBefore || s.messagedAfter) {
    q.messagedAt = { ...(s.messagedBefore ? { $lt: s.messagedBefore } : {}), ...(s.messagedAfter ? { $gte: s.messagedAfter } : {}) };
  }
  return q;
}

/** Contacts of these campaigns matching the filters, excluded statuses included (the preview counts them). */
export function segmentMatchQuery(orgId: string, campaignIds: readonly string[], s: Segment): QueryFilter<ContactDoc> {
  return { orgId, campaignId: { $in: [...new Set(campaignIds)] }, ...segmentFilters(s) } as QueryFilter<ContactDoc>;
}

/** The segment itself: matching and not in an excluded status. */
export function segmentQuery(orgId: string, campaignIds: readonly string[], s: Segment): QueryFilter<ContactDoc> {
  const excluded = [...SEGMENT_EXCLUDED_STATUSES] as string[];
  const filters = segmentFilters(s);
  const status = s.statuses ? { $in: s.statuses.filter((x) => !excluded.includes(x)) } : { $nin: excluded };
  return { orgId, campaignId: { $in: [...new Set(campaignIds)] }, ...filters, status } as QueryFilter<ContactDoc>;
}
