/**
 * HTTP clients for the twilio SDK (the SDK builds the request: path, form params, auth, headers;
 * the client carries it).
 *
 * - `RebasedRequestClient`: the SDK's own RequestClient (axios, its https.Agent, HTTP_PROXY and
 *   TWILIO_CA_BUNDLE handling), with the API base URL made configurable (TWILIO_API_URL).
 * - `DirectRequestClient`: the same contract over node:http(s) with one keep-alive agent. At
 *   election-eve rates the axios path was the largest share of a text's CPU in the app (about
 *   0.55 ms of 2 ms); this one writes the form body and reads the answer and nothing else.
 *   It is used when no proxy and no CA bundle are configured (the SDK's client handles those).
 *
 * Both send every request the SDK addresses to https://api.twilio.com to the configured base
 * instead (tests point it at a local fake Twilio); other Twilio hosts are left alone.
 * Auto-retry on 429 stays off: the queue retries with backoff (R4.4 pushes back instead).
 * A timeout or a dropped connection rejects with the socket's errno (ETIMEDOUT, ECONNRESET...)
 * so twilio-errors.ts can tell "never reached Twilio" from "may have reached Twilio".
 */
import http from 'node:http';
import https from 'node:https';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';

type Response<T> = ResponseModule.default<T>;

export const TWILIO_API_BASE = 'https://api.twilio.com';

/** Twilio's answers are small JSON documents; anything larger is not an answer we can read. */
const MAX_RESPONSE_BYTES = 1 << 20;

/** `uri` with the api.twilio.com origin replaced by `base` (path and query kept as they are). */
export function rebaseTwilioUri(uri: string, base: string): string {
  const from = new URL(uri);
  if (from.origin !== TWILIO_API_BASE) return uri;
  const to = new URL(base);
  const basePath = to.pathname.replace(/\/+$/, '');
  return `${to.origin}${basePath}${from.pathname}${from.search}`;
}

export class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: string,
    opts: RequestClient.RequestClientOptions = {},
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request<TData>({ ...opts, uri: rebaseTwilioUri(opts.uri, this.base) });
  }
}

type FormValue = string | number | boolean | Date | null | undefined;

/**
 * application/x-www-form-urlencoded with repeated keys for lists (MediaUrl=a&MediaUrl=b), as
 * the SDK's own client writes it (qs, arrayFormat "repeat"); undefined and null are left out.
 */
export function formEncode(data: object): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(data) as [string, FormValue | FormValue[]][]) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null) continue;
      out.append(key, v instanceof Date ? v.toISOString() : String(v));
    }
  }
  return out.toString();
}

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export class DirectRequestClient extends twilio.RequestClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 100 });

  constructor(
    private readonly base: string = TWILIO_API_BASE,
    private readonly timeoutMs = 30_000,
  ) {
    super({ timeout: timeoutMs });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const url = new URL(rebaseTwilioUri(opts.uri, this.base));
    if (opts.params) for (const [k, v] of new URLSearchParams(formEncode(opts.params))) url.searchParams.append(k, v);
    const headers: Record<string, string> = { ...(opts.headers ?? {}), Connection: 'keep-alive' };
    if (opts.username && opts.password) headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    else if (opts.authStrategy) headers.Authorization = await opts.authStrategy.getAuthString();
    const method = opts.method.toUpperCase();
    let body: string | undefined;
    if (opts.data && (method === 'POST' || method === 'PUT')) {
      body = headers['Content-Type'] === 'application/json' ? JSON.stringify(opts.data) : formEncode(opts.data);
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const secure = url.protocol === 'https:';
    const timeoutMs = opts.timeout ?? this.timeoutMs;
    return new Promise<Response<TData>>((resolve, reject) => {
      const req = (secure ? https : http).request(url, { method, headers, agent: secure ? this.httpsAgent : this.httpAgent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(failure('ERR_BAD_RESPONSE', `Twilio's answer is over ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ statusCode: res.statusCode ?? 0, body: text as TData, headers: res.headers } as unknown as Response<TData>);
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
      // The whole exchange, not only socket idleness: a request that may have reached Twilio is
      // ambiguous either way, and the queue must not wait on it forever.
      const timer = setTimeout(() => req.destroy(failure('ETIMEDOUT', `no answer from Twilio within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(body);
    });
  }
}
