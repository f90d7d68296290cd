/**
 * Twilio webhook parameters (a boundary: parsed with zod) and the neutral shapes the app gets.
 * Twilio posts application/x-www-form-urlencoded; names are Twilio's (MessageSid, From...).
 */
import { z } from 'zod';
import type { MessageStatus } from '../../core/model/message.js';
import { toMessageStatus } from './twilio-statuses.js';

/** Form parameters as received: a repeated name becomes an array (as the SDK's signer expects). */
export type FormParams = Record<string, string | string[]>;

export function parseForm(raw: string): FormParams {
  const out: FormParams = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** One value per name (a repeated name keeps its first value) for the zod schemas below. */
function single(params: FormParams): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
}

const emptyIsAbsent = (v: unknown) => (v === '' ? undefined : v);

export const InboundParams = z.object({
  MessageSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
  MessagingServiceSid: z.preprocess(emptyIsAbsent, z.string().optional()),
  NumMedia: z.preprocess(emptyIsAbsent, z.coerce.number().int().min(0).optional()),
  AccountSid: z.string().optional(),
});

export const StatusParams = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.preprocess(emptyIsAbsent, z.string().optional()),
  AccountSid: z.string().optional(),
});

/** `?o=<orgId>&m=<messageId>` that the engine appends to the status callback URL. */
const MessageRefQuery = z.object({ o: z.string().regex(/^[\w-]{1,64}$/).optional(), m: z.string().regex(/^[\w-]{1,64}$/).optional() });

/** A voter's text, as the app receives it (DESIGN: Lifecycle step 5). */
export interface TwilioInbound {
  providerId: string;
  from: string;
  to: string;
  body: string;
  at: Date;
  messagingServiceSid?: string;
  /** MMS: Twilio's address and type of each media item (MediaUrlN / MediaContentTypeN); read only by our proxy. */
  media?: { url: string; contentType: string }[];
}

/** A status callback (R4.6). */
export interface TwilioStatus {
  providerId: string;
  /** Our message, from the status callback URL's query (signed with it), so a callback can be matched even when the send's reply was lost. */
  orgId?: string;
  messageId?: string;
  status: MessageStatus;
  /** The Twilio status name as received (e.g. 'canceled', 'read'). */
  twilioStatus: string;
  errorCode?: string;
  at: Date;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function toInbound(params: FormParams, at: Date): Parsed<TwilioInbound> {
  const r = InboundParams.safeParse(single(params));
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const p = r.data;
  return {
    ok: true,
    value: { providerId: p.MessageSid, from: p.From, to: p.To, body: p.Body, at, ...(p.MessagingServiceSid ? { messagingServiceSid: p.MessagingServiceSid } : {}), ...mediaOf(params, p.NumMedia ?? 0) },
  };
}

/** MediaUrl0..N-1 with MediaContentType0..N-1 (at most 10, Twilio's limit); items without an https address are left out. */
function mediaOf(params: FormParams, count: number): { media?: { url: string; contentType: string }[] } {
  const one = single(params);
  const media: { url: string; contentType: string }[] = [];
  for (let i = 0; i < Math.min(count, 10); i += 1) {
    const url = one[`MediaUrl${i}`] ?? '';
    const contentType = (one[`MediaContentType${i}`] ?? '').slice(0, 100);
    if (/^https:\/\/\S{1,1990}$/.test(url) && contentType) media.push({ url, contentType });
  }
  return media.length ? { media } : {};
}

/** `ok: true, value: null` when the status has no mapping (ignored). */
export function toStatus(params: FormParams, at: Date, query: Record<string, unknown> = {}): Parsed<TwilioStatus | null> {
  const r = StatusParams.safeParse(single(params));
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const p = r.data;
  const status = toMessageStatus(p.MessageStatus);
  if (!status) return { ok: true, value: null };
  const ref = MessageRefQuery.safeParse(query);
  const messageRef = ref.success && ref.data.o && ref.data.m ? { orgId: ref.data.o, messageId: ref.data.m } : {};
  return { ok: true, value: { providerId: p.MessageSid, status, twilioStatus: p.MessageStatus, at, ...messageRef, ...(p.ErrorCode ? { errorCode: p.ErrorCode } : {}) } };
}
