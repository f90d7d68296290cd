/**
 * SmsGateway over the official twilio SDK (DESIGN: Ports; R4.5, R2.5, R4.7).
 *
 * - Sends with the Messaging Service SID when there is one (R4.5), else with the From number;
 *   the request's sender wins over the configured default.
 * - StatusCallback: the request's URL, else the configured one (PUBLIC_URL + '/twilio/status').
 * - ValidityPeriod (R2.5): passed through, kept inside Twilio's range 1..36,000 s.
 * - `idempotencyKey`: Twilio's Messages API has no idempotency key, so it is not sent. Dedupe
 *   is ours: the outbox (a message moves queued -> sending atomically before this call), and
 *   ambiguous failures are never retried automatically (twilio-errors.ts).
 * - Failures become SmsError (twilio-errors.ts).
 * - `apiBaseUrl` (TWILIO_API_URL) points the SDK at another base URL (a local fake in tests).
 * - `httpClient`: how requests travel (twilio-http-client.ts); the SDK's client behind a proxy.
 * - `fetchStatus` reads one Message resource (GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json)
 *   for the sweeper's reconcile of lost status callbacks: Twilio's `status` word and `error_code`.
 */
import twilio from 'twilio';
import type { MessageStatus } from '../../core/model/message.js';
import type { SmsGateway, SmsSendRequest, SmsStatusReport } from '../../core/ports.js';
import { SmsError } from '../../core/errors.js';
import { DirectRequestClient, RebasedRequestClient } from './twilio-http-client.js';
import { toSmsError } from './twilio-errors.js';
import { toMessageStatus } from './twilio-statuses.js';

export interface TwilioGatewayOptions {
  accountSid: string;
  authToken: string;
  /** Default sender (R4.5: prefer a Messaging Service). */
  messagingServiceSid?: string;
  from?: string;
  /** TWILIO_API_URL: replaces https://api.twilio.com (tests, proxies). */
  apiBaseUrl?: string;
  /** Default StatusCallback URL: PUBLIC_URL + '/twilio/status'. */
  statusCallbackUrl?: string;
  /** HTTP timeout per request (default 15 s). A timeout is an ambiguous failure (not retried). */
  timeoutMs?: number;
  /**
   * 'sdk': the SDK's own HTTP client, which honours HTTP_PROXY and TWILIO_CA_BUNDLE; chosen when
   * either is set. 'direct' (default): node:http(s) with a keep-alive agent (twilio-http-client.ts).
   */
  httpClient?: 'direct' | 'sdk';
}

export interface TwilioGateway extends SmsGateway {
  readonly kind: 'twilio';
}

/** Twilio's allowed ValidityPeriod range (R2.5). */
export const VALIDITY_MIN_S = 1;
export const VALIDITY_MAX_S = 36_000;

export function clampValidityPeriod(seconds: number): number {
  return Math.min(VALIDITY_MAX_S, Math.max(VALIDITY_MIN_S, Math.floor(seconds)));
}

export function createTwilioGateway(opts: TwilioGatewayOptions): TwilioGateway {
  const timeout = opts.timeoutMs ?? 15_000;
  const httpClient =
    opts.httpClient === 'sdk'
      ? opts.apiBaseUrl
        ? new RebasedRequestClient(opts.apiBaseUrl, { timeout })
        : new twilio.RequestClient({ timeout })
      : new DirectRequestClient(opts.apiBaseUrl, timeout);
  const client = twilio(opts.accountSid, opts.authToken, { httpClient, autoRetry: false });

  return {
    kind: 'twilio',

    async send(req: SmsSendRequest): Promise<{ providerId: string; status?: MessageStatus }> {
      const messagingServiceSid = req.messagingServiceSid ?? (req.from ? undefined : opts.messagingServiceSid);
      const from = messagingServiceSid ? undefined : (req.from ?? opts.from);
      if (!messagingServiceSid && !from) {
        throw new SmsError('no_sender', true, 'no Messaging Service SID or From number is configured');
      }
      const statusCallback = req.statusCallbackUrl ?? opts.statusCallbackUrl;
      let created: { sid: string; status: string };
      try {
        created = await client.messages.create({
          to: req.to,
          body: req.body,
          ...(messagingServiceSid ? { messagingServiceSid } : { from: from as string }),
          ...(statusCallback ? { statusCallback } : {}),
          ...(req.validityPeriod !== undefined ? { validityPeriod: clampValidityPeriod(req.validityPeriod) } : {}),
          // MMS: Twilio fetches each MediaUrl (up to 10) and sends it with the text.
          ...(req.mediaUrls?.length ? { mediaUrl: req.mediaUrls.slice(0, 10) } : {}),
        });
      } catch (err) {
        throw toSmsError(err);
      }
      const status = toMessageStatus(created.status);
      return { providerId: created.sid, ...(status ? { status } : {}) };
    },

    async fetchStatus(providerId: string): Promise<SmsStatusReport | null> {
      let found: { status: string; errorCode: number | null; dateUpdated: Date | null };
      try {
        found = await client.messages(providerId).fetch();
      } catch (err) {
        // 20404: Twilio does not know this sid (deleted, or another account's).
        if ((err as { status?: unknown }).status === 404) return null;
        throw toSmsError(err);
      }
      return {
        status: found.status,
        ...(found.errorCode !== null && found.errorCode !== undefined ? { errorCode: String(found.errorCode) } : {}),
        ...(found.dateUpdated instanceof Date && !Number.isNaN(found.dateUpdated.getTime()) ? { at: found.dateUpdated } : {}),
      };
    },
  };
}
