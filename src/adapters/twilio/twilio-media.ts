/**
 * Fetches a voter's MMS media from Twilio for our proxy route. Twilio's Media URL needs HTTP
 * basic auth (account SID + auth token) when media is protected, and answers with a redirect to
 * its CDN: the redirect is followed only to https hosts (never back to plain http, never to an
 * address a voter could choose), and the credentials go only to Twilio's own API host. The body
 * is read with a 5 MB limit and only MMS media types are passed on.
 */
import { INBOUND_MAX_BYTES, isAllowedInboundType } from '../../core/media/media.js';

type Result = { ok: true; contentType: string; bytes: Uint8Array } | { ok: false; status: 404 | 413 | 415 | 502 };

export interface TwilioMediaOptions {
  accountSid: string;
  authToken: string;
  /** Twilio's API origin (TWILIO_API_URL in tests); the credentials go only to this host. */
  apiUrl?: string;
  fetch?: typeof fetch;
  maxBytes?: number;
  /** Tests only: plain-http hosts allowed besides https ones (a fake Twilio on 127.0.0.1). */
  allowHttpHosts?: readonly string[];
}

const MAX_REDIRECTS = 3;

export function createTwilioMediaFetcher(opts: TwilioMediaOptions): (remoteUrl: string) => Promise<Result> {
  const doFetch = opts.fetch ?? fetch;
  const api = new URL(opts.apiUrl ?? 'https://api.twilio.com');
  const maxBytes = opts.maxBytes ?? INBOUND_MAX_BYTES;
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const allowed = (u: URL): boolean => u.protocol === 'https:' || (u.protocol === 'http:' && (opts.allowHttpHosts ?? []).includes(u.hostname));

  return async (remoteUrl) => {
    let url: URL;
    try {
      url = new URL(remoteUrl);
    } catch {
      return { ok: false, status: 404 };
    }
    // The first address must be Twilio's own: a stored URL is never a voter's choice.
    if (url.host !== api.host || !allowed(url)) return { ok: false, status: 404 };
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const headers: Record<string, string> = url.host === api.host ? { authorization: auth } : {};
      const res = await doFetch(url, { headers, redirect: 'manual' }).catch(() => null);
      if (!res) return { ok: false, status: 502 };
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (!location) return { ok: false, status: 502 };
        const next = new URL(location, url);
        if (!allowed(next)) return { ok: false, status: 502 };
        url = next;
        continue;
      }
      if (res.status === 404) return { ok: false, status: 404 };
      if (!res.ok) return { ok: false, status: 502 };
      const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!isAllowedInboundType(contentType)) {
        await res.body?.cancel().catch(() => undefined);
        return { ok: false, status: 415 };
      }
      const body = await readBody(res, maxBytes);
      if (!body) return { ok: false, status: 413 };
      return { ok: true, contentType, bytes: body };
    }
    return { ok: false, status: 502 };
  };
}

async function readBody(res: Response, max: number): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
