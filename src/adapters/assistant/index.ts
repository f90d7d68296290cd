// Reply assistants: a remote OpenAI-compatible one (ASSISTANT_URL) and the sandbox's simulated one.
export { createOpenAiCompatibleAssistant, AssistantAnswer, DEFAULT_ASSISTANT_TIMEOUT_MS, type OpenAiCompatibleAssistantConfig } from './openai-compatible.js';
export { createSimulatedAssistant } from './simulated.js';
