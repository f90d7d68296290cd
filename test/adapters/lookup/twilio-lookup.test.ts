// The Twilio Lookup v2 adapter against a local fake that checks what Twilio checks: Basic auth,
// the E.164 number in the path and Fields=line_type_intelligence. Line types and Twilio's error
// codes come back in our words; nothing throws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioLookup } from '../../../src/adapters/lookup/index.js';
import { FAKE_LOOKUP_SID, FAKE_LOOKUP_TOKEN, startFakeTwilioLookup, type FakeTwilioLookup } from '../../support/fake-twilio-lookup.js';

let fake: FakeTwilioLookup;
beforeAll(async () => {
  fake = await startFakeTwilioLookup();
});
afterAll(async () => fake.close());

const client = (token = FAKE_LOOKUP_TOKEN) => createTwilioLookup({ accountSid: FAKE_LOOKUP_SID, authToken: token, baseUrl: fake.url, timeoutMs: 2_000 });

describe('Twilio Lookup v2 adapter', () => {
  it('asks for line type intelligence of the E.164 number with Basic auth, and maps the types', async () => {
    fake.script('+12025550101', { type: 'mobile', carrier: 'Verizon Wireless' });
    fake.script('+12025550102', { type: 'landline', carrier: 'Verizon' });
    fake.script('+12025550103', { type: 'fixedVoip' });
    fake.script('+12025550104', { type: 'nonFixedVoip', carrier: 'Bandwidth/13 - Bandwidth.com - SVR' });
    fake.script('+12025550105', { type: 'tollFree' });
    const lookup = client();
    expect(await lookup.lookup('+12025550101')).toEqual({ ok: true, lineType: 'mobile', carrier: 'Verizon Wireless' });
    expect(await lookup.lookup('+12025550102')).toEqual({ ok: true, lineType: 'landline', carrier: 'Verizon' });
    expect(await lookup.lookup('+12025550103')).toEqual({ ok: true, lineType: 'voip' });
    expect(await lookup.lookup('+12025550104')).toMatchObject({ ok: true, lineType: 'voip' });
    expect(await lookup.lookup('+12025550105')).toEqual({ ok: true, lineType: 'unknown' });
    const req = fake.requests.find((r) => r.phone === '+12025550101');
    expect(req).toMatchObject({ path: '/v2/PhoneNumbers/+12025550101', fields: 'line_type_intelligence', auth: { user: FAKE_LOOKUP_SID, pass: FAKE_LOOKUP_TOKEN } });
  });

  it('reports refused credentials, unknown and invalid numbers, coverage and quota per number', async () => {
    expect(await client('wrong-token-0123456789').lookup('+12025550101')).toEqual({ ok: false, reason: 'unauthorized', retryable: false });
    fake.script('+12025550110', { status: 404, code: 20404 });
    fake.script('+12025550111', { invalid: true });
    fake.script('+12025550112', { ltiError: 60600 });
    fake.script('+12025550113', { ltiError: 60601 });
    fake.script('+12025550114', { ltiError: 60611 });
    const lookup = client();
    expect(await lookup.lookup('+12025550110')).toEqual({ ok: false, reason: 'not_found', retryable: false });
    expect(await lookup.lookup('+12025550111')).toEqual({ ok: false, reason: 'invalid', retryable: false });
    expect(await lookup.lookup('+12025550112')).toEqual({ ok: false, reason: 'not_covered', retryable: false });
    expect(await lookup.lookup('+12025550113')).toEqual({ ok: false, reason: 'not_covered', retryable: false });
    expect(await lookup.lookup('+12025550114')).toEqual({ ok: false, reason: 'no_credit', retryable: false });
  });

  it('an account out of funds is "no credit"; rate limits and a provider outage are retryable; a dead server never throws', async () => {
    fake.script('+12025550120', { status: 401, code: 20005 });
    fake.script('+12025550121', { status: 429, code: 20429 });
    fake.script('+12025550122', { status: 429, code: 60616 });
    fake.script('+12025550123', { status: 503 });
    const lookup = client();
    expect(await lookup.lookup('+12025550120')).toEqual({ ok: false, reason: 'no_credit', retryable: false });
    expect(await lookup.lookup('+12025550121')).toEqual({ ok: false, reason: 'rate_limited', retryable: true });
    expect(await lookup.lookup('+12025550122')).toEqual({ ok: false, reason: 'rate_limited', retryable: true });
    expect(await lookup.lookup('+12025550123')).toEqual({ ok: false, reason: 'unavailable', retryable: true });
    const dead = createTwilioLookup({ accountSid: FAKE_LOOKUP_SID, authToken: FAKE_LOOKUP_TOKEN, baseUrl: 'http://127.0.0.1:1', timeoutMs: 1_000 });
    expect(await dead.lookup('+12025550101')).toEqual({ ok: false, reason: 'unavailable', retryable: true });
  });
});
