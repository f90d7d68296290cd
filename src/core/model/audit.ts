import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** Append-only record of who did what, kept at least 4 years (R5.3, R1.7). */
export const AuditEvent = z.object({
  id: Id,
  orgId: Id,
  at: Timestamp,
  actor: z.object({ type: z.enum(['member', 'system', 'voter']), id: z.string().optional(), name: z.string().optional() }),
  /** e.g. message.pressed, optout.recorded, optout.lifted, claim.created, campaign.started */
  action: z.string().min(1),
  subject: z.object({ type: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
export type NewAuditEvent = Omit<z.input<typeof AuditEvent>, 'id'>;
