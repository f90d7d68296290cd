import { z } from 'zod';
import { E164, Id, Lang, Timestamp } from './common.js';

/**
 * pending -> assigned -> messaged -> needs_reply <-> replied -> closed;
 * side exits skipped, opted_out, invalid, landline (DESIGN: States).
 */
export const ContactStatus = z.enum([
  'pending', 'assigned', 'messaged', 'needs_reply', 'replied', 'closed',
  'skipped', 'opted_out', 'invalid', 'landline',
]);
export type ContactStatus = z.infer<typeof ContactStatus>;
export const CONTACT_STATUSES: readonly ContactStatus[] = ContactStatus.options;
/** Statuses a contact reaches only after its initial text was pressed. */
export const MESSAGED_OR_LATER: readonly ContactStatus[] = ['messaged', 'needs_reply', 'replied', 'closed'];
/** Not yet texted: in the pool or in a volunteer's batch (org-wide opt-outs R1.5, number lookups). */
export const NOT_YET_MESSAGED: readonly ContactStatus[] = ['pending', 'assigned'];
/** Statuses after which no initial text may ever be sent. */
export const CONTACT_DONE: readonly ContactStatus[] = ['skipped', 'opted_out', 'invalid', 'landline', 'closed'];

/** Outcomes a volunteer records from a reply: the number is wrong, or the person died, moved or already voted. */
export const ContactOutcome = z.enum(['wrong_number', 'deceased', 'moved', 'already_voted']);
export type ContactOutcome = z.infer<typeof ContactOutcome>;

export const Contact = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id,
  phone: E164,
  firstName: z.string().max(100).default(''),
  lastName: z.string().max(100).default(''),
  zip: z.string().max(10).optional(),
  state: z.string().length(2).optional(),
  /** Candidate IANA zones (R2.4); all must be open to text. */
  timezones: z.array(z.string()).default([]),
  /**
   * A key that groups contacts whose texting window is identical (zones + states that decide it).
   * Claims select `windowKey IN (keys open now)` so the window filter runs inside the store query.
   */
  windowKey: z.string().default(''),
  language: Lang.default('en'),
  customFields: z.record(z.string(), z.string()).default({}),
  status: ContactStatus,
  claimId: Id.optional(),
  volunteerId: Id.optional(),
  surveyAnswers: z.record(z.string(), z.string()).default({}),
  tags: z.array(z.string()).default([]),
  /** What a voter's reply showed about the person or the number (one press in the thread); read by CRM sync and the export. */
  outcome: ContactOutcome.optional(),
  lastMessageAt: Timestamp.optional(),
  /** A/B script variant given at claim (stable hash, even split); the first text uses it. */
  variant: z.string().max(40).optional(),
  /** Tracked links: when this contact first opened its link, and how many counted opens. */
  linkClickedAt: Timestamp.optional(),
  linkClicks: z.number().int().min(0).optional(),
  /** Number lookup result (line type intelligence); landline and voip contacts are never claimed. */
  lineType: z.enum(['mobile', 'landline', 'voip', 'unknown']).optional(),
  /**
   * A follow-up campaign's contact: the contact (and conversation) of the campaign it came from,
   * and the volunteer who had that conversation (their claims take these contacts first).
   */
  followUpOf: z.object({ campaignId: Id, contactId: Id, conversationId: Id.optional(), volunteerId: Id.optional() }).optional(),
  /** Segment facts (kept by the engine): the first text pressed, the first voter reply. */
  messagedAt: Timestamp.optional(),
  repliedAt: Timestamp.optional(),
  /** Triage reading of the voter's latest reply (a TriageIntent). */
  replyIntent: z.string().max(40).optional(),
  /** Carrier outcome of the first text, and its error code when it failed. */
  initialStatus: z.enum(['delivered', 'undelivered', 'failed']).optional(),
  initialErrorCode: z.string().max(20).optional(),
  /** 1-based line of the import file the record started on. */
  importLine: z.number().int().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = z.infer<typeof Contact>;
/** What `contacts.setFacts` writes: `messagedAt`/`repliedAt` keep their first value, the rest the latest. */
export type ContactFacts = Partial<Pick<Contact, 'messagedAt' | 'repliedAt' | 'replyIntent' | 'initialStatus' | 'initialErrorCode'>>;
export type NewContact = Omit<z.input<typeof Contact>, 'id' | 'orgId' | 'campaignId' | 'status' | 'createdAt' | 'updatedAt'>;

export const ClaimStatus = z.enum(['active', 'completed', 'released', 'expired']);
export type ClaimStatus = z.infer<typeof ClaimStatus>;

/** A volunteer's batch. Dynamic: contacts point at it through contact.claimId. */
export const Claim = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id,
  volunteerId: Id,
  status: ClaimStatus,
  /** How many contacts were assigned when it was made. */
  size: z.number().int().min(0),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
  endedAt: Timestamp.optional(),
});
export type Claim = z.infer<typeof Claim>;
