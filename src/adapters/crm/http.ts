// The HTTP plumbing both CRM clients share: base-URL policy, one request with a timeout, a
// concurrency and rate limit per client, and the mapping of HTTP outcomes onto the port's
// failure reasons. Nothing here logs: request bodies carry voter phones and headers carry keys.
import type { CrmPushResult } from '../../core/ports.js';

export type FetchLike = typeof fetch;

export type CrmFailureReason = Extract<CrmPushResult, { ok: false }>['reason'];

/**
 * A CRM call that failed. `reason` uses the port's vocabulary so the sync service can tell a bad
 * key (stop, tell the organizer) from a busy CRM (retry later) without knowing HTTP.
 */
export class CrmRequestError extends Error {
  constructor(
    readonly reason: CrmFailureReason,
    readonly retryable: boolean,
    readonly status: number | undefined,
    readonly detail: string,
    /** Milliseconds the CRM asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`CRM request failed (${reason}${status === undefined ? '' : `, HTTP ${status}`}): ${detail}`);
    this.name = 'CrmRequestError';
  }
}

/** HTTP status -> the port's reason. 429 and 5xx are worth retrying; the others are not. */
export function reasonForStatus(status: number): { reason: CrmFailureReason; retryable: boolean } {
  if (status === 401 || status === 403) return { reason: 'unauthorized', retryable: false };
  if (status === 404) return { reason: 'not_found', retryable: false };
  if (status === 429) return { reason: 'rate_limited', retryable: true };
  if (status >= 500) return { reason: 'unavailable', retryable: true };
  if (status === 400 || status === 422) return { reason: 'invalid', retryable: false };
  return { reason: 'rejected', retryable: false };
}

/**
 * CRM base URLs must be https: the API key rides on every request. Plain http is accepted only
 * on 127.0.0.1, where the local fake CRMs of the tests listen (nothing leaves the machine).
 */
export function checkBaseUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${what} base URL is not a URL`);
  }
  const loopback = url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${what} base URL must be https (http only on 127.0.0.1 for tests), got ${url.protocol}//${url.host}`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds, capped at a minute. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 60_000) : undefined;
}

/** At most `concurrency` calls at once and at most `perSecond` starts in any second. */
export function createLimiter(concurrency: number, perSecond: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const starts: number[] = [];
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function slot(): Promise<void> {
    // Re-check after waking: a newcomer may have taken the freed slot first.
    while (active >= concurrency) await new Promise<void>((r) => waiting.push(r));
    active += 1;
    for (;;) {
      const now = Date.now();
      while (starts.length > 0 && now - (starts[0] as number) >= 1000) starts.shift();
      if (starts.length < perSecond) {
        starts.push(now);
        return;
      }
      await sleep(1000 - (now - (starts[0] as number)) + 1);
    }
  }

  return async (task) => {
    await slot();
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  fetch: FetchLike;
  /** Keep a 3xx as it is (VAN answers a person match with 302). */
  manualRedirect?: boolean;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * One HTTP call with a timeout. Network failures and timeouts become CrmRequestError
 * ('unavailable', retryable); any HTTP answer is returned for the caller to judge.
 */
export async function requestJson(req: JsonRequest): Promise<JsonResponse> {
  const init: RequestInit = {
    method: req.method,
    headers: { accept: 'application/json', ...(req.body === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers },
    signal: AbortSignal.timeout(req.timeoutMs),
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
    ...(req.manualRedirect ? { redirect: 'manual' as const } : {}),
  };
  let res: Response;
  let text: string;
  try {
    res = await req.fetch(req.url, init);
    text = await res.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new CrmRequestError('unavailable', true, undefined, timedOut ? `no answer within ${req.timeoutMs} ms` : 'could not reach the CRM');
  }
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

/** Turns a non-2xx answer into the error the caller throws or reports. */
export function errorFor(res: JsonResponse, detail: string): CrmRequestError {
  const { reason, retryable } = reasonForStatus(res.status);
  return new CrmRequestError(reason, retryable, res.status, detail, retryAfterMs(res.headers.get('retry-after')));
}

/**
 * Reads on a catalog (idempotent GETs) are retried a few times on 429/5xx, waiting what the CRM
 * asked (Retry-After) or a short backoff. Writes are never retried here: the sync run retries them
 * with its idempotency keys.
 */
export async function withReadRetries<T>(attempt: () => Promise<T>, tries = 3, baseDelayMs = 250): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof CrmRequestError) || !error.retryable || i >= tries) throw error;
      await new Promise((r) => setTimeout(r, error.retryAfterMs ?? baseDelayMs * 2 ** (i - 1)));
    }
  }
}

/** Person-level failure result from an error (keeps the batch going). */
export function failureResult(contactId: string, error: unknown): CrmPushResult {
  if (error instanceof CrmRequestError) {
    return { contactId, ok: false, reason: error.reason, retryable: error.retryable, detail: error.detail };
  }
  return { contactId, ok: false, reason: 'unavailable', retryable: true, detail: 'unexpected failure while pushing' };
}

/**
 * After a failure that will hit every following person too (bad key, rate limit, CRM down),
 * the rest of the batch is not sent: each gets the same reason, marked as not sent.
 */
export function stopsBatch(result: CrmPushResult): boolean {
  return !result.ok && (result.reason === 'unauthorized' || result.reason === 'rate_limited' || result.reason === 'unavailable');
}

export function notSent(contactId: string, cause: Extract<CrmPushResult, { ok: false }>): CrmPushResult {
  return { contactId, ok: false, reason: cause.reason, retryable: cause.retryable, detail: `not sent: an earlier person in this batch failed with ${cause.reason}` };
}
