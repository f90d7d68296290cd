/**
 * The webhook HTTP client. Server-side request forgery is refused at every step:
 * - the URL must be https (http only to a loopback address, and only with the test-only
 *   WEBHOOK_ALLOW_HTTP_LOOPBACK), with no user:password;
 * - the host is resolved and every address it resolves to must be public (address-policy.ts);
 * - the connection goes to an address checked in the same lookup that opens the socket (a
 *   `lookup` hook on the request), so a DNS answer that changes between the check and the
 *   connect (DNS rebinding) cannot reach a private address;
 * - redirects are never followed (a 3xx is a failed delivery: a redirect could point anywhere);
 * - every request has a timeout (connect, headers and body together).
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { UrlCheck, UrlRefusal, WebhookHttp, WebhookPost, WebhookPostResult } from '../../core/webhooks/http.js';
import { refusedAddress } from './address-policy.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Resolves a host name to every address (the system resolver by default; tests pass their own). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export interface WebhookHttpOptions {
  /** Test only: allow http:// (and https://) to loopback addresses, e.g. a receiver on 127.0.0.1. */
  allowHttpLoopback?: boolean;
  /** Whole-request timeout (default 10 s). */
  timeoutMs?: number;
  resolve?: Resolve;
  /** Extra CA certificates to trust (tests with a self-signed receiver). */
  ca?: string | Buffer;
  userAgent?: string;
}

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

class AddressRefused extends Error {
  constructor(readonly reason: UrlRefusal, readonly address?: string) {
    super(`address refused (${reason})`);
  }
}

const stripBrackets = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

export function createWebhookHttp(options: WebhookHttpOptions = {}): WebhookHttp {
  const resolve = options.resolve ?? systemResolve;
  const timeoutMs = options.timeoutMs ?? 10_000;

  /** Why this address may not be reached (loopback only with the test setting). */
  const refusal = (ip: string): UrlRefusal | null => {
    const r = refusedAddress(ip);
    return r === 'loopback' && options.allowHttpLoopback ? null : r;
  };

  /** Every address of the host, all checked; throws AddressRefused. */
  async function addressesOf(host: string): Promise<ResolvedAddress[]> {
    const bare = stripBrackets(host);
    const family = isIP(bare);
    let list: ResolvedAddress[];
    if (family) list = [{ address: bare, family }];
    else {
      try {
        list = await resolve(bare);
      } catch {
        throw new AddressRefused('unresolvable');
      }
    }
    if (list.length === 0) throw new AddressRefused('unresolvable');
    for (const a of list) {
      const r = refusal(a.address);
      if (r) throw new AddressRefused(r, a.address);
    }
    return list;
  }

  async function check(raw: string): Promise<UrlCheck> {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'not_https' };
    if (url.username || url.password) return { ok: false, reason: 'credentials' };
    if (!url.hostname) return { ok: false, reason: 'invalid' };
    let addresses: ResolvedAddress[];
    try {
      addresses = await addressesOf(url.hostname);
    } catch (err) {
      if (err instanceof AddressRefused) return { ok: false, reason: err.reason, ...(err.address ? { address: err.address } : {}) };
      throw err;
    }
    if (url.protocol === 'http:' && !(options.allowHttpLoopback && addresses.every((a) => refusedAddress(a.address) === 'loopback'))) {
      return { ok: false, reason: 'not_https' };
    }
    url.hash = '';
    return { ok: true, url: url.toString() };
  }

  /** The socket's lookup: resolves again and hands the socket only checked addresses. */
  const checkedLookup: LookupFunction = (hostname, opts, callback) => {
    addressesOf(hostname).then(
      (list) => {
        if (opts.all) callback(null, list);
        else callback(null, (list[0] as ResolvedAddress).address, (list[0] as ResolvedAddress).family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };

  async function post(req: WebhookPost): Promise<WebhookPostResult> {
    const checked = await check(req.url);
    if (!checked.ok) return { ok: false, error: `address_${checked.reason}` };
    const url = new URL(checked.url);
    const client = url.protocol === 'https:' ? https : http;
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(req.body)),
      'user-agent': options.userAgent ?? 'Textbank-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(req.secret, req.timestamp, req.body),
      [EVENT_ID_HEADER]: req.eventId,
    };
    return new Promise<WebhookPostResult>((done) => {
      let settled = false;
      const finish = (r: WebhookPostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        done(r);
      };
      const request = client.request(
        url,
        {
          method: 'POST',
          headers,
          // An IP literal never goes through lookup: it was checked above and is the address used.
          lookup: checkedLookup,
          agent: false,
          ...(options.ca && url.protocol === 'https:' ? { ca: options.ca } : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          // Read (and drop) a little of the body so the socket closes cleanly.
          let seen = 0;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > 64 * 1024) res.destroy();
          });
          const end = () => {
            if (status >= 200 && status < 300) finish({ ok: true, status });
            else if (status >= 300 && status < 400) finish({ ok: false, status, error: 'redirect' });
            else finish({ ok: false, status, error: `http_${status}` });
          };
          res.on('end', end);
          res.on('close', end);
          res.on('error', () => finish({ ok: false, status, error: 'network' }));
        },
      );
      const timer = setTimeout(() => {
        finish({ ok: false, error: 'timeout' });
        request.destroy();
      }, timeoutMs);
      request.on('error', (err) => {
        if (err instanceof AddressRefused) finish({ ok: false, error: `address_${err.reason}` });
        else finish({ ok: false, error: 'network' });
      });
      request.end(req.body);
    });
  }

  return { check, post };
}
