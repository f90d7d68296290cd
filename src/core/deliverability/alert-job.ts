// Payload of the `deliverability.alert` job: the guardrail decides in the carrier status path and
// only enqueues; the chat layer posts the warning (ack first: no chat call inside a status handler).
import { z } from 'zod';

export const DeliverabilityAlertJob = z.object({
  orgId: z.string().min(1),
  campaignId: z.string().min(1),
  /** Which window crossed: the campaign's or its sending number's (`sender` names it). */
  scope: z.enum(['campaign', 'sender']),
  sender: z.string().max(64).optional(),
  level: z.enum(['warn', 'pause']),
  cause: z.enum(['carrier_violation', 'unreachable']),
  /** The share that crossed, in percent, and the window it was measured on. */
  percent: z.number().min(0).max(100),
  size: z.number().int().min(0),
  threshold: z.number().min(0).max(100),
  at: z.coerce.date(),
});
export type DeliverabilityAlertJob = z.infer<typeof DeliverabilityAlertJob>;
