// What a voter's reply seems to mean, as the rules (or an optional assistant) read it. A triage
// only suggests: it never decides an opt-out (classifyInbound does, R1.4) and nothing it
// proposes is sent without a volunteer's press.
import { z } from 'zod';

export const TriageIntent = z.enum(['yes', 'no', 'maybe', 'question', 'wrong_number', 'deceased', 'moved', 'already_voted', 'opt_out', 'hostile', 'other']);
export type TriageIntent = z.infer<typeof TriageIntent>;

export const TriageResult = z.object({
  intent: TriageIntent,
  /** 0..1: how sure the reader is. */
  confidence: z.number().min(0).max(1),
  /** The rule that matched (rules reader), for audits and tests; never shown to a person. */
  rule: z.string().max(120).optional(),
});
export type TriageResult = z.infer<typeof TriageResult>;

/** A triage as stored on an inbound message: who read it, and an optional short reply draft. */
export const MessageTriage = TriageResult.extend({
  source: z.enum(['rules', 'assistant']),
  /** A short reply the assistant proposes; a volunteer may send it with a press, never automatically. */
  draft: z.string().max(320).optional(),
});
export type MessageTriage = z.infer<typeof MessageTriage>;
