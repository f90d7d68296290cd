/**
 * Twilio webhooks (R7.1, R7.4): real fastify server (the app's buildServer, which registers
 * @fastify/formbody globally) on loopback, real signatures from the SDK's helper. The server
 * listens on 127.0.0.1 but PUBLIC_URL is an https origin, as behind a proxy: signatures are
 * checked against PUBLIC_URL + path (+ query), never the Host header.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { buildServer, type HttpServer } from '../../../src/app/server.js';
import { createLogger } from '../../../src/app/logger.js';
import { EMPTY_TWIML, twilioWebhooks, type TwilioWebhookOptions } from '../../../src/adapters/twilio/twilio-webhooks.js';
import type { TwilioInbound, TwilioStatus } from '../../../src/adapters/twilio/twilio-params.js';
import { postSigned, signTwilio } from '../../support/fake-twilio.js';
import { deferred, sleep } from '../../contract/queue.contract.js';

const TOKEN = 'webhook-test-auth-token-00000001';
const PUBLIC = 'https://textbank.example.org';
const NOW = new Date('2026-03-02T15:00:00.000Z');
const SID = `SM${'1'.repeat(32)}`;
const MG = `MG${'b'.repeat(32)}`;

interface Harness {
  app: HttpServer;
  base: string;
  inbound: TwilioInbound[];
  statuses: TwilioStatus[];
  /** Replace to make the handlers slow or failing. */
  hooks: { inbound?: (m: TwilioInbound) => Promise<void>; status?: (s: TwilioStatus) => Promise<void> };
}

async function harness(publicUrl: string): Promise<Harness> {
  const app = await buildServer({ logger: createLogger('silent'), probes: [] });
  const h: Harness = { app, base: '', inbound: [], statuses: [], hooks: {} };
  const opts: TwilioWebhookOptions = {
    authToken: TOKEN,
    publicUrl,
    clock: { now: () => NOW },
    onInbound: async (m) => {
      await h.hooks.inbound?.(m);
      h.inbound.push(m);
    },
    onStatus: async (s) => {
      await h.hooks.status?.(s);
      h.statuses.push(s);
    },
  };
  await app.register(twilioWebhooks, opts);
  // A sibling route: the server-wide form parser must still work outside the plugin.
  app.post('/other/form', async (req) => ({ body: req.body }));
  h.base = await app.listen({ port: 0, host: '127.0.0.1' });
  return h;
}

const inboundParams = (extra: Record<string, string> = {}): Record<string, string> => ({
  MessageSid: SID,
  SmsSid: SID,
  AccountSid: `AC${'0'.repeat(32)}`,
  MessagingServiceSid: MG,
  From: '+12025550143',
  To: '+12025550100',
  Body: 'Please remove me',
  NumMedia: '0',
  ...extra,
});

let h: Harness;
beforeAll(async () => {
  h = await harness(PUBLIC);
});
afterAll(async () => {
  await h.app.close();
});
beforeEach(() => {
  h.inbound.length = 0;
  h.statuses.length = 0;
  h.hooks = {};
});

describe('R7.1 signature vectors', () => {
  it("the SDK helper reproduces Twilio's documented vector", () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    expect(signTwilio('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('matches an independent HMAC-SHA1 over URL + sorted name/value pairs', () => {
    const url = `${PUBLIC}/twilio/inbound`;
    const params = inboundParams();
    const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
    expect(signTwilio(TOKEN, url, params)).toBe(createHmac('sha1', TOKEN).update(data, 'utf8').digest('base64'));
  });
});

describe('POST /twilio/inbound', () => {
  it('a signed inbound text reaches onInbound parsed, and gets empty TwiML', async () => {
    const res = await postSigned(`${h.base}/twilio/inbound`, inboundParams(), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    expect(res.body).toBe(EMPTY_TWIML);
    expect(h.inbound).toEqual([{ providerId: SID, from: '+12025550143', to: '+12025550100', body: 'Please remove me', at: NOW, messagingServiceSid: MG }]);
  });

  it('DESIGN Outbox / R1.4: the TwiML is answered only after onInbound resolved', async () => {
    const gate = deferred();
    const events: string[] = [];
    h.hooks.inbound = async () => {
      events.push('handler started');
      await gate.promise;
      events.push('handler resolved');
    };
    const pending = postSigned(`${h.base}/twilio/inbound`, inboundParams(), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` }).then((r) => {
      events.push('answered');
      return r;
    });
    await sleep(150);
    expect(events).toEqual(['handler started']);
    gate.resolve();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(events).toEqual(['handler started', 'handler resolved', 'answered']);
  });

  it('answers 500 when onInbound throws, so Twilio retries', async () => {
    h.hooks.inbound = async () => {
      throw new Error('store down');
    };
    const res = await postSigned(`${h.base}/twilio/inbound`, inboundParams(), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('Response');
  });

  it('keeps Unicode bodies exact (Spanish, emoji) and an empty body as ""', async () => {
    const body = 'Álto, por favor — no más mensajes 🙏 ñ';
    const a = await postSigned(`${h.base}/twilio/inbound`, inboundParams({ Body: body }), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
    const b = await postSigned(`${h.base}/twilio/inbound`, inboundParams({ Body: '' }), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(h.inbound.map((m) => m.body)).toEqual([body, '']);
  });

  it('a signed request without the required parameters is 400 and reaches no handler', async () => {
    const params = inboundParams();
    delete params.From;
    const res = await postSigned(`${h.base}/twilio/inbound`, params, { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
    expect(res.status).toBe(400);
    expect(h.inbound).toEqual([]);
  });

  it('a replay of the same signed request reaches the handler again (dedupe by MessageSid is the store\'s job)', async () => {
    for (let i = 0; i < 2; i += 1) {
      const res = await postSigned(`${h.base}/twilio/inbound`, inboundParams(), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
      expect(res.status).toBe(200);
    }
    expect(h.inbound.map((m) => m.providerId)).toEqual([SID, SID]);
  });
});

describe('R7.1/R7.4: rejected with 403, handler not called', () => {
  const url = () => `${h.base}/twilio/inbound`;
  const good = `${PUBLIC}/twilio/inbound`;
  const cases: [string, () => Promise<{ status: number }>][] = [
    ['missing X-Twilio-Signature', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signature: null })],
    ['empty X-Twilio-Signature', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signature: '' })],
    ['garbage signature', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signature: 'not-base64!!' })],
    ['signed with another auth token', () => postSigned(url(), inboundParams(), { authToken: 'another-token-0000000000000000', signUrl: good })],
    ['tampered body (Body changed after signing)', () => postSigned(url(), inboundParams({ Body: 'START' }), { authToken: TOKEN, signUrl: good, signParams: inboundParams({ Body: 'STOP' }) })],
    ['tampered From', () => postSigned(url(), inboundParams({ From: '+12025550999' }), { authToken: TOKEN, signUrl: good, signParams: inboundParams() })],
    ['parameter added after signing (replayed but altered)', () => postSigned(url(), inboundParams({ Extra: '1' }), { authToken: TOKEN, signUrl: good, signParams: inboundParams() })],
    ['parameter removed after signing', () => {
      const sent = inboundParams();
      delete sent.NumMedia;
      return postSigned(url(), sent, { authToken: TOKEN, signUrl: good, signParams: inboundParams() });
    }],
    ['signed for http instead of https', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signUrl: 'http://textbank.example.org/twilio/inbound' })],
    ['signed for another host', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signUrl: 'https://evil.example.org/twilio/inbound' })],
    ['signed for another port', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signUrl: 'https://textbank.example.org:8443/twilio/inbound' })],
    ['signed for another path (a status callback signature)', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/status` })],
    ['query string added to the request', () => postSigned(`${url()}?org=x`, inboundParams(), { authToken: TOKEN, signUrl: good })],
    ['signed with the internal address (Host header) instead of PUBLIC_URL', () => postSigned(url(), inboundParams(), { authToken: TOKEN, signUrl: url() })],
  ];
  for (const [what, send] of cases) {
    it(what, async () => {
      const res = await send();
      expect(res.status).toBe(403);
      expect(h.inbound).toEqual([]);
    });
  }

  it('the status route rejects the same way', async () => {
    const params = { MessageSid: SID, MessageStatus: 'delivered' };
    const bad = await postSigned(`${h.base}/twilio/status`, params, { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/status`, signParams: { ...params, MessageStatus: 'sent' } });
    const missing = await postSigned(`${h.base}/twilio/status`, params, { authToken: TOKEN, signature: null });
    expect([bad.status, missing.status]).toEqual([403, 403]);
    expect(h.statuses).toEqual([]);
  });

  it('a non-form body is refused without reaching the handler', async () => {
    const res = await fetch(`${h.base}/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': signTwilio(TOKEN, `${PUBLIC}/twilio/inbound`, {}) },
      body: JSON.stringify(inboundParams()),
    });
    expect([403, 415]).toContain(res.status);
    expect(h.inbound).toEqual([]);
  });
});

describe('POST /twilio/status', () => {
  const url = () => `${h.base}/twilio/status`;
  const signUrl = `${PUBLIC}/twilio/status`;

  it('a signed callback reaches onStatus with our status and the error code; 204', async () => {
    const res = await postSigned(url(), { MessageSid: SID, SmsSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: `AC${'0'.repeat(32)}` }, { authToken: TOKEN, signUrl });
    expect(res.status).toBe(204);
    expect(h.statuses).toEqual([{ providerId: SID, status: 'undelivered', twilioStatus: 'undelivered', errorCode: '30003', at: NOW }]);
  });

  it('maps Twilio statuses (accepted -> queued, canceled -> failed, read -> delivered); unknown ones are 200 and ignored', async () => {
    const send = (status: string) => postSigned(url(), { MessageSid: SID, MessageStatus: status }, { authToken: TOKEN, signUrl });
    const codes = [];
    for (const s of ['accepted', 'sending', 'sent', 'delivered', 'read', 'canceled', 'partially_delivered']) codes.push((await send(s)).status);
    expect(codes).toEqual([204, 204, 204, 204, 204, 204, 200]);
    expect(h.statuses.map((s) => s.status)).toEqual(['queued', 'sending', 'sent', 'delivered', 'delivered', 'failed']);
    expect(h.statuses.every((s) => s.errorCode === undefined)).toBe(true);
  });

  it('R4.6: our message ids in the signed callback URL reach onStatus; altered ids fail the signature', async () => {
    const q = '?o=org-1&m=msg-1';
    const ok = await postSigned(`${url()}${q}`, { MessageSid: SID, MessageStatus: 'delivered' }, { authToken: TOKEN, signUrl: `${signUrl}${q}` });
    expect(ok.status).toBe(204);
    expect(h.statuses).toEqual([{ providerId: SID, status: 'delivered', twilioStatus: 'delivered', at: NOW, orgId: 'org-1', messageId: 'msg-1' }]);
    const forged = await postSigned(`${url()}?o=org-1&m=msg-2`, { MessageSid: SID, MessageStatus: 'delivered' }, { authToken: TOKEN, signUrl: `${signUrl}${q}` });
    expect(forged.status).toBe(403);
    expect(h.statuses).toHaveLength(1);
  });

  it('answers only after onStatus resolved; 500 when it throws', async () => {
    const gate = deferred();
    let answered = false;
    h.hooks.status = async () => gate.promise;
    const pending = postSigned(url(), { MessageSid: SID, MessageStatus: 'sent' }, { authToken: TOKEN, signUrl }).then((r) => {
      answered = true;
      return r;
    });
    await sleep(120);
    expect(answered).toBe(false);
    gate.resolve();
    expect((await pending).status).toBe(204);

    h.hooks.status = async () => {
      throw new Error('store down');
    };
    expect((await postSigned(url(), { MessageSid: SID, MessageStatus: 'sent' }, { authToken: TOKEN, signUrl })).status).toBe(500);
  });
});

describe('URLs behind a proxy', () => {
  it('a query string Twilio was configured with is part of the signed URL', async () => {
    const res = await postSigned(`${h.base}/twilio/inbound?org=acme&v=2`, inboundParams(), { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound?org=acme&v=2` });
    expect(res.status).toBe(200);
    expect(h.inbound).toHaveLength(1);
  });

  it('PUBLIC_URL with a base path (the proxy strips it) and a trailing slash', async () => {
    const other = await harness('https://proxy.example.org/textbank/');
    try {
      const res = await postSigned(`${other.base}/twilio/inbound`, inboundParams(), { authToken: TOKEN, signUrl: 'https://proxy.example.org/textbank/twilio/inbound' });
      expect(res.status).toBe(200);
      expect(other.inbound).toHaveLength(1);
    } finally {
      await other.app.close();
    }
  });

  it('the explicit default port is the same URL (Twilio may sign either form)', async () => {
    const res = await postSigned(`${h.base}/twilio/inbound`, inboundParams(), { authToken: TOKEN, signUrl: 'https://textbank.example.org:443/twilio/inbound' });
    expect(res.status).toBe(200);
  });

  it('the server-wide form parser still works outside the plugin (encapsulation)', async () => {
    const res = await fetch(`${h.base}/other/form`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two' });
    expect(await res.json()).toEqual({ body: { a: '1', b: 'two' } });
  });
});
