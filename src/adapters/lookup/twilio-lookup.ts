/**
 * NumberLookup over Twilio Lookup v2 with the Line Type Intelligence package:
 * `GET {base}/v2/PhoneNumbers/{E.164}?Fields=line_type_intelligence`, HTTP Basic auth (Account SID
 * and Auth Token). The answer's `line_type_intelligence.type` is one of mobile, landline,
 * fixedVoip, nonFixedVoip, personal, tollFree, premium, sharedCost, uan, voicemail, pager or
 * unknown; `valid: false` marks a number that is not a phone number at all.
 * Errors come as Twilio's `{ code, message, status }` (or as `line_type_intelligence.error_code`
 * for one number): 20003 / 401 bad credentials; 20005 and 10001 an account that is not active
 * (out of funds), 60611 the package's quota reached: both "no credit"; 20404 not found; 20429,
 * 60616 and 60626 rate limits (retryable); 60600 out of coverage and 60601 a number that needs
 * an approval (Canada): not covered. Never throws; never logs or returns the phone.
 */
import { z } from 'zod';
import type { LineType, NumberLookup, NumberLookupFailure, NumberLookupResult } from '../../core/ports.js';

export const TWILIO_LOOKUP_URL = 'https://lookups.twilio.com';
const E164_RE = /^\+[1-9]\d{6,14}$/;

export interface TwilioLookupOptions {
  accountSid: string;
  authToken: string;
  /** LOOKUP_API_URL: another base URL (a local fake in tests). */
  baseUrl?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

const LineTypeIntelligence = z.object({
  type: z.string().nullish(),
  carrier_name: z.string().nullish(),
  error_code: z.coerce.number().nullish(),
});

const LookupResponse = z.object({
  valid: z.boolean().nullish(),
  line_type_intelligence: LineTypeIntelligence.nullish(),
});

const TwilioErrorBody = z.object({ code: z.coerce.number().nullish(), status: z.coerce.number().nullish() });

const LINE_TYPES: Readonly<Record<string, LineType>> = {
  mobile: 'mobile',
  landline: 'landline',
  fixedVoip: 'voip',
  nonFixedVoip: 'voip',
};

/** Twilio's type in our words: other kinds (toll-free, pager, personal, ...) are not a known mobile line, and not known to be untextable either. */
export const lineTypeOf = (type: string | null | undefined): LineType => (type ? (LINE_TYPES[type] ?? 'unknown') : 'unknown');

const fail = (reason: NumberLookupFailure, retryable = false): NumberLookupResult => ({ ok: false, reason, retryable });

/** A Twilio error code (and HTTP status) in our words. */
export function failureOf(code: number | null | undefined, status: number): NumberLookupResult {
  switch (code) {
    case 20003: return fail('unauthorized');
    case 20005:
    case 10001:
    case 60611: return fail('no_credit');
    case 20404: return fail('not_found');
    case 20429:
    case 60616:
    case 60626: return fail('rate_limited', true);
    case 60600:
    case 60601: return fail('not_covered');
    default: break;
  }
  if (status === 401 || status === 403) return fail('unauthorized');
  if (status === 402) return fail('no_credit');
  if (status === 404) return fail('not_found');
  if (status === 429) return fail('rate_limited', true);
  if (status === 400) return fail('invalid');
  return fail('unavailable', status >= 500 || status === 0);
}

export function createTwilioLookup(opts: TwilioLookupOptions): NumberLookup {
  const base = (opts.baseUrl ?? TWILIO_LOOKUP_URL).replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    kind: 'twilio',
    async lookup(phone) {
      // E.164 as Twilio's examples send it: digits after a literal '+' (nothing else reaches the path).
      if (!E164_RE.test(phone)) return fail('invalid');
      let res: Response;
      try {
        res = await fetch(`${base}/v2/PhoneNumbers/${phone}?Fields=line_type_intelligence`, {
          headers: { Authorization: auth, Accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        return fail('unavailable', true);
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (!res.ok) {
        const err = TwilioErrorBody.safeParse(body);
        return failureOf(err.success ? err.data.code : undefined, res.status);
      }
      const parsed = LookupResponse.safeParse(body);
      if (!parsed.success) return fail('unavailable', true);
      if (parsed.data.valid === false) return fail('invalid');
      const lti = parsed.data.line_type_intelligence;
      if (!lti) return fail('unavailable', true);
      if (lti.error_code) return failureOf(lti.error_code, 200);
      const carrier = lti.carrier_name?.trim().slice(0, 120);
      return { ok: true, lineType: lineTypeOf(lti.type), ...(carrier ? { carrier } : {}) };
    },
  };
}
