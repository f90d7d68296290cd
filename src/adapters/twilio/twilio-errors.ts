/**
 * Twilio API failures as SmsError { code, permanent, reason } (R4.7).
 *
 * - A Twilio error body (the SDK's RestException, or TwilioServiceException for RFC 9457
 *   bodies): code = Twilio's error code. 20429 / HTTP 429 and HTTP 5xx are transient (the
 *   queue retries with backoff). Codes in the R4.7 table (src/core/compliance/sms-errors.ts)
 *   take its verdict (21610, 21211, 21614, 21408, 30034... permanent). Any other 4xx is
 *   permanent: the same request would be refused again.
 * - No HTTP answer:
 *   - the connection was never made (refused, DNS, unreachable): transient, code 'network';
 *     Twilio cannot have received the request.
 *   - the request may have reached Twilio (timeout, connection reset mid-request): permanent,
 *     code 'ambiguous'. The Messages API has no idempotency key, so a retry could text the
 *     voter twice (R5.2a: one press, at most one message); the volunteer can press again.
 * `reason` carries Twilio's message and the docs link, never the phone number or the body.
 */
import { SmsError } from '../../core/errors.js';
import { smsErrorAction } from '../../core/compliance/sms-errors.js';

/** The errno codes that prove no byte reached Twilio. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);
const AMBIGUOUS = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_BAD_RESPONSE']);

interface HttpFailure {
  status: number;
  code?: number;
  message?: string;
  moreInfo?: string;
}

function asHttpFailure(err: unknown): HttpFailure | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
  if (typeof e.status !== 'number') return null;
  return {
    status: e.status,
    ...(typeof e.code === 'number' && e.code > 0 ? { code: e.code } : {}),
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
    ...(typeof e.moreInfo === 'string' ? { moreInfo: e.moreInfo } : {}),
  };
}

function errnoOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  return e.cause ? errnoOf(e.cause) : undefined;
}

export function toSmsError(err: unknown): SmsError {
  if (err instanceof SmsError) return err;
  const http = asHttpFailure(err);
  if (http) {
    const code = http.code !== undefined ? String(http.code) : `http_${http.status}`;
    const reason = [`HTTP ${http.status}`, http.message, http.moreInfo].filter(Boolean).join(': ');
    if (http.status === 429 || http.code === 20429 || http.status >= 500) return new SmsError(code, false, reason);
    return new SmsError(code, smsErrorAction(http.code !== undefined ? code : undefined, true).permanent, reason);
  }
  const errno = errnoOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (errno && NOT_CONNECTED.has(errno)) return new SmsError('network', false, `${errno}: Twilio was not reached (${detail})`);
  if (errno && AMBIGUOUS.has(errno)) {
    return new SmsError('ambiguous', true, `${errno}: no answer from Twilio; the text may have been accepted, so it is not retried automatically (${detail})`);
  }
  // Anything else happened before or outside the HTTP exchange (a bug, a bad option): not sent.
  return new SmsError('unknown', false, detail);
}
