/**
 * Twilio message statuses -> our MessageStatus (src/core/model/message.ts; R4.6).
 * A service send starts `accepted` (or `scheduled`), then queued -> sending -> sent ->
 * delivered | undelivered | failed. `canceled` (a scheduled send that was cancelled) ends as
 * failed; `read` (RCS/WhatsApp read receipts) implies delivered; `receiving`/`received` belong
 * to inbound messages. Anything else (e.g. a status Twilio adds later) has no mapping and is
 * ignored by the status webhook with 200.
 */
import type { MessageStatus } from '../../core/model/message.js';

export const TWILIO_STATUS_MAP: Readonly<Record<string, MessageStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  receiving: 'received',
  received: 'received',
};

export function toMessageStatus(twilioStatus: string | undefined): MessageStatus | undefined {
  if (twilioStatus === undefined) return undefined;
  return Object.hasOwn(TWILIO_STATUS_MAP, twilioStatus) ? TWILIO_STATUS_MAP[twilioStatus] : undefined;
}
