import { z } from 'zod';
import { Id, Lang, Platform, Timestamp } from './common.js';
import { ReviewSettings } from './review.js';

/** Hours policy for the org (R2.3 defaults; counsel may relax state rules via `political`). */
export const OrgTextingPolicy = z.object({
  /** True when texts are political/non-commercial: state rules with appliesToPolitical=false are skipped (R2.2). */
  political: z.boolean().default(true),
  /** Per-day caps etc. live in core/compliance defaults unless set here (R6.3). */
  frequency: z
    .object({ perCampaign: z.number().int().min(1), per24h: z.number().int().min(1), per7d: z.number().int().min(1) })
    .partial()
    .optional(),
});
export type OrgTextingPolicy = z.infer<typeof OrgTextingPolicy>;

/** A Twilio Messaging Service SID (R4.5). */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/i;

export const OrgSms = z.object({ numbers: z.array(z.string()).default([]), messagingServiceSid: z.string().optional() });
export type OrgSms = z.infer<typeof OrgSms>;

/** Who sends the one reply to STOP/HELP keywords: the carrier (Advanced Opt-Out) or Textbank. */
export const KeywordReplies = z.enum(['carrier', 'textbank']);
export type KeywordReplies = z.infer<typeof KeywordReplies>;

/** True when the org has a number or Messaging Service to send from. */
export function hasSender(org: Pick<Org, 'sms'>): boolean {
  return Boolean(org.sms.messagingServiceSid) || org.sms.numbers.length > 0;
}

/** Every routing identifier of a sender (its Messaging Service SID and numbers). */
export function senderKeys(sms: Partial<OrgSms>): string[] {
  return [...(sms.messagingServiceSid ? [sms.messagingServiceSid] : []), ...(sms.numbers ?? [])];
}

/** An org is one Slack workspace, one Discord guild, or the local sandbox. */
export const Org = z.object({
  id: Id,
  platform: Platform,
  externalId: z.string().min(1),
  /** Registered organization name, required in every first message (R3.1). */
  name: z.string().min(1).max(80),
  defaultLocale: Lang.default('en'),
  textingPolicy: OrgTextingPolicy.default({ political: true }),
  /** The one opt-out confirmation text per language (R1.6). Empty means: use the locale default. */
  optOutConfirmation: z.partialRecord(Lang, z.string().max(320)).default({}),
  /** Contact point given in HELP replies (R1.9). */
  helpContact: z.string().max(120).optional(),
  /** Who sees conversation threads: the volunteer only (+organizers) or the whole campaign channel. */
  conversationVisibility: z.enum(['private', 'channel']).default('private'),
  /**
   * Sender identity: the numbers and Messaging Service this org sends from. Inbound texts route
   * back by it, so each one belongs to exactly one org (the store enforces it). Empty means the
   * org has no sender yet and cannot start a campaign or send.
   */
  // A factory: zod copies a default value one level deep only, so a literal's `numbers` array
  // would be one array shared by every org parsed without a sender (a push into one org's list
  // would give every later new org that number).
  sms: OrgSms.default(() => ({ numbers: [] })),
  /**
   * Who answers STOP/HELP keywords (R1.3, R1.6 "one confirmation"): `carrier` when Twilio
   * Advanced Opt-Out on the org's Messaging Service replies, so Textbank sends none for the
   * keywords the carrier knows; `textbank` when Textbank sends the one confirmation / HELP text.
   * Absent on orgs made before the setting existed: the deployment default applies.
   */
  keywordReplies: KeywordReplies.optional(),
  /** The org lets the configured reply assistant read voter texts (settings `assistant`); absent/false: the built-in rules only. */
  assistantShareVoterText: z.boolean().optional(),
  /** Minutes a voter's reply may wait before its volunteer gets one nudge (absent: REPLY_TIMER_DEFAULTS). */
  replyNudgeMinutes: z.number().int().min(1).max(10_080).optional(),
  /** Minutes a voter's reply may wait before the conversation moves to the campaign's reply pool. */
  replyReleaseMinutes: z.number().int().min(1).max(10_080).optional(),
  /** First texts paused org-wide (replies keep flowing): the last pause or resume, who and when. */
  initialsPause: z.object({ paused: z.boolean(), by: Id, at: Timestamp }).optional(),
  /** Deliverability thresholds (settings `deliverability_*`); absent keys: DELIVERABILITY_DEFAULTS (core/deliverability/settings.ts). */
  deliverability: z.object({ warnPercent: z.number().min(1).max(100), pausePercent: z.number().min(1).max(100), window: z.number().int().min(50).max(1000) }).partial().optional(),
  /** The review channel and its rules (supervision); absent: nothing is posted for review or held. */
  review: ReviewSettings.optional(),
  /** Settings `require_lookup`: a campaign starts only once a number lookup covered its pending contacts. */
  requireLookup: z.boolean().optional(),
  createdAt: Timestamp,
});
export type Org = z.infer<typeof Org>;
export type NewOrg = Omit<z.input<typeof Org>, 'id' | 'createdAt'>;

/** Reply timers when the org has not set its own (minutes). */
export const REPLY_TIMER_DEFAULTS = { nudgeMinutes: 15, releaseMinutes: 60 } as const;

/** The org's nudge and release times in minutes (its settings, else the defaults). */
export function replyTimersOf(org: Pick<Org, 'replyNudgeMinutes' | 'replyReleaseMinutes'>): { nudgeMinutes: number; releaseMinutes: number } {
  return { nudgeMinutes: org.replyNudgeMinutes ?? REPLY_TIMER_DEFAULTS.nudgeMinutes, releaseMinutes: org.replyReleaseMinutes ?? REPLY_TIMER_DEFAULTS.releaseMinutes };
}

/** True while first texts are paused org-wide. */
export function initialsPaused(org: Pick<Org, 'initialsPause'>): boolean {
  return org.initialsPause?.paused === true;
}

export const Role = z.enum(['owner', 'organizer', 'volunteer']);
export type Role = z.infer<typeof Role>;
const ROLE_RANK: Record<Role, number> = { volunteer: 1, organizer: 2, owner: 3 };
/** True when `role` is at least `needed` (owner > organizer > volunteer). */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const Member = z.object({
  id: Id,
  orgId: Id,
  platformUserId: z.string().min(1),
  displayName: z.string().max(120),
  role: Role,
  locale: Lang.optional(),
  createdAt: Timestamp,
});
export type Member = z.infer<typeof Member>;
