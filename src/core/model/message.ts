import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { MessageTriage } from '../triage/intent.js';

/** queued -> sending -> sent -> delivered | undelivered | failed; inbound: received. Forward only. */
export const MessageStatus = z.enum(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received']);
export type MessageStatus = z.infer<typeof MessageStatus>;

const RANK: Record<MessageStatus, number> = {
  queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, received: 3,
};
/** Terminal statuses never change (R4.6). */
export const TERMINAL_MESSAGE_STATUSES: readonly MessageStatus[] = ['delivered', 'undelivered', 'failed', 'received'];

/** True when moving `from -> to` goes forward (R4.6: a late callback never moves one back). */
export function isForwardStatus(from: MessageStatus, to: MessageStatus): boolean {
  if (TERMINAL_MESSAGE_STATUSES.includes(from)) return false;
  return RANK[to] > RANK[from];
}
/** Every status that may legally move to `to`, for conditional updates in stores. */
export function statusesBefore(to: MessageStatus): MessageStatus[] {
  return MessageStatus.options.filter((s) => isForwardStatus(s, to));
}

export const MessageKind = z.enum(['initial', 'reply', 'canned', 'survey', 'opt_out_confirmation', 'help_reply', 'inbound']);
export type MessageKind = z.infer<typeof MessageKind>;

export const Message = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id.optional(),
  contactId: Id.optional(),
  /** Absent for inbound texts that matched no conversation ("unmatched"). */
  conversationId: Id.optional(),
  direction: z.enum(['outbound', 'inbound']),
  kind: MessageKind,
  /** Voter phone: `to` for outbound, `from` for inbound. */
  voterPhone: z.string(),
  /** Org sender identity (number or messaging service). */
  orgNumber: z.string().optional(),
  body: z.string().max(1600),
  segments: z.number().int().min(0).default(1),
  encoding: z.enum(['GSM-7', 'UCS-2']).default('GSM-7'),
  status: MessageStatus,
  providerId: z.string().optional(),
  errorCode: z.string().optional(),
  /** Every status and error seen, in order (R5.3). */
  history: z.array(z.object({ status: MessageStatus, at: Timestamp, errorCode: z.string().optional() })).default([]),
  sentBy: Id.optional(),
  pressedAt: Timestamp.optional(),
  /** Idempotency key of the human press (R5.2b); unique per org. */
  interactionId: z.string().optional(),
  /** Seconds Twilio may hold the text before it expires (R2.5). */
  validityPeriod: z.number().int().min(1).max(36000).optional(),
  attempts: z.number().int().default(0),
  /** A/B script variant of an initial text (copied from the contact at the press). */
  variant: z.string().max(40).optional(),
  /** MMS: outbound media URLs sent with the text; inbound media the voter sent (type and our proxy id, never a carrier URL in chat). */
  media: z.array(z.object({ contentType: z.string().max(100), url: z.string().max(2000) })).max(10).optional(),
  /** Inbound only: what the reply seems to mean (rules or assistant); a suggestion, never a decision. */
  triage: MessageTriage.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Message = z.infer<typeof Message>;
export type NewMessage = Omit<z.input<typeof Message>, 'id' | 'createdAt' | 'updatedAt' | 'history' | 'attempts'>;
