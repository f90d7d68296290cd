import { z } from 'zod';
import { E164, Id, Timestamp } from './common.js';

export const OptOutSource = z.enum(['keyword', 'phrase', 'volunteer', 'admin', 'import', 'twilio_21610', 'carrier']);
export type OptOutSource = z.infer<typeof OptOutSource>;

/** Org-wide suppression (R1.2, R1.5); unique per (orgId, phone); permanent until START/UNSTOP (R1.7). */
export const OptOut = z.object({
  id: Id,
  orgId: Id,
  phone: E164,
  source: OptOutSource,
  /** What matched (e.g. keyword:STOP, phrase:remove_me) or who entered it. */
  rule: z.string().optional(),
  messageId: Id.optional(),
  by: Id.optional(),
  at: Timestamp,
  /** Set once when the single confirmation text is queued (R1.6). */
  confirmationAt: Timestamp.optional(),
});
export type OptOut = z.infer<typeof OptOut>;
export type NewOptOut = Omit<z.input<typeof OptOut>, 'id' | 'confirmationAt'>;
