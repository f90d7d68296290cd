/**
 * Twilio's webhooks as an encapsulated fastify plugin: `POST /twilio/inbound` (a voter's text)
 * and `POST /twilio/status` (status callbacks).
 *
 * R7.1/R7.4: every request must carry a valid `X-Twilio-Signature`: the SDK's
 * `validateRequest(authToken, signature, url, params)` over the exact public URL Twilio called
 * (publicUrl + the path and query string as received; PUBLIC_URL, never the Host header, so it
 * holds behind a proxy) and every POST parameter. The plugin reads the form body itself (raw
 * string, then URLSearchParams), so the parameters checked are exactly the bytes received.
 * A missing or bad signature is answered 403 and nothing else happens (no handler is called).
 *
 * DESIGN Outbox / R1.4: the inbound TwiML (an empty <Response/>) is answered only after
 * `onInbound` resolved (the engine stores the text and any opt-out first); if it throws we
 * answer 500 so Twilio retries. Status: 204 after `onStatus` resolved, 200 for statuses with no
 * mapping (ignored), 500 when `onStatus` throws. Duplicate deliveries reach the handler each
 * time; the engine's store is idempotent by MessageSid.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import type { Clock } from '../../core/ports.js';
import { parseForm, toInbound, toStatus, type FormParams, type TwilioInbound, type TwilioStatus } from './twilio-params.js';

export const TWILIO_INBOUND_PATH = '/twilio/inbound';
export const TWILIO_STATUS_PATH = '/twilio/status';
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const FORM = 'application/x-www-form-urlencoded';

export interface WebhookLogger {
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface TwilioWebhookOptions {
  authToken: string;
  /** PUBLIC_URL: the origin (and base path, if any) Twilio calls. */
  publicUrl: string;
  onInbound(m: TwilioInbound): Promise<void>;
  onStatus(s: TwilioStatus): Promise<void>;
  logger?: WebhookLogger;
  /** Time stamped on the neutral shapes (Twilio sends none). Default: the system clock. */
  clock?: Clock;
  /** Largest accepted form body (default 64 KiB; a text is at most 1,600 characters). */
  bodyLimit?: number;
}

/** What our form parser leaves on request.body: the raw string and its parameters. */
interface RawForm {
  raw: string;
  params: FormParams;
}

const isRawForm = (b: unknown): b is RawForm => typeof b === 'object' && b !== null && 'raw' in b && 'params' in b;

export async function twilioWebhooks(app: FastifyInstance, opts: TwilioWebhookOptions): Promise<void> {
  const base = opts.publicUrl.replace(/\/+$/, '');
  const clock = opts.clock ?? { now: () => new Date() };
  const log = (req: FastifyRequest): WebhookLogger => opts.logger ?? req.log;

  // Inside this plugin only: keep the raw form (the server's @fastify/formbody stays for others).
  if (app.hasContentTypeParser(FORM)) app.removeContentTypeParser(FORM);
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: opts.bodyLimit ?? 64 * 1024 }, (_req, body, done) => {
    const raw = typeof body === 'string' ? body : body.toString('utf8');
    done(null, { raw, params: parseForm(raw) } satisfies RawForm);
  });

  /** The verified parameters, or null after answering 403/415. */
  const verified = (req: FastifyRequest, reply: FastifyReply): FormParams | null => {
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') {
      log(req).warn({ path: req.url, reason: 'missing X-Twilio-Signature' }, 'twilio webhook rejected');
      void reply.code(403).type('text/plain').send('missing X-Twilio-Signature');
      return null;
    }
    let params: FormParams;
    if (isRawForm(req.body)) params = req.body.params;
    else if (req.body === undefined || req.body === null) params = {};
    else {
      void reply.code(415).type('text/plain').send(`expected ${FORM}`);
      return null;
    }
    const url = base + req.url;
    if (!twilio.validateRequest(opts.authToken, signature, url, params)) {
      log(req).warn({ path: req.url, reason: 'bad X-Twilio-Signature' }, 'twilio webhook rejected');
      void reply.code(403).type('text/plain').send('invalid X-Twilio-Signature');
      return null;
    }
    return params;
  };

  app.post(TWILIO_INBOUND_PATH, async (req, reply) => {
    const params = verified(req, reply);
    if (!params) return reply;
    const parsed = toInbound(params, clock.now());
    if (!parsed.ok) {
      log(req).warn({ path: req.url, error: parsed.error }, 'twilio inbound webhook: unexpected parameters');
      return reply.code(400).type('text/plain').send('unexpected parameters');
    }
    try {
      await opts.onInbound(parsed.value);
    } catch (err) {
      log(req).error({ providerId: parsed.value.providerId, err }, 'inbound text not stored; answering 500 so Twilio retries');
      return reply.code(500).type('text/plain').send('not stored, retry');
    }
    return reply.code(200).type('text/xml').send(EMPTY_TWIML);
  });

  app.post(TWILIO_STATUS_PATH, async (req, reply) => {
    const params = verified(req, reply);
    if (!params) return reply;
    const parsed = toStatus(params, clock.now(), req.query as Record<string, unknown>);
    if (!parsed.ok) {
      log(req).warn({ path: req.url, error: parsed.error }, 'twilio status webhook: unexpected parameters');
      return reply.code(400).type('text/plain').send('unexpected parameters');
    }
    if (parsed.value === null) return reply.code(200).send(); // a status we do not track
    try {
      await opts.onStatus(parsed.value);
    } catch (err) {
      log(req).error({ providerId: parsed.value.providerId, err }, 'status callback not applied; answering 500 so Twilio retries');
      return reply.code(500).type('text/plain').send('not applied, retry');
    }
    return reply.code(204).send();
  });
}
