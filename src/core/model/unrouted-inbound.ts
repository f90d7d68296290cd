import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/**
 * An inbound text that reached a sender (number or Messaging Service) no org owns. It belongs
 * to no org, so it is never any org's opt-out; it is kept so an operator can see it, and an
 * opt-out in it is applied to the org that later takes that sender (R1.4: an opt-out is never
 * lost).
 */
export const UnroutedInbound = z.object({
  id: Id,
  providerId: z.string().min(1),
  /** The receiving number (Twilio `To`). */
  to: z.string().min(1),
  messagingServiceSid: z.string().optional(),
  /** The voter's number as received (stored, never logged). */
  from: z.string().min(1),
  body: z.string().max(1600),
  /** classifyInbound's verdict: 'opt_out', 'help', 'message'... */
  kind: z.string().min(1),
  rule: z.string().optional(),
  receivedAt: Timestamp,
  /** Set when an org that took the sender applied this text's opt-out. */
  adoptedBy: Id.optional(),
});
export type UnroutedInbound = z.infer<typeof UnroutedInbound>;
export type NewUnroutedInbound = Omit<z.input<typeof UnroutedInbound>, 'id' | 'adoptedBy'>;
