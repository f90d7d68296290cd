// Which number lookup the app composes, and its settings: Twilio Lookup v2 with the Twilio
// credentials (LOOKUP_API_URL points it at a local fake), the simulated one otherwise; price and
// rate parsed by zod with clear messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { chooseLookup } from '../../src/app/choose-lookup.js';
import { createI18n } from '../../src/app/i18n.js';
import { FAKE_LOOKUP_SID, FAKE_LOOKUP_TOKEN, startFakeTwilioLookup, type FakeTwilioLookup } from '../support/fake-twilio-lookup.js';

let fake: FakeTwilioLookup;
beforeAll(async () => {
  fake = await startFakeTwilioLookup();
});
afterAll(async () => fake.close());

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.variable}: ${p.message}`);
    throw e;
  }
};

describe('number lookup choice', () => {
  it('is simulated without Twilio credentials, with the default price and rate', async () => {
    const t = (await createI18n('en')).t('en');
    const choice = chooseLookup(loadConfig({}), t);
    expect(choice).toMatchObject({ unitPrice: 0.008, ratePerSecond: 25, currency: 'USD' });
    expect(choice.lookup.kind).toBe('simulated');
    expect(choice.line).toMatch(/simulated/);
    expect(await choice.lookup.lookup('+12025550117')).toMatchObject({ ok: true, lineType: 'landline' });
  });

  it('is Twilio Lookup with the Twilio credentials, at LOOKUP_API_URL when set', async () => {
    const t = (await createI18n('en')).t('en');
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: FAKE_LOOKUP_SID,
      TWILIO_AUTH_TOKEN: FAKE_LOOKUP_TOKEN,
      TWILIO_FROM_NUMBER: '+12025550199',
      PUBLIC_URL: 'https://texts.example.org',
      LOOKUP_API_URL: fake.url,
      LOOKUP_UNIT_PRICE: '0.01',
      LOOKUP_RATE_PER_SECOND: '10',
    });
    const choice = chooseLookup(config, t);
    expect(choice).toMatchObject({ unitPrice: 0.01, ratePerSecond: 10 });
    expect(choice.lookup.kind).toBe('twilio');
    fake.script('+12025550142', { type: 'landline' });
    expect(await choice.lookup.lookup('+12025550142')).toMatchObject({ ok: true, lineType: 'landline' });
    expect(fake.requests.at(-1)).toMatchObject({ path: '/v2/PhoneNumbers/+12025550142', fields: 'line_type_intelligence' });
  });

  it('refuses a bad price, rate or base URL, naming the variable', () => {
    expect(problemsOf({ LOOKUP_UNIT_PRICE: 'cheap' })[0]).toMatch(/^LOOKUP_UNIT_PRICE: expected the price/);
    expect(problemsOf({ LOOKUP_UNIT_PRICE: '-1' })[0]).toMatch(/^LOOKUP_UNIT_PRICE:/);
    expect(problemsOf({ LOOKUP_RATE_PER_SECOND: '0' })[0]).toMatch(/^LOOKUP_RATE_PER_SECOND: expected a number of lookups per second/);
    expect(problemsOf({ LOOKUP_API_URL: 'http://lookups.example.org' })[0]).toMatch(/^LOOKUP_API_URL: expected an https URL/);
  });
});
