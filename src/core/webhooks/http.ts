// What the webhook code needs from HTTP (implemented in src/adapters/webhooks): a check of an
// endpoint URL against server-side request forgery, and one signed POST. Core never does I/O.

/** Why a webhook URL is refused (each has its own message for organizers). */
export type UrlRefusal =
  | 'invalid'
  | 'not_https'
  | 'credentials'
  | 'unresolvable'
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'metadata'
  | 'reserved';

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: UrlRefusal; address?: string };

export interface WebhookPost {
  url: string;
  /** The exact JSON body (signed as is). */
  body: string;
  /** The webhook's signing secret, in the clear (opened just before the call, never stored so). */
  secret: string;
  eventId: string;
  /** Signature time (the `t=` of the signature header). */
  timestamp: Date;
}

/**
 * The outcome of one POST. `ok` only for a 2xx. `error` is a closed-set code for logs and the
 * webhook list: `http_<status>`, `redirect` (3xx: never followed), `timeout`, `network`,
 * `address_<refusal>` (the URL or an address it resolved to was refused at delivery time).
 */
export type WebhookPostResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

export interface WebhookHttp {
  /** Resolves the host and refuses private, loopback, link-local, CGNAT, multicast, metadata... addresses. */
  check(url: string): Promise<UrlCheck>;
  /** Signs and posts; never throws. Re-checks the URL and connects only to a checked address. */
  post(req: WebhookPost): Promise<WebhookPostResult>;
}
