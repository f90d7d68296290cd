/**
 * The twilio SDK's RequestClient, with the API base URL made configurable (TWILIO_API_URL):
 * every request the SDK addresses to https://api.twilio.com goes to the configured base
 * instead (tests point it at a local fake Twilio; a proxy could sit there too). Requests to
 * other Twilio hosts are left alone (the Messages API lives on api.twilio.com).
 * Auto-retry on 429 stays off: the queue retries with backoff (R4.4 pushes back instead).
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';

type Response<T> = ResponseModule.default<T>;

export const TWILIO_API_BASE = 'https://api.twilio.com';

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
