import { describe, expect, it } from 'vitest';
import { chooseAssistant } from '../../../src/app/choose-assistant.js';
import { ConfigError, loadConfig, SECRET_KEYS } from '../../../src/app/config.js';
import { createI18n } from '../../../src/app/i18n.js';
import { createLogger } from '../../../src/app/logger.js';

const logger = createLogger('silent');

describe('reply assistant config and choice', () => {
  it('off without ASSISTANT_URL: the sandbox assistant, and a startup line saying why', async () => {
    const t = (await createI18n('en')).t('en');
    const choice = chooseAssistant(loadConfig({}), logger, t);
    expect(choice.assistant.kind).toBe('rules');
    expect(choice.line).toMatch(/^Reply assistant: built-in rules.*Why: ASSISTANT_URL is not set$/);
  });

  it('remote with ASSISTANT_URL and ASSISTANT_MODEL; the line names the host and model, never the key', async () => {
    const t = (await createI18n('en')).t('en');
    const config = loadConfig({ ASSISTANT_URL: 'https://api.example.com/v1', ASSISTANT_MODEL: 'gpt-test', ASSISTANT_API_KEY: 'sk-secret-0123456789' });
    const choice = chooseAssistant(config, logger, t);
    expect(choice.assistant.kind).toBe('remote');
    expect(choice.model).toBe('gpt-test');
    expect(choice.line).toContain('api.example.com');
    expect(choice.line).toContain('gpt-test');
    expect(choice.line).not.toContain('sk-secret');
    expect(SECRET_KEYS).toContain('ASSISTANT_API_KEY');
  });

  it('refuses a bad setup with a message naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return err instanceof ConfigError ? err.problems.map((p) => p.variable) : ['?'];
      }
    };
    expect(problems({ ASSISTANT_URL: 'https://api.example.com/v1' })).toEqual(['ASSISTANT_MODEL']);
    expect(problems({ ASSISTANT_MODEL: 'gpt-test' })).toEqual(['ASSISTANT_URL']);
    expect(problems({ ASSISTANT_URL: 'http://api.example.com/v1', ASSISTANT_MODEL: 'm' })).toEqual(['ASSISTANT_URL']);
    expect(problems({ ASSISTANT_URL: 'http://127.0.0.1:8080/v1', ASSISTANT_MODEL: 'm' })).toEqual([]);
    expect(problems({ ASSISTANT_URL: 'http://localhost:11434/v1', ASSISTANT_MODEL: 'llama3' })).toEqual([]);
  });
});
