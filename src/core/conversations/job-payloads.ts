// Job payloads are a boundary (DESIGN: every boundary parses with zod).
import { z } from 'zod';
import type { MessageStatus } from '../model/message.js';

export const SendJob = z.object({ orgId: z.string().min(1), messageId: z.string().min(1) });
export type SendJob = z.infer<typeof SendJob>;

/**
 * Carrier statuses (Twilio names). `accepted`/`scheduled`/`queued`/`sending` say nothing our
 * `sending` does not; `canceled` ends as failed; `read` (RCS) implies delivered.
 */
export const CARRIER_STATUS_MAP: Readonly<Record<string, MessageStatus | null>> = {
  accepted: null,
  scheduled: null,
  queued: null,
  sending: null,
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export const StatusJob = z.object({
  providerId: z.string().min(1),
  status: z.string().min(1),
  errorCode: z.union([z.string(), z.number()]).optional().transform((v) => (v === undefined || v === '' ? undefined : String(v))),
  at: z.coerce.date(),
  /** Our message, carried in the (signature-checked) status callback URL: matches a callback whose send reply was lost. */
  orgId: z.string().min(1).optional(),
  messageId: z.string().min(1).optional(),
});
export type StatusJob = z.input<typeof StatusJob>;

export const InboundJob = z.object({
  providerId: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  body: z.string(),
  at: z.coerce.date(),
  messagingServiceSid: z.string().optional(),
  /** MMS the voter sent: the carrier's addresses (kept server-side; chat sees our proxy only). */
  media: z.array(z.object({ url: z.string().max(2000), contentType: z.string().max(100) })).max(10).optional(),
});
export type InboundJob = z.input<typeof InboundJob>;

export const ClaimExpireJob = z.object({ orgId: z.string().min(1), claimId: z.string().min(1), n: z.number().int().min(1).default(1) });

export const SweepJob = z.object({ repeat: z.boolean().default(false) }).default({ repeat: false });

/** Payload of `chat.notify` (handled by the chat layer): ids only. */
export interface ChatNotifyPayload {
  orgId: string;
  conversationId?: string;
  messageId: string;
  /** The classification of the inbound text; no conversationId means it matched none (unmatched). */
  kind: 'opt_out' | 'opt_in' | 'help' | 'probable_opt_out' | 'message';
  audience: 'volunteer' | 'organizers';
}
