import { z } from 'zod';
import { ChatRef, E164, Id, Timestamp } from './common.js';

/** Why a conversation was closed: a recorded contact outcome, or a volunteer's plain close. */
export const ConversationClosedReason = z.enum(['deceased', 'moved', 'already_voted', 'wrong_number', 'done']);
export type ConversationClosedReason = z.infer<typeof ConversationClosedReason>;

/** One voter's exchange within one campaign; created when the initial text is pressed. */
export const Conversation = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id,
  contactId: Id,
  volunteerId: Id,
  voterPhone: E164,
  /** The sender identity used (From number or messaging service), for inbound routing. */
  orgNumber: z.string().optional(),
  /** Where the conversation's chat thread lives, per platform (created on the first voter reply). */
  threads: z.array(ChatRef).default([]),
  lastMessageAt: Timestamp,
  lastDirection: z.enum(['inbound', 'outbound']),
  /** A probable opt-out waiting for a human's confirm (R1.4b). */
  pendingOptOutReview: z.boolean().default(false),
  /** Since when the voter waits for an answer: set by the first unanswered inbound text, cleared by an outbound one. */
  awaitingSince: Timestamp.optional(),
  /** Set when an unanswered reply waited past the org's release time: the conversation is in its campaign's reply pool. */
  pooledAt: Timestamp.optional(),
  /** Closed by a volunteer's press (deceased, moved, already voted); a new voter text reopens it. */
  closedAt: Timestamp.optional(),
  closedReason: ConversationClosedReason.optional(),
  createdAt: Timestamp,
});
export type Conversation = z.infer<typeof Conversation>;
export type NewConversation = Omit<z.input<typeof Conversation>, 'id' | 'createdAt' | 'threads' | 'pendingOptOutReview'>;
