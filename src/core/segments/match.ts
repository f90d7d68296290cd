// The pure segment matcher: the reference both stores' queries must agree with (the contract
// suite checks them against it). Filters of different kinds AND; values inside one filter OR.
import type { Contact, ContactStatus } from '../model/contact.js';
import { SEGMENT_EXCLUDED_STATUSES, type Segment, type SegmentFieldFilter } from './segment.js';

const EXCLUDED: ReadonlySet<string> = new Set(SEGMENT_EXCLUDED_STATUSES);

/** Why a contact that matches the filters is still left out, if it is (status only; the org list is the store's). */
export function statusExclusion(status: ContactStatus): 'opt_out' | 'status' | undefined {
  if (!EXCLUDED.has(status)) return undefined;
  return status === 'opted_out' ? 'opt_out' : 'status';
}

/** The segment's filters alone (no exclusions): what the preview counts before excluding. */
export function matchesFilters(c: Contact, s: Segment): boolean {
  if (s.replied !== undefined && (c.repliedAt !== undefined) !== s.replied) return false;
  if (s.clicked !== undefined && (c.linkClickedAt !== undefined) !== s.clicked) return false;
  if (s.delivered !== undefined) {
    if (s.delivered ? c.initialStatus !== 'delivered' : c.initialStatus !== 'undelivered' && c.initialStatus !== 'failed') return false;
  }
  if (s.errorCodes && (c.initialErrorCode === undefined || !s.errorCodes.includes(c.initialErrorCode))) return false;
  if (s.statuses && !s.statuses.includes(c.status)) return false;
  if (s.langs && !s.langs.includes(c.language)) return false;
  if (s.states && (c.state === undefined || !s.states.includes(c.state))) return false;
  if (s.zipPrefixes && (c.zip === undefined || !s.zipPrefixes.some((p) => (c.zip as string).startsWith(p)))) return false;
  if (s.intents && (c.replyIntent === undefined || !s.intents.includes(c.replyIntent))) return false;
  if (s.tags && !s.tags.some((t) => c.tags.includes(t))) return false;
  if (s.answers) {
    for (const a of s.answers) {
      const got = c.surveyAnswers[a.questionId];
      if (got === undefined || !a.answerIds.includes(got)) return false;
    }
  }
  if (s.fields) for (const f of s.fields) if (!fieldMatches(c.customFields[f.name], f)) return false;
  if (s.messagedBefore && !(c.messagedAt !== undefined && c.messagedAt.getTime() < s.messagedBefore.getTime())) return false;
  if (s.messagedAfter && !(c.messagedAt !== undefined && c.messagedAt.getTime() >= s.messagedAfter.getTime())) return false;
  return true;
}

/** eq / in: the field is one of the values; ne: it is none of them (a missing field counts as none). */
function fieldMatches(value: string | undefined, f: SegmentFieldFilter): boolean {
  const hit = value !== undefined && f.values.includes(value);
  return f.op === 'ne' ? !hit : hit;
}

/** In the segment: matches the filters and is not in an excluded status (opted out, invalid, landline). */
export function matchesSegment(c: Contact, s: Segment): boolean {
  return !EXCLUDED.has(c.status) && matchesFilters(c, s);
}

/** True when the segment has no filter at all (every contact of the campaigns, less exclusions). */
export function isEmptySegment(s: Segment): boolean {
  return Object.values(s).every((v) => v === undefined);
}
