// The sandbox's reply assistant: the offline rules plus a draft picked from the campaign's own
// canned replies when one fits the intent, so the feature shows with zero configuration. Nothing
// leaves the machine.
import type { ReplyAssistant } from '../../core/ports.js';
import { createRulesAssistant } from '../../core/triage/index.js';

export function createSimulatedAssistant(): ReplyAssistant {
  return createRulesAssistant({ drafts: true });
}
