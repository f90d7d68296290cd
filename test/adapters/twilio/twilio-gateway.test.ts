/**
 * The Twilio SmsGateway against a local fake Twilio API (real HTTP on loopback, the real SDK).
 * R4.5 (Messaging Service + StatusCallback), R2.5 (ValidityPeriod), R4.7 (error mapping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { SmsError } from '../../../src/core/errors.js';
import { createTwilioGateway, type TwilioGatewayOptions } from '../../../src/adapters/twilio/twilio-gateway.js';
import { rebaseTwilioUri } from '../../../src/adapters/twilio/twilio-http-client.js';
import { toSmsError } from '../../../src/adapters/twilio/twilio-errors.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';

const MG = `MG${'a'.repeat(32)}`;
const CALLBACK = 'https://textbank.example.org/twilio/status';
let fake: FakeTwilio;

beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(async () => {
  await fake.close();
});

function gateway(extra: Partial<TwilioGatewayOptions> = {}) {
  return createTwilioGateway({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    messagingServiceSid: MG,
    apiBaseUrl: fake.url,
    statusCallbackUrl: CALLBACK,
    ...extra,
  });
}

async function sendError(p: Promise<unknown>): Promise<SmsError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SmsError);
    return err as SmsError;
  }
  throw new Error('expected the send to fail');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

describe('Twilio gateway: sending', () => {
  it('R4.5/R2.5: sends To, Body, MessagingServiceSid, StatusCallback and ValidityPeriod with Basic auth; returns the SID', async () => {
    const before = fake.requests.length;
    const res = await gateway().send({ to: '+12025550143', body: 'Hi Ana, this is Sam with Vote Org. Reply STOP to opt out', validityPeriod: 5400, idempotencyKey: 'msg-1' });
    expect(res.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(res.status).toBe('queued'); // Twilio's `accepted`
    const req = fake.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    expect(req.auth).toEqual({ user: fake.accountSid, pass: fake.authToken });
    expect(req.params).toEqual({
      To: '+12025550143',
      Body: 'Hi Ana, this is Sam with Vote Org. Reply STOP to opt out',
      MessagingServiceSid: MG,
      StatusCallback: CALLBACK,
      ValidityPeriod: '5400',
    });
    // Twilio's Messages API has no idempotency key: nothing about it is sent (dedupe is the outbox).
    expect(JSON.stringify(req.params)).not.toContain('msg-1');
    expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toContain('idempotency-key');
    expect(fake.messages.at(-1)?.sid).toBe(res.providerId);
  });

  it('the request sender wins: a From number (no service) is sent as From; no ValidityPeriod when none is given', async () => {
    const before = fake.requests.length;
    await gateway().send({ to: '+12025550144', body: 'hello', from: '+12025550100', statusCallbackUrl: 'https://other.example/twilio/status', idempotencyKey: 'm2' });
    expect(fake.requests[before]!.params).toEqual({ To: '+12025550144', Body: 'hello', From: '+12025550100', StatusCallback: 'https://other.example/twilio/status' });
  });

  it('falls back to the configured From number when there is no Messaging Service', async () => {
    const before = fake.requests.length;
    const res = await gateway({ messagingServiceSid: undefined, from: '+12025550101' }).send({ to: '+12025550145', body: 'x', idempotencyKey: 'm3' });
    expect(fake.requests[before]!.params).toMatchObject({ From: '+12025550101' });
    expect(fake.requests[before]!.params.MessagingServiceSid).toBeUndefined();
    expect(res.status).toBe('queued');
  });

  it('R2.5: ValidityPeriod is kept inside 1..36000 s', async () => {
    const before = fake.requests.length;
    await gateway().send({ to: '+12025550146', body: 'a', validityPeriod: 90_000, idempotencyKey: 'm4' });
    await gateway().send({ to: '+12025550146', body: 'b', validityPeriod: 0.4, idempotencyKey: 'm5' });
    expect(fake.requests[before]!.params.ValidityPeriod).toBe('36000');
    expect(fake.requests[before + 1]!.params.ValidityPeriod).toBe('1');
  });

  it('no sender at all is a permanent error before any request', async () => {
    const before = fake.requests.length;
    const err = await sendError(gateway({ messagingServiceSid: undefined }).send({ to: '+12025550147', body: 'x', idempotencyKey: 'm6' }));
    expect(err).toMatchObject({ smsCode: 'no_sender', permanent: true });
    expect(fake.requests.length).toBe(before);
  });

  it('rewrites only the api.twilio.com origin to the configured base', () => {
    expect(rebaseTwilioUri('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1', 'http://127.0.0.1:9/base/')).toBe(
      'http://127.0.0.1:9/base/2010-04-01/Accounts/AC1/Messages.json?x=1',
    );
    expect(rebaseTwilioUri('https://messaging.twilio.com/v1/Services', 'http://127.0.0.1:9')).toBe('https://messaging.twilio.com/v1/Services');
  });
});

describe('Twilio gateway: R4.7 error mapping', () => {
  const cases: [string, number, number, boolean][] = [
    ['+12025550161', 400, 21610, true], // R1.8 opted out at Twilio
    ['+12025550162', 400, 21211, true], // invalid To
    ['+12025550163', 400, 21614, true], // not a mobile number
    ['+12025550164', 400, 21408, true], // region not enabled
    ['+12025550165', 400, 30034, true], // 10DLC not registered
    ['+12025550166', 400, 21617, true], // any other 4xx: the same request fails again
    ['+12025550167', 429, 20429, false], // too many requests
    ['+12025550168', 503, 20503, false], // Twilio-shaped 5xx
  ];
  for (const [to, status, code, permanent] of cases) {
    it(`HTTP ${status} code ${code} -> SmsError ${code}, ${permanent ? 'permanent' : 'transient'}`, async () => {
      fake.script(to, { status, code, message: `scripted ${code}` });
      const err = await sendError(gateway().send({ to, body: 'x', idempotencyKey: `e-${code}` }));
      expect(err.smsCode).toBe(String(code));
      expect(err.permanent).toBe(permanent);
      expect(err.reason).toContain(`HTTP ${status}`);
      expect(err.reason).toContain(`https://www.twilio.com/docs/errors/${code}`);
      expect(err.reason).not.toContain(to); // no phone numbers in error text
    });
  }

  it('a 500 with a non-Twilio body is transient (code http_500)', async () => {
    fake.script('+12025550171', { status: 500 });
    const err = await sendError(gateway().send({ to: '+12025550171', body: 'x', idempotencyKey: 'e500' }));
    expect(err).toMatchObject({ smsCode: 'http_500', permanent: false });
  });

  it('wrong credentials (20003, HTTP 401) are permanent', async () => {
    const err = await sendError(gateway({ authToken: 'not-the-token' }).send({ to: '+12025550172', body: 'x', idempotencyKey: 'e401' }));
    expect(err).toMatchObject({ smsCode: '20003', permanent: true });
  });

  it('connection refused is transient (code network): Twilio was not reached', async () => {
    const port = await closedPort();
    const err = await sendError(gateway({ apiBaseUrl: `http://127.0.0.1:${port}` }).send({ to: '+12025550173', body: 'x', idempotencyKey: 'eco' }));
    expect(err).toMatchObject({ smsCode: 'network', permanent: false });
    expect(err.reason).toContain('ECONNREFUSED');
  });

  it('a timeout after the request was sent is ambiguous and permanent (no automatic resend, R5.2a)', async () => {
    fake.script('+12025550174', { delayMs: 800, times: 1 });
    const err = await sendError(gateway({ timeoutMs: 150 }).send({ to: '+12025550174', body: 'x', idempotencyKey: 'eto' }));
    expect(err).toMatchObject({ smsCode: 'ambiguous', permanent: true });
  });

  it('a connection reset mid-request is ambiguous too', async () => {
    fake.script('+12025550175', { reset: true, times: 1 });
    const err = await sendError(gateway().send({ to: '+12025550175', body: 'x', idempotencyKey: 'ers' }));
    expect(err).toMatchObject({ smsCode: 'ambiguous', permanent: true });
  });

  it('a scripted failure that clears: the second send goes through', async () => {
    fake.script('+12025550176', { status: 429, code: 20429, times: 1 });
    const gw = gateway();
    await sendError(gw.send({ to: '+12025550176', body: 'x', idempotencyKey: 'r1' }));
    await expect(gw.send({ to: '+12025550176', body: 'x', idempotencyKey: 'r1' })).resolves.toMatchObject({ providerId: expect.stringMatching(/^SM/) });
  });

  it('toSmsError passes SmsError through and maps unknown throwables to a transient unknown', () => {
    const e = new SmsError('21610', true, 'x');
    expect(toSmsError(e)).toBe(e);
    expect(toSmsError(new Error('boom'))).toMatchObject({ smsCode: 'unknown', permanent: false });
    expect(toSmsError({ status: 400, code: 30007, message: 'filtered' })).toMatchObject({ smsCode: '30007', permanent: true });
  });
});

describe('fetchStatus: GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json (lost callbacks, R4.6)', () => {
  it('reads the carrier status and error code of a message it accepted, with Basic auth', async () => {
    const gw = gateway();
    const ok = await gw.send({ to: '+12125550171', body: 'Hi', idempotencyKey: 'm-f1' });
    expect(await gw.fetchStatus!(ok.providerId)).toMatchObject({ status: 'delivered' });
    const get = fake.requests.at(-1)!;
    expect(get).toMatchObject({ method: 'GET', path: `/2010-04-01/Accounts/${fake.accountSid}/Messages/${ok.providerId}.json`, auth: { user: fake.accountSid, pass: fake.authToken } });

    fake.script('+12125550172', { callbacks: ['sent', 'undelivered'], errorCode: '30006' });
    const bad = await gw.send({ to: '+12125550172', body: 'Hi', idempotencyKey: 'm-f2' });
    const report = await gw.fetchStatus!(bad.providerId);
    expect(report).toMatchObject({ status: 'undelivered', errorCode: '30006' });
    expect(report?.at).toBeInstanceOf(Date);

    fake.setStatus(ok.providerId, 'failed', '30007');
    expect(await gw.fetchStatus!(ok.providerId)).toMatchObject({ status: 'failed', errorCode: '30007' });
  });

  it('answers null for a sid Twilio does not know, and SmsError when the credentials are refused', async () => {
    expect(await gateway().fetchStatus!(`SM${'f'.repeat(32)}`)).toBeNull();
    const sent = await gateway().send({ to: '+12125550173', body: 'Hi', idempotencyKey: 'm-f3' });
    const err = await sendError(gateway({ authToken: 'wrong-token' }).fetchStatus!(sent.providerId));
    expect(err.smsCode).toBe('20003');
  });
});
