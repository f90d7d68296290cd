// Supervision: what an org sends to its review channel, and the stored review items organizers
// decide there (DESIGN: Review). An item is decided once: the store moves it pending -> decided
// atomically, so two organizers pressing at the same time never both act.
import { z } from 'zod';
import { ChatRef, Id, Timestamp } from './common.js';

/** Defaults of the org's review rules (used while a field is absent). */
export const REVIEW_DEFAULTS = { holdFirstReplies: 3, confidenceBelow: 0.5 } as const;
export const REVIEW_LIMITS = { holdMax: 50, words: 30, wordLength: 40 } as const;
/** Longest typed reply that can be held (longer ones go through the engine's own checks unheld). */
export const HELD_TEXT_MAX = 4000;

/** The org's review channel and rules. Absent (or no channel): nothing is posted or held. */
export const ReviewSettings = z.object({
  /** The chat channel review posts go to (platform channel id). */
  channelId: z.string().min(1).max(80).optional(),
  /** A new volunteer's first N typed replies wait for an organizer's approval (0 = off). */
  holdFirstReplies: z.number().int().min(0).max(REVIEW_LIMITS.holdMax).optional(),
  /** Voter texts with any of these words (whole word, any case or accent) go to review. */
  triggerWords: z.array(z.string().min(1).max(REVIEW_LIMITS.wordLength)).max(REVIEW_LIMITS.words).optional(),
  /** Triage readings below this confidence (0..1) go to review. */
  confidenceBelow: z.number().min(0).max(1).optional(),
});
export type ReviewSettings = z.infer<typeof ReviewSettings>;

/** The settings with their defaults filled in. */
export function reviewRulesOf(review: ReviewSettings | undefined): { channelId?: string; holdFirstReplies: number; triggerWords: string[]; confidenceBelow: number } {
  return {
    ...(review?.channelId ? { channelId: review.channelId } : {}),
    holdFirstReplies: review?.holdFirstReplies ?? REVIEW_DEFAULTS.holdFirstReplies,
    triggerWords: review?.triggerWords ?? [],
    confidenceBelow: review?.confidenceBelow ?? REVIEW_DEFAULTS.confidenceBelow,
  };
}

/** Why an item is in review. */
export const ReviewReason = z.enum(['probable_opt_out', 'hostile', 'low_confidence', 'trigger_word', 'held_reply', 'unknown_sender']);
export type ReviewReason = z.infer<typeof ReviewReason>;

/** What an organizer decided. */
export const ReviewDecisionKind = z.enum(['confirm_opt_out', 'not_opt_out', 'take_over', 'reassign', 'approve', 'reject', 'start_conversation']);
export type ReviewDecisionKind = z.infer<typeof ReviewDecisionKind>;

export const ReviewDecision = z.object({
  kind: ReviewDecisionKind,
  /** Reject: the reason code shown to the volunteer. */
  reason: z.string().min(1).max(40).optional(),
  /** Reassign / take over / start: the member who got the conversation; approve: the message sent. */
  targetId: Id.optional(),
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ReviewItem = z.object({
  id: Id,
  orgId: Id,
  /** Unique per org: the same inbound text or held reply never makes two items (job retries). */
  key: z.string().min(1).max(120),
  reasons: z.array(ReviewReason).min(1),
  status: z.enum(['pending', 'decided']),
  conversationId: Id.optional(),
  campaignId: Id.optional(),
  /** The voter's inbound text this item is about. */
  messageId: Id.optional(),
  /** Volunteer of the conversation (held replies: who typed it). */
  volunteerId: Id.optional(),
  /** The unknown sender's phone (unknown_sender items). */
  voterPhone: z.string().max(40).optional(),
  /** Held reply: exactly what the volunteer typed, sent as is on approval. */
  heldText: z.string().max(HELD_TEXT_MAX).optional(),
  matchedWords: z.array(z.string()).default([]),
  /** The review post, once made (so a retried job does not post it twice). */
  post: ChatRef.optional(),
  decision: ReviewDecision.optional(),
  decidedBy: z.object({ id: Id, name: z.string().max(120) }).optional(),
  decidedAt: Timestamp.optional(),
  createdAt: Timestamp,
});
export type ReviewItem = z.infer<typeof ReviewItem>;
export type NewReviewItem = Omit<z.input<typeof ReviewItem>, 'id' | 'status' | 'post' | 'decision' | 'decidedBy' | 'decidedAt'>;

export type DecideResult = { won: true; item: ReviewItem } | { won: false; item: ReviewItem | null };
