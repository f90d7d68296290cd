// Reply triage: the offline rules and the rules-backed ReplyAssistant.
export * from './intent.js';
export { triageReply, PROBABLE_OPT_OUT_MAX_CONFIDENCE } from './rules.js';
export { normalizeReply } from './normalize.js';
export { createRulesAssistant, draftFromCanned, toMessageTriage, MAX_DRAFT_CHARS, type RulesAssistantOptions } from './assistant.js';
