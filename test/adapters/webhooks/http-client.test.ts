// The webhook HTTP client against a real receiver on 127.0.0.1: SSRF refusals (at add time and
// at delivery), DNS rebinding, signatures a receiver can verify, redirects refused, timeouts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHttp, type Resolve } from '../../../src/adapters/webhooks/index.js';
import { refusedAddress } from '../../../src/adapters/webhooks/address-policy.js';
import { startWebhookReceiver, verifyTextbankSignature, type WebhookReceiver } from '../../support/webhook-receiver.js';

const SECRET = 'whsec_test_secret_0123456789';
const publicResolve: Resolve = async (host) => (host === 'evil.test' ? [{ address: '10.0.0.5', family: 4 }] : host === 'mixed.test' ? [{ address: '93.184.215.14', family: 4 }, { address: '192.168.1.7', family: 4 }] : [{ address: '93.184.215.14', family: 4 }]);

let rx: WebhookReceiver;
beforeAll(async () => {
  rx = await startWebhookReceiver();
  rx.secret = SECRET;
});
afterAll(async () => rx.close());

describe('address policy', () => {
  it.each([
    ['10.0.0.5', 'private'],
    ['172.16.4.4', 'private'],
    ['192.168.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.10', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['224.0.0.251', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::a00:5', 'private'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(refusedAddress(ip)).toBe(reason);
  });

  it.each(['93.184.215.14', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (ip) => {
    expect(refusedAddress(ip)).toBeNull();
  });
});

describe('URL check (add time)', () => {
  const http = createWebhookHttp({ resolve: publicResolve });

  it.each([
    ['https://10.0.0.5/hook', 'private', '10.0.0.5'],
    ['https://169.254.169.254/', 'metadata', '169.254.169.254'],
    ['https://[::ffff:10.0.0.5]/x', 'private', '::ffff:a00:5'],
    ['https://[::1]:8443/x', 'loopback', '::1'],
    ['https://100.64.1.2/', 'cgnat', '100.64.1.2'],
    ['https://evil.test/hook', 'private', '10.0.0.5'],
    ['https://mixed.test/hook', 'private', '192.168.1.7'],
  ])('refuses %s', async (url, reason, address) => {
    expect(await http.check(url)).toEqual({ ok: false, reason, address });
  });

  it('refuses a host name that resolves to 127.0.0.1 without the test-only setting (real DNS: localhost)', async () => {
    const real = createWebhookHttp();
    expect(await real.check('https://localhost/hook')).toMatchObject({ ok: false, reason: 'loopback' });
    expect(await real.check(rx.url)).toMatchObject({ ok: false, reason: 'loopback' });
  });

  it('refuses http, credentials in the URL and non-URLs; accepts a public https URL', async () => {
    expect(await http.check('http://hooks.example.org/x')).toEqual({ ok: false, reason: 'not_https' });
    expect(await http.check('ftp://hooks.example.org/x')).toEqual({ ok: false, reason: 'not_https' });
    expect(await http.check('https://user:pw@hooks.example.org/x')).toEqual({ ok: false, reason: 'credentials' });
    expect(await http.check('not a url')).toEqual({ ok: false, reason: 'invalid' });
    expect(await http.check('https://hooks.example.org/textbank?k=1#frag')).toEqual({ ok: true, url: 'https://hooks.example.org/textbank?k=1' });
  });

  it('refuses a host that does not resolve', async () => {
    const failing = createWebhookHttp({ resolve: async () => Promise.reject(new Error('ENOTFOUND')) });
    expect(await failing.check('https://nowhere.invalid/x')).toEqual({ ok: false, reason: 'unresolvable' });
  });

  it('with WEBHOOK_ALLOW_HTTP_LOOPBACK: http only to loopback; private addresses stay refused', async () => {
    const test = createWebhookHttp({ allowHttpLoopback: true, resolve: publicResolve });
    expect(await test.check(rx.url)).toEqual({ ok: true, url: rx.url });
    expect(await test.check('http://10.0.0.5/hook')).toMatchObject({ ok: false, reason: 'private' });
    expect(await test.check('http://hooks.example.org/hook')).toEqual({ ok: false, reason: 'not_https' });
  });
});

describe('POST (delivery)', () => {
  const post = (http: ReturnType<typeof createWebhookHttp>, url: string, body = '{"id":"e1","type":"tag.added"}') =>
    http.post({ url, body, secret: SECRET, eventId: 'e1', timestamp: new Date() });

  it('signs the body: the receiver verifies the signature; the event id is a header', async () => {
    rx.received.length = 0;
    rx.answer = () => 204;
    const http = createWebhookHttp({ allowHttpLoopback: true });
    expect(await post(http, rx.url)).toEqual({ ok: true, status: 204 });
    const [got] = rx.received;
    expect(got?.verified).toBe(true);
    expect(got?.headers['textbank-event-id']).toBe('e1');
    expect(got?.headers['content-type']).toBe('application/json');
    expect(String(got?.headers['textbank-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // A tampered body or another secret does not verify.
    expect(verifyTextbankSignature(SECRET, String(got?.headers['textbank-signature']), `${got?.raw} `, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyTextbankSignature('whsec_other', String(got?.headers['textbank-signature']), got?.raw ?? '', Math.floor(Date.now() / 1000))).toBe(false);
  });

  it('refuses at delivery what it refuses at add time (the setting off: loopback is refused, nothing is sent)', async () => {
    rx.received.length = 0;
    expect(await post(createWebhookHttp(), rx.url)).toEqual({ ok: false, error: 'address_loopback' });
    expect(await post(createWebhookHttp(), rx.url.replace('http:', 'https:'))).toEqual({ ok: false, error: 'address_loopback' });
    expect(rx.received).toHaveLength(0);
  });

  it('connects to the address it checked: a name resolved by the checked lookup reaches the receiver', async () => {
    rx.received.length = 0;
    rx.answer = () => 200;
    const http = createWebhookHttp({ allowHttpLoopback: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(await post(http, `http://hooks.test:${rx.port}/hook`)).toEqual({ ok: true, status: 200 });
    expect(rx.received[0]?.headers.host).toBe(`hooks.test:${rx.port}`);
  });

  it('DNS rebinding: a second answer pointing to a private address is refused at connect time', async () => {
    rx.received.length = 0;
    let calls = 0;
    const rebinding: Resolve = async () => (++calls === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.5', family: 4 }]);
    const http = createWebhookHttp({ allowHttpLoopback: true, resolve: rebinding });
    expect(await post(http, `http://rebind.test:${rx.port}/hook`)).toEqual({ ok: false, error: 'address_private' });
    expect(calls).toBe(2);
    expect(rx.received).toHaveLength(0);
  });

  it('does not follow redirects (a 3xx is a failed delivery, reported with its status)', async () => {
    rx.received.length = 0;
    rx.answer = () => 302;
    const http = createWebhookHttp({ allowHttpLoopback: true });
    expect(await post(http, rx.url)).toEqual({ ok: false, status: 302, error: 'redirect' });
    expect(rx.received).toHaveLength(1);
    rx.answer = () => 200;
  });

  it('reports an error status and times out a receiver that never answers', async () => {
    rx.received.length = 0;
    rx.answer = () => 503;
    const http = createWebhookHttp({ allowHttpLoopback: true, timeoutMs: 300 });
    expect(await post(http, rx.url)).toEqual({ ok: false, status: 503, error: 'http_503' });
    rx.answer = () => 200;
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    expect(await post(http, `http://127.0.0.1:${port}/hook`)).toEqual({ ok: false, error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});
