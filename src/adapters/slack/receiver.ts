/**
 * Bolt's HTTP transport on our fastify server: a custom Receiver whose routes live in an
 * encapsulated plugin, so the raw-body parsing Slack signatures need touches no other route.
 * One endpoint (`/slack/events`) takes slash commands, interactivity and events. Each request
 * is verified on its raw bytes before parsing (R7.2, R7.4; 401 otherwise), parsed at the edge
 * (parse.ts: a malformed but signed body is answered 200 and goes no further), then handed to
 * Bolt's `processEvent` with an `ack` that answers the HTTP request. Anything not acked in
 * time is answered 200 anyway, so Slack never waits past 3 seconds.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/ports.js';
import type { SlackLog } from './log.js';
import { parseSlackRequest } from './parse.js';
import { verifySlackSignature } from './verify.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface FastifyReceiverOptions {
  signingSecret: string;
  clock: Clock;
  log: SlackLog;
  path?: string;
  /** Answer 200 if nothing acked by then (default 2,800 ms). */
  ackTimeoutMs?: number;
  /** Largest body accepted (default 1 MB). */
  bodyLimit?: number;
}

/** Context key set on every request that passed the signature check (R5.3 audit flag). */
export const VERIFIED_KEY = 'textbankSignatureVerified';

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
}

export class FastifyReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: FastifyReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The HTTP server is ours: nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Register on the fastify server (encapsulated: its body parsers stay inside). */
  readonly plugin = async (fastify: FastifyInstance): Promise<void> => {
    const { opts } = this;
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit ?? 1024 * 1024 }, (_req, body, done) => done(null, body));
    fastify.post(opts.path ?? SLACK_EVENTS_PATH, async (req, reply) => this.receive(req, reply));
  };

  private async receive(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { opts } = this;
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(raw);
      // Slack's SSL check carries no signature and must do nothing else.
      if (form.get('ssl_check') === '1' && !form.has('payload') && !form.has('command')) return reply.code(200).send();
    }
    const check = verifySlackSignature({
      signingSecret: opts.signingSecret,
      rawBody: raw,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: opts.clock.now().getTime(),
    });
    if (!check.ok) {
      opts.log.warn({ reason: check.reason }, 'slack: request refused (R7.2 signature check)');
      return reply.code(401).send({ error: 'invalid_request_signature' });
    }
    const parsed = parseSlackRequest(raw, contentType);
    if (parsed.kind === 'unreadable') return reply.code(400).send({ error: 'unreadable_body' });
    if (parsed.kind === 'unsupported') {
      // Signed but not a shape we act on: nothing is done, and it is not an error of ours.
      opts.log.debug({ reason: parsed.reason }, 'slack: signed request ignored (unsupported payload)');
      return reply.code(200).send();
    }
    if (parsed.kind === 'url_verification') return reply.send({ challenge: parsed.challenge });
    const body = parsed.body;
    const app = this.app;
    if (!app) return reply.code(503).send({ error: 'not_ready' });
    const retryNum = Number.parseInt(header(req, 'x-slack-retry-num') ?? '', 10);
    const retryReason = header(req, 'x-slack-retry-reason');

    const response = await new Promise<unknown>((resolve) => {
      let done = false;
      const finish = (value: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        opts.log.warn({ type: body.type }, 'slack: nothing acked in time; answering 200');
        finish(undefined);
      }, opts.ackTimeoutMs ?? 2_800);
      const event: ReceiverEvent = {
        body,
        ack: async (value?: unknown) => finish(value),
        ...(Number.isFinite(retryNum) ? { retryNum } : {}),
        ...(retryReason ? { retryReason } : {}),
        customProperties: { [VERIFIED_KEY]: true },
      };
      app
        .processEvent(event)
        .catch((err: unknown) => opts.log.error({ err: String(err) }, 'slack: event processing failed'))
        .finally(() => finish(undefined));
    });
    if (response === undefined || response === '') return reply.code(200).send();
    if (typeof response === 'string') return reply.code(200).type('text/plain; charset=utf-8').send(response);
    return reply.code(200).send(response);
  }
}
