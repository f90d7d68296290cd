// Action and modal ids, and the button values they carry. Values hold ids only, never
// authority (DESIGN: Neutral views): every handler re-checks the presser through the engine.
// Several ids travel as a compact JSON array, which the dispatcher decodes before zod parses it.
import { z } from 'zod';

export const ACTION = {
  claim: 'claim',
  /** Claim from a segmented post ([campaignId, postId]): only the post's segment's contacts. */
  claimSegment: 'claim_segment',
  /** Claim replies that waited too long (the campaign's reply pool). */
  claimReplies: 'claim_replies',
  /** Claim from a finished card: the card itself turns into the new batch's first card. */
  claimMore: 'claim_more',
  send: 'send',
  skip: 'skip',
  wrongNumber: 'wrong_number',
  endSession: 'end_session',
  canned: 'canned',
  survey: 'survey',
  surveyReply: 'survey_reply',
  confirmOptOut: 'confirm_optout',
  dismissOptOut: 'dismiss_optout',
  tag: 'tag',
  reassign: 'reassign',
  reassignSelf: 'reassign_self',
  archive: 'campaign_archive',
  /** One press under a triaged reply: record the matching survey answer and send its reply ([conversationId, questionId, answerId]). */
  triageAnswer: 'triage_answer',
  /** Send the reply assistant's draft stored on the voter's message ([conversationId, messageId]). */
  triageDraft: 'triage_draft',
  /** Wrong number / deceased / moved / already voted ([conversationId, outcome, messageId]). */
  triageOutcome: 'triage_outcome',
  /** Board select: open one page of a campaign's CRM mapping form. */
  crmMapPage: 'crm_map_page',
  /** Review channel (supervision): value = review item id, or [itemId, memberId | reasonCode | campaignId]. */
  reviewConfirmOptOut: 'review_confirm_optout',
  reviewNotOptOut: 'review_not_optout',
  reviewTakeOver: 'review_take_over',
  reviewReassign: 'review_reassign',
  reviewApprove: 'review_approve',
  reviewReject: 'review_reject',
  reviewStart: 'review_start',
  /** Resume a campaign's first texts paused by the deliverability guardrail (value = campaign id). */
  deliverabilityResume: 'deliverability_resume',
  /** Run a campaign's number lookup after seeing its count and cost (value: campaign id). */
  lookupRun: 'lookup_run',
} as const;

export const MODAL = {
  script: 'script_edit',
  settings: 'settings',
  campaignCreate: 'campaign_create',
  import: 'import',
  surveyQuestion: 'survey_question',
  tagsAdd: 'tags_add',
  crmConnect: 'crm_connect',
  crmMap: 'crm_map',
} as const;

const Id = z.string().min(1).max(64);

/** A campaign id (Claim button, archive confirm, import modal). */
export const CampaignValue = Id;
/** A claim id (End session). */
export const ClaimValue = Id;
/** A conversation id (opt-out confirm/dismiss, assign to me). */
export const ConversationValue = Id;
/** [campaignId, postId]: the Claim button of a segmented post (the segment is stored on the campaign). */
export const SegmentPostValue = z.tuple([Id, z.string().min(1).max(40)]);
/** [claimId, contactId]: Send, Skip, Wrong number on the contact card. */
export const CardValue = z.tuple([Id, Id]);
/** [conversationId, cannedReplyId | tagId | memberId]. */
export const ConversationItemValue = z.tuple([Id, z.string().min(1).max(40)]);
/** [conversationId, questionId, answerId]. */
export const SurveyValue = z.tuple([Id, z.string().min(1).max(40), z.string().min(1).max(40)]);
/** [conversationId, messageId]: the voter's message whose stored draft a press sends. */
export const ConversationMessageValue = z.tuple([Id, Id]);
/** [conversationId, outcome, messageId of the voter's text whose buttons were pressed]. */
export const OutcomeValue = z.tuple([Id, z.enum(['wrong_number', 'deceased', 'moved', 'already_voted']), Id]);

/** [campaignId, lang] for the script modal. */
export const ScriptModalValue = z.tuple([Id, z.enum(['en', 'es'])]);

/** [campaignId, questionId or '-' for a new question, the answers field's language] for the survey form. */
export const SurveyModalValue = z.tuple([Id, z.string().min(1).max(40), z.enum(['en', 'es'])]);

/** Encodes several ids as a button value. */
export function ids(...parts: string[]): string {
  return JSON.stringify(parts);
}
