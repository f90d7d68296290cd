// One vocabulary entry of the triage rules: a pattern on normalizeReply's form and the intent it
// suggests. `id` becomes the TriageResult rule (audits and tests; never shown to a person).
import type { TriageIntent } from './intent.js';

export interface LexiconEntry {
  readonly intent: TriageIntent;
  readonly id: string;
  readonly re: RegExp;
}
