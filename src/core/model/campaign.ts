import { z } from 'zod';
import { Id, Lang, Timestamp, ChatRef } from './common.js';

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

export const ScriptSet = z.object({
  /** The initial message: must name the org and carry opt-out language (R3.1, R3.2). */
  initial: z.string().min(1).max(1600),
  followUps: z.array(z.object({ id: z.string(), label: z.string().max(75), text: z.string().max(1600) })).default([]),
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
  /** Auto-pause when 30007 (spam filtered) exceeds this share of sends (R6.3, R4.7). */
  spamPauseRate: z.number().min(0).max(1).default(0.05),
  disclaimer: CampaignDisclaimer.optional(),
  counters: CampaignCounters.default(CampaignCounters.parse({})),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Campaign = z.infer<typeof Campaign>;
export type NewCampaign = Omit<z.input<typeof Campaign>, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'counters'>;
export type CampaignPatch = Partial<
  Pick<Campaign, 'name' | 'channelId' | 'postRef' | 'scripts' | 'survey' | 'cannedReplies' | 'tags' | 'batchSize' | 'claimExpiryMinutes' | 'maxActiveClaimsPerVolunteer' | 'windowOverride' | 'spamPauseRate' | 'disclaimer'>
>;
