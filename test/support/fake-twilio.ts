/**
 * A local fake of the Twilio REST API on 127.0.0.1, for tests and benchmarks (no network).
 * It answers `POST /2010-04-01/Accounts/:sid/Messages.json` like Twilio: Basic auth checked
 * (20003 / HTTP 401 otherwise), 201 with a message resource ({ sid: 'SM…', status: 'accepted'
 * for Messaging Service sends, else 'queued', ... }), and Twilio-shaped error bodies
 * ({ code, message, more_info, status }) for numbers scripted with `script(to, reply)`.
 * Every request is recorded. With `callbacks`, it posts status callbacks to each message's
 * StatusCallback URL, signed with X-Twilio-Signature by the SDK's own helper, like Twilio does.
 * `postSigned()` plays Twilio calling our webhooks (inbound texts, status callbacks).
 * `GET /2010-04-01/Accounts/:sid/Messages/:MessageSid.json` answers the message resource with
 * the status Twilio holds now (Basic auth checked, 20404 for an unknown sid): the last status of
 * its callbacks list (whether or not the callback reached us), or what `setStatus` scripted.
 */
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export const FAKE_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const FAKE_AUTH_TOKEN = 'fake-twilio-auth-token-0123456789';

export interface ScriptedReply {
  /** HTTP status of the answer (e.g. 400, 429, 500). Omit to accept the message. */
  status?: number;
  /** Twilio error code in the body (omit with a 5xx to send a non-Twilio body). */
  code?: number;
  message?: string;
  /** Answer this many requests so, then go back to accepting (default: every request). */
  times?: number;
  /** Wait before answering (timeouts). */
  delayMs?: number;
  /** Drop the connection after reading the request (the client sees a reset). */
  reset?: boolean;
  /** Status callbacks for an accepted message, overriding the server default. */
  callbacks?: string[];
  /** ErrorCode sent with failed/undelivered callbacks. */
  errorCode?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  /** Decoded Basic auth, or null when absent. */
  auth: { user: string; pass: string } | null;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface CallbackDelivery {
  url: string;
  params: Record<string, string>;
  /** HTTP status our server answered, or the error when it could not be reached. */
  status: number | string;
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Post status callbacks (default statuses ['sent', 'delivered']) to each StatusCallback. */
  callbacks?: { statuses?: string[]; delayMs?: number; beforeResponse?: boolean };
  /** Wait this long before creating each message (Twilio's own latency). */
  createDelayMs?: number;
}

export interface FakeTwilio {
  /** Base URL to use as TWILIO_API_URL. */
  url: string;
  accountSid: string;
  authToken: string;
  requests: RecordedRequest[];
  /** Accepted messages (the resource returned), in order. */
  messages: { sid: string; to: string; body: string; params: Record<string, string> }[];
  callbacks: CallbackDelivery[];
  script(to: string, reply: ScriptedReply): void;
  /** The status (and error code) a fetch of this message returns from now on. */
  setStatus(sid: string, status: string, errorCode?: string): void;
  /** Resolves when every scheduled status callback has been posted. */
  flushCallbacks(): Promise<void>;
  close(): Promise<void>;
}

/** X-Twilio-Signature for a request to `url` with these POST parameters (the SDK's helper). */
export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/**
 * POSTs a form to `url` the way Twilio calls a webhook. The signature is computed over
 * `signUrl` (default: `url`) and `signParams` (default: `params`), so tests can sign one thing
 * and send another; `signature: null` sends no header, a string sends that header as is.
 */
export async function postSigned(
  url: string,
  params: Record<string, string>,
  opts: { authToken: string; signUrl?: string; signParams?: Record<string, string>; signature?: string | null },
): Promise<{ status: number; body: string; contentType: string | null }> {
  const signature = opts.signature === undefined ? signTwilio(opts.authToken, opts.signUrl ?? url, opts.signParams ?? params) : opts.signature;
  const body = new URLSearchParams(params).toString();
  // node:http over kept-alive sockets rather than fetch: the fake's status callbacks are Twilio's
  // work, and fetch's per-request cost once held a whole core in the SMS benchmark.
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      agent: secure ? httpsAgent : httpAgent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...(signature !== null ? { 'x-twilio-signature': signature } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'] ?? null }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function basicAuth(header: string | undefined): RecordedRequest['auth'] {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

export async function startFakeTwilio(opts: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? FAKE_ACCOUNT_SID;
  const authToken = opts.authToken ?? FAKE_AUTH_TOKEN;
  const requests: RecordedRequest[] = [];
  const messages: FakeTwilio['messages'] = [];
  const callbacks: CallbackDelivery[] = [];
  const scripts = new Map<string, ScriptedReply & { used: number }>();
  const pending = new Set<Promise<void>>();
  const cbDefaults = opts.callbacks;
  /** Message resources by sid, as a GET answers them (status moves on with the carrier). */
  const resources = new Map<string, Record<string, unknown>>();

  const postCallbacks = async (url: string, base: Record<string, string>, statuses: string[], errorCode?: string): Promise<void> => {
    for (const status of statuses) {
      if (cbDefaults?.delayMs) await sleep(cbDefaults.delayMs);
      const params: Record<string, string> = { ...base, MessageStatus: status, SmsStatus: status };
      if ((status === 'failed' || status === 'undelivered') && errorCode) params.ErrorCode = errorCode;
      try {
        const r = await postSigned(url, params, { authToken });
        callbacks.push({ url, params, status: r.status });
      } catch (err) {
        callbacks.push({ url, params, status: err instanceof Error ? err.message : String(err) });
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(raw));
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const auth = basicAuth(req.headers.authorization);
    requests.push({ method: req.method ?? '', path, params, auth, headers: req.headers, at: Date.now() });

    const one = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(path);
    if (req.method === 'GET' && one) {
      if (!auth || auth.user !== accountSid || auth.pass !== authToken || one[1] !== accountSid) return twilioError(res, 401, 20003, 'Authenticate');
      const found = resources.get(one[2] ?? '');
      if (!found) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(found));
    }
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (req.method !== 'POST' || !m) return twilioError(res, 404, 20404, 'The requested resource was not found');
    if (!auth || auth.user !== accountSid || auth.pass !== authToken || m[1] !== accountSid) {
      return twilioError(res, 401, 20003, 'Authenticate');
    }
    const to = params.To ?? '';
    const scripted = scripts.get(to);
    if (scripted && (scripted.times === undefined || scripted.used < scripted.times)) {
      scripted.used += 1;
      if (scripted.delayMs) await sleep(scripted.delayMs);
      if (scripted.reset) return void req.socket.destroy();
      if (scripted.status !== undefined) {
        if (scripted.code === undefined) {
          res.writeHead(scripted.status, { 'content-type': 'text/html' });
          return void res.end('<html><body>upstream error</body></html>');
        }
        return twilioError(res, scripted.status, scripted.code, scripted.message ?? `scripted error ${scripted.code}`);
      }
    }
    if (opts.createDelayMs) await sleep(opts.createDelayMs);
    if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!params.Body) return twilioError(res, 400, 21602, 'Message body is required.');
    // MediaUrl: a publicly reachable http(s) address Twilio fetches (21620 Invalid media URL(s)).
    if (params.MediaUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(params.MediaUrl)) return twilioError(res, 400, 21620, 'Invalid media URL(s)');
    if (!params.From && !params.MessagingServiceSid) return twilioError(res, 400, 21603, "A 'From' phone number is required.");

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString();
    const resource = {
      sid,
      account_sid: accountSid,
      to,
      from: params.From ?? null,
      messaging_service_sid: params.MessagingServiceSid ?? null,
      body: params.Body,
      status: params.MessagingServiceSid ? 'accepted' : 'queued',
      num_segments: '1',
      num_media: '0',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      subresource_uris: {},
    };
    messages.push({ sid, to, body: params.Body, params });

    const statuses = scripted?.callbacks ?? cbDefaults?.statuses ?? ['sent', 'delivered'];
    const final = statuses.at(-1) ?? resource.status;
    const failedCode = (final === 'failed' || final === 'undelivered') && scripted?.errorCode ? Number(scripted.errorCode) : null;
    resources.set(sid, { ...resource, status: final, error_code: failedCode, error_message: failedCode ? `error ${failedCode}` : null });
    if (cbDefaults && params.StatusCallback) {
      const base: Record<string, string> = { MessageSid: sid, SmsSid: sid, AccountSid: accountSid, To: to, ApiVersion: '2010-04-01' };
      if (params.From) base.From = params.From;
      if (params.MessagingServiceSid) base.MessagingServiceSid = params.MessagingServiceSid;
      const run = postCallbacks(params.StatusCallback, base, statuses, scripted?.errorCode);
      pending.add(run);
      void run.finally(() => pending.delete(run));
      if (cbDefaults.beforeResponse) await run; // R4.6: callbacks may arrive before create returns
    }
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify(resource));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages,
    callbacks,
    script(to, reply) {
      scripts.set(to, { ...reply, used: 0 });
    },
    setStatus(sid, status, errorCode) {
      const found = resources.get(sid);
      if (!found) throw new Error(`fake twilio: no message ${sid}`);
      resources.set(sid, { ...found, status, error_code: errorCode ? Number(errorCode) : null, error_message: errorCode ? `error ${errorCode}` : null, date_updated: new Date().toUTCString() });
    },
    async flushCallbacks() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
