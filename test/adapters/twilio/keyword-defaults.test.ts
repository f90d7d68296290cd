// Who answers STOP/HELP in a new org, by deployment (R1.3, R1.6): Twilio Advanced Opt-Out with a
// Messaging Service; Textbank with a single From number or the simulated carrier. And the
// sandbox's spare fictional numbers, one per further org.
import { describe, expect, it } from 'vitest';
import { defaultKeywordReplies, TWILIO_ADVANCED_OPT_OUT_KEYWORDS } from '../../../src/app/choose-sms.js';
import { loadConfig } from '../../../src/app/config.js';
import { simulatedOrgNumbers } from '../../../src/adapters/simulated-sms/index.js';

const CREDS = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'b'.repeat(32), PUBLIC_URL: 'https://tb.example.org/' };

describe('new orgs: keyword replies and senders by deployment', () => {
  it('R1.3/R1.6: carrier with a Twilio Messaging Service; textbank with a single From number or the simulated carrier', () => {
    expect(defaultKeywordReplies(loadConfig({ ...CREDS, TWILIO_MESSAGING_SERVICE_SID: `MG${'c'.repeat(32)}` }))).toBe('carrier');
    expect(defaultKeywordReplies(loadConfig({ ...CREDS, TWILIO_FROM_NUMBER: '+12025550100' }))).toBe('textbank');
    expect(defaultKeywordReplies(loadConfig({}))).toBe('textbank');
    expect(TWILIO_ADVANCED_OPT_OUT_KEYWORDS).toEqual(expect.arrayContaining(['STOP', 'HELP', 'ALTO', 'AYUDA']));
  });

  it('the simulated carrier has distinct fictional 555-0100 numbers, the sandbox one first', () => {
    const numbers = simulatedOrgNumbers('+12025550100', 50);
    expect(numbers[0]).toBe('+12025550100');
    expect(numbers).toHaveLength(50);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.every((n) => /^\+1\d{3}5550100$/.test(n))).toBe(true);
  });
});
