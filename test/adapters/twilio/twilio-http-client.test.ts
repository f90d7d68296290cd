/**
 * The two HTTP clients under the twilio SDK: the direct node:http client (default) and the SDK's
 * own (behind HTTP_PROXY / TWILIO_CA_BUNDLE) put the same request on the wire (R4.5 fields,
 * Basic auth, form body), and the direct one's failures map as R4.7 says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioGateway } from '../../../src/adapters/twilio/twilio-gateway.js';
import { DirectRequestClient, formEncode } from '../../../src/adapters/twilio/twilio-http-client.js';
import { toSmsError } from '../../../src/adapters/twilio/twilio-errors.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';

const MG = `MG${'b'.repeat(32)}`;
let fake: FakeTwilio;

beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(async () => {
  await fake.close();
});

describe('formEncode', () => {
  it('repeats list keys, leaves out undefined and null, writes dates as ISO and escapes reserved characters', () => {
    const body = formEncode({ To: '+12025550143', Body: 'a&b=c ñ', MediaUrl: ['https://x.example/1.png', 'https://x.example/2.png'], Skip: undefined, Gone: null, When: new Date('2026-12-03T18:00:00Z'), N: 5 });
    const back = new URLSearchParams(body);
    expect(back.get('Body')).toBe('a&b=c ñ');
    expect(back.getAll('MediaUrl')).toEqual(['https://x.example/1.png', 'https://x.example/2.png']);
    expect(back.has('Skip')).toBe(false);
    expect(back.has('Gone')).toBe(false);
    expect(back.get('When')).toBe('2026-12-03T18:00:00.000Z');
    expect(back.get('N')).toBe('5');
  });
});

describe('direct and SDK clients send the same request', () => {
  it('R4.5: path, Basic auth, form fields (MediaUrl repeated), User-Agent and content type match', async () => {
    const seen = [];
    for (const httpClient of ['direct', 'sdk'] as const) {
      const gw = createTwilioGateway({ accountSid: fake.accountSid, authToken: fake.authToken, messagingServiceSid: MG, apiBaseUrl: fake.url, statusCallbackUrl: 'https://t.example/twilio/status', httpClient });
      const before = fake.requests.length;
      const res = await gw.send({ to: '+12025550191', body: 'Hi Ana & co: 50% off? ñ', mediaUrls: ['https://m.example/a.png', 'https://m.example/b.png'], validityPeriod: 600, idempotencyKey: `c-${httpClient}` });
      expect(res.providerId).toMatch(/^SM[0-9a-f]{32}$/);
      const req = fake.requests[before]!;
      const h = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
      seen.push({ method: req.method, path: req.path, auth: req.auth, params: req.params, ua: String(h['user-agent']).split(' ')[0], type: h['content-type'] });
      expect(await gw.fetchStatus!(res.providerId)).toMatchObject({ status: 'delivered' });
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toMatchObject({ method: 'POST', auth: { user: fake.accountSid, pass: fake.authToken }, type: 'application/x-www-form-urlencoded' });
    expect(seen[0]!.ua).toMatch(/^twilio-node\//);
    expect(seen[0]!.params).toMatchObject({ Body: 'Hi Ana & co: 50% off? ñ', MessagingServiceSid: MG, ValidityPeriod: '600' });
    expect(fake.requests.filter((r) => r.params.To === '+12025550191').length).toBe(2);
  });
});

describe('direct client failures', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.includes('huge')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        for (let i = 0; i < 20; i += 1) res.write(chunk);
        res.end();
      } else res.end(JSON.stringify({ url: req.url }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('an answer over 1 MB is refused (ERR_BAD_RESPONSE), which R4.7 treats as ambiguous', async () => {
    const client = new DirectRequestClient(base, 5_000);
    const err = await client.request({ method: 'get', uri: 'https://api.twilio.com/huge.json', username: 'AC1', password: 'x' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_BAD_RESPONSE' });
    expect(toSmsError(err)).toMatchObject({ smsCode: 'ambiguous', permanent: true });
  });

  it('query params travel in the URL, and a small answer comes back as text with its status', async () => {
    const client = new DirectRequestClient(base, 5_000);
    const res = await client.request({ method: 'get', uri: 'https://api.twilio.com/ok.json', params: { PageSize: 5, To: '+1 202' }, username: 'AC1', password: 'x' });
    expect(res.statusCode).toBe(200);
    const url = new URL(String((JSON.parse(res.body as string) as { url: string }).url), base);
    expect(url.pathname).toBe('/ok.json');
    expect(url.searchParams.get('PageSize')).toBe('5');
    expect(url.searchParams.get('To')).toBe('+1 202');
  });
});
