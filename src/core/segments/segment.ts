// A segment: which contacts of one or more campaigns a follow-up, a segmented post or an export
// takes. Filters of different kinds are ANDed; the values inside one filter are ORed (repeating a
// key in chat adds a value). Opted-out, invalid and landline contacts are never in a segment,
// whatever the filters say. Answers are stored resolved to ids (the chat syntax accepts labels).
import { z } from 'zod';
import { ContactStatus } from '../model/contact.js';
import { Lang } from '../model/common.js';

export const SegmentFieldFilter = z.object({
  name: z.string().min(1).max(100),
  op: z.enum(['eq', 'ne', 'in']),
  values: z.array(z.string().max(200)).min(1).max(50),
});
export type SegmentFieldFilter = z.infer<typeof SegmentFieldFilter>;

export const Segment = z.object({
  /** true: the voter replied at least once; false: never replied. */
  replied: z.boolean().optional(),
  /** Survey answers, one entry per question: the contact's answer to `questionId` is one of `answerIds`. */
  answers: z.array(z.object({ questionId: z.string().min(1), answerIds: z.array(z.string().min(1)).min(1) })).max(10).optional(),
  /** Has any of these tag ids. */
  tags: z.array(z.string().min(1)).min(1).optional(),
  /** The triage reading of the voter's latest reply is one of these intents. */
  intents: z.array(z.string().min(1)).min(1).optional(),
  /** true: the first text was delivered; false: it was not (undelivered or failed). */
  delivered: z.boolean().optional(),
  /** The first text failed or was undelivered with one of these carrier error codes. */
  errorCodes: z.array(z.string().min(1)).min(1).optional(),
  statuses: z.array(ContactStatus).min(1).optional(),
  fields: z.array(SegmentFieldFilter).max(10).optional(),
  /** Two-letter states, upper case. */
  states: z.array(z.string().length(2)).min(1).optional(),
  /** ZIP prefixes (1 to 5 digits). */
  zipPrefixes: z.array(z.string().regex(/^\d{1,5}$/)).min(1).optional(),
  langs: z.array(Lang).min(1).optional(),
  /** First text sent before / on-or-after this instant (chat dates are whole days in the org's zone). */
  messagedBefore: z.coerce.date().optional(),
  messagedAfter: z.coerce.date().optional(),
  /** true: opened a tracked link at least once; false: never did. */
  clicked: z.boolean().optional(),
});
export type Segment = z.infer<typeof Segment>;

/** Statuses that are never in any segment (suppressed or unreachable). */
export const SEGMENT_EXCLUDED_STATUSES = ['opted_out', 'invalid', 'landline'] as const;

/** Preview counts of a segment (before frequency caps, which the preview service adds). */
export interface SegmentCounts {
  /** Matching contacts that may be texted again (not excluded). */
  matched: number;
  /** Matched the filters but the phone is opted out (status opted_out, or on the org's list). */
  excludedOptOut: number;
  /** Matched the filters but the status is invalid or landline. */
  excludedStatus: number;
}
