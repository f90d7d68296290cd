// Which ReplyAssistant reads voter replies: the OpenAI-compatible service when ASSISTANT_URL is
// set (voter text still goes out only for orgs that share it), else the offline rules with drafts
// from each campaign's canned replies. One startup line says which and why.
import type { TFunction } from 'i18next';
import type { ReplyAssistant } from '../core/ports.js';
import { createOpenAiCompatibleAssistant, createSimulatedAssistant } from '../adapters/assistant/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface AssistantChoice {
  assistant: ReplyAssistant;
  line: string;
  /** The model's name when a remote assistant is configured (for /textbank settings). */
  model?: string;
}

export function chooseAssistant(config: Config, logger: Logger, t: TFunction): AssistantChoice {
  if (config.ASSISTANT_URL && config.ASSISTANT_MODEL) {
    const assistant = createOpenAiCompatibleAssistant({
      url: config.ASSISTANT_URL,
      model: config.ASSISTANT_MODEL,
      ...(config.ASSISTANT_API_KEY ? { apiKey: config.ASSISTANT_API_KEY } : {}),
      log: logger,
    });
    // Only the host: a base URL may carry more than an operator wants printed.
    const host = new URL(config.ASSISTANT_URL).host;
    return { assistant, model: config.ASSISTANT_MODEL, line: t('triage:startup.remote', { url: host, model: config.ASSISTANT_MODEL }) };
  }
  return { assistant: createSimulatedAssistant(), line: t('triage:startup.simulated') };
}
