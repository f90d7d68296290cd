import { z } from 'zod';
import { Id, Lang, Timestamp, ChatRef } from './common.js';
import { MediaRef } from '../media/media.js';
import { Segment } from '../segments/segment.js';

export const CampaignStatus = z.enum(['draft', 'active', 'paused', 'archived']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

/** Allowed campaign moves (DESIGN: draft -> active <-> paused -> archived). */
export const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['active', 'archived'],
  active: ['paused', 'archived'],
  paused: ['active', 'archived'],
  archived: [],
};

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, up to 40');

/** A/B script variants: `initial` is variant A; B, C and D are alternative first messages. */
export const VariantId = z.enum(['A', 'B', 'C', 'D']);
export type VariantId = z.infer<typeof VariantId>;
/** Variants per language, A included (each one is a stats section and a modal of its own). */
export const MAX_VARIANTS = 4;
export const ScriptVariant = z.object({
  id: VariantId.exclude(['A']),
  /** Linted like `initial` (R3.1, R3.2): a variant without them blocks start. */
  initial: z.string().min(1).max(1600),
});
export type ScriptVariant = z.infer<typeof ScriptVariant>;

export const ScriptSet = z.object({
  /** The initial message (variant A): must name the org and carry opt-out language (R3.1, R3.2). */
  initial: z.string().min(1).max(1600),
  followUps: z.array(z.object({ id: z.string(), label: z.string().max(75), text: z.string().max(1600) })).default([]),
  /** Alternative first messages (B, C, D); optional so a single-script campaign is unchanged. */
  variants: z.array(ScriptVariant).max(MAX_VARIANTS - 1).optional(),
  /** Retired variants: claims stop giving them out; contacts that already have one keep it. */
  retired: z.array(VariantId).optional(),
  /** MMS: an image or the org's contact card sent with the first message. */
  media: MediaRef.optional(),
});
export type ScriptSet = z.infer<typeof ScriptSet>;

/** Question text: a section of the conversation view and a stats heading. */
export const MAX_QUESTION_TEXT = 300;
/** Answer label: Slack's button text limit (Discord allows 80). */
export const MAX_ANSWER_LABEL = 75;
/** Answers per question: Slack's elements per actions block, Discord's 5 rows of 5 buttons. */
export const MAX_ANSWERS = 25;
/** Questions per campaign: each is a stats section and an export column; ten keep stats in one message on both platforms. */
export const MAX_SURVEY_QUESTIONS = 10;
/** Tags per campaign: the tag menu is one select, and a Discord select holds at most 25 options. */
export const MAX_TAGS = 25;
/** Tag label: Slack's select option text limit (Discord allows 100). */
export const MAX_TAG_LABEL = 75;

/** A survey: questions -> answers -> next step (another question, or the end). */
export const SurveyAnswer = z.object({
  id: z.string().min(1).max(40),
  label: z.string().min(1).max(MAX_ANSWER_LABEL),
  /** Optional text suggested to the volunteer after this answer (never sent without a press). */
  reply: z.partialRecord(Lang, z.string().max(1600)).optional(),
  nextQuestionId: z.string().optional(),
});
export const SurveyQuestion = z.object({
  id: z.string().min(1).max(40),
  text: z.string().min(1).max(MAX_QUESTION_TEXT),
  answers: z.array(SurveyAnswer).min(1).max(MAX_ANSWERS),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/** Quick replies per campaign: one select's worth on Discord (25 options) and one Slack actions block (25 elements). */
export const MAX_CANNED_REPLIES = 25;
/** Quick reply and follow-up labels: Slack's button text limit (Discord allows 80). */
export const MAX_CANNED_LABEL = 75;

export const CannedReply = z.object({
  id: z.string().min(1).max(40),
  label: z.string().min(1).max(75),
  text: z.partialRecord(Lang, z.string().min(1).max(1600)),
  /** MMS: an image or the org's contact card sent with this reply (any language). */
  media: MediaRef.optional(),
});
export type CannedReply = z.infer<typeof CannedReply>;

export const Tag = z.object({ id: z.string().min(1).max(40), label: z.string().min(1).max(MAX_TAG_LABEL) });

/** Counters kept current by the engine so stats never scan contacts. */
export const CampaignCounters = z.object({
  contacts: z.number().int().default(0),
  /** Initial texts pressed: the base of reply and opt-out rates. */
  initials: z.number().int().default(0),
  /** Outbound texts the carrier accepted (every kind). */
  sent: z.number().int().default(0),
  delivered: z.number().int().default(0),
  failed: z.number().int().default(0),
  replies: z.number().int().default(0),
  repliedContacts: z.number().int().default(0),
  optOuts: z.number().int().default(0),
  spamFiltered: z.number().int().default(0),
});
export type CampaignCounters = z.infer<typeof CampaignCounters>;
export type CounterName = keyof CampaignCounters;

/** Narrowing of the texting window for one campaign (it may only narrow, R2.3). */
export const WindowOverride = z.object({
  startHour: z.number().min(0).max(24).optional(),
  endHour: z.number().min(0).max(24).optional(),
  days: z.array(z.number().int().min(0).max(6)).optional(),
});

/**
 * R3.3 Florida: the "Paid for by" disclaimer and/or the https URL of a page showing it (kept up
 * 30 days after the election). The `{disclaimer}` merge field renders it; a campaign that reaches
 * Florida voters cannot start, nor text one, without it in the first text.
 */
export const CampaignDisclaimer = z.object({
  text: z.string().trim().min(1).max(200).optional(),
  url: z.url({ protocol: /^https$/ }).max(200).optional(),
});
export type CampaignDisclaimer = z.infer<typeof CampaignDisclaimer>;

/** How far copying a follow-up campaign's contacts got (the `followup.snapshot` job). */
export const FollowUpSnapshot = z.object({
  status: z.enum(['running', 'done', 'failed']),
  /** Source contacts read, copied into this campaign, and already here (a re-run). */
  read: z.number().int().min(0).default(0),
  copied: z.number().int().min(0).default(0),
  duplicates: z.number().int().min(0).default(0),
  /** The segment's matching contacts when the follow-up was made (the progress bar's total). */
  total: z.number().int().min(0).optional(),
  /** The one chat message the job edits with its progress. */
  progressRef: ChatRef.optional(),
  /** Who asked, in which language the progress message speaks. */
  requestedBy: z.object({ platformUserId: z.string(), lang: Lang }).optional(),
  finishedAt: Timestamp.optional(),
});
export type FollowUpSnapshot = z.infer<typeof FollowUpSnapshot>;

/** A follow-up campaign: the campaign and segment its contacts were copied from. */
export const CampaignFollowUp = z.object({ campaignId: Id, segment: Segment, snapshot: FollowUpSnapshot.optional() });
export type CampaignFollowUp = z.infer<typeof CampaignFollowUp>;

/** Segmented posts per campaign: one per audience (e.g. one per language), so a handful. */
export const MAX_SEGMENT_POSTS = 20;
/**
 * A segmented claim post: its Claim button carries only `id`; claims from it take the
 * campaign's pending contacts that match `segment` (the filter never travels in a button).
 */
export const SegmentPost = z.object({
  id: z.string().min(1).max(40),
  segment: Segment,
  /** The filter as the organizer typed it, shown on the post. */
  label: z.string().max(300).default(''),
  channelId: z.string().optional(),
  postRef: ChatRef.optional(),
  createdBy: Id,
  createdAt: Timestamp,
});
export type SegmentPost = z.infer<typeof SegmentPost>;

/**
 * First texts of one campaign paused, by the deliverability guardrail (`by: 'guardrail'`, with
 * what crossed the pause threshold) or by an organizer (member id); `paused: false` after a Resume.
 */
export const CampaignInitialsPause = z.object({
  paused: z.boolean(),
  by: z.string().min(1),
  at: Timestamp,
  reason: z.object({ cause: z.enum(['carrier_violation', 'unreachable']), percent: z.number().min(0).max(100), scope: z.enum(['campaign', 'sender']) }).optional(),
});
export type CampaignInitialsPause = z.infer<typeof CampaignInitialsPause>;

export const Campaign = z.object({
  id: Id,
  orgId: Id,
  slug: Slug,
  name: z.string().min(1).max(100),
  status: CampaignStatus,
  channelId: z.string().optional(),
  /** The claim post in the channel, updated with live counts. */
  postRef: ChatRef.optional(),
  scripts: z.partialRecord(Lang, ScriptSet).default({}),
  survey: z.array(SurveyQuestion).default([]),
  cannedReplies: z.array(CannedReply).default([]),
  tags: z.array(Tag).default([]),
  batchSize: z.number().int().min(1).max(500).default(50),
  claimExpiryMinutes: z.number().int().min(5).max(7 * 24 * 60).default(120),
  maxActiveClaimsPerVolunteer: z.number().int().min(1).max(10).default(1),
  windowOverride: WindowOverride.optional(),
  // The former `spamPauseRate` (a cumulative 30007 share) is gone: the deliverability guardrail
  // (org thresholds over the last sends, core/deliverability) pauses first texts instead. Stored
  // campaigns that still carry it parse: this object strips keys it does not know.
  disclaimer: CampaignDisclaimer.optional(),
  /** This campaign's first texts paused (replies keep flowing): the last pause or resume. */
  initialsPause: CampaignInitialsPause.optional(),
  counters: CampaignCounters.default(CampaignCounters.parse({})),
  followUpOf: CampaignFollowUp.optional(),
  posts: z.array(SegmentPost).max(MAX_SEGMENT_POSTS).optional(),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Campaign = z.infer<typeof Campaign>;
export type NewCampaign = Omit<z.input<typeof Campaign>, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'counters'>;
export type CampaignPatch = Partial<
  Pick<Campaign, 'name' | 'channelId' | 'postRef' | 'scripts' | 'survey' | 'cannedReplies' | 'tags' | 'batchSize' | 'claimExpiryMinutes' | 'maxActiveClaimsPerVolunteer' | 'windowOverride' | 'disclaimer' | 'initialsPause' | 'followUpOf' | 'posts'>
>;
