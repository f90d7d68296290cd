/**
 * Discord's HTTP interactions endpoint as an encapsulated fastify plugin: `POST
 * /discord/interactions`. The body is read raw, the Ed25519 signature checked on those bytes
 * (R7.3, R7.4: 401 on a missing, malformed, stale or wrong signature, and nothing else happens),
 * then parsed. PING is answered `{type: 1}`; any other interaction is answered in the response
 * body with its initial callback (a message, a modal or a deferral, within the 3-second limit),
 * while follow-ups continue over REST after the response is sent.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/ports.js';
import type { InteractionResponse } from './api.js';
import type { InteractionOutcome, InteractionTransport } from './interactions.js';
import { discordPublicKey, verifyDiscordSignature } from './signature.js';

export interface DiscordHttpOptions {
  /** DISCORD_PUBLIC_KEY (64 hex). */
  publicKey: string;
  clock: Clock;
  handleInteraction(raw: unknown, transport: InteractionTransport): Promise<InteractionOutcome>;
  /** Route path (default /discord/interactions). */
  path?: string;
  maxSkewSeconds?: number;
}

export async function discordInteractionsPlugin(app: FastifyInstance, opts: DiscordHttpOptions): Promise<void> {
  const key = discordPublicKey(opts.publicKey);
  // Raw bytes for the signature: this plugin's own JSON parser (encapsulated; other routes keep theirs).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(opts.path ?? '/discord/interactions', async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const header = (name: string): string | undefined => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const check = verifyDiscordSignature(key, { signature: header('x-signature-ed25519'), timestamp: header('x-signature-timestamp') }, raw, opts.clock.now().getTime(), opts.maxSkewSeconds);
    if (!check.ok) {
      req.log.warn({ reason: check.reason }, 'discord: interaction refused (R7.3 signature check)');
      return reply.code(401).send({ error: 'invalid request signature' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ error: 'invalid JSON' });
    }

    let give: (body: InteractionResponse) => void = () => undefined;
    const body = new Promise<InteractionResponse>((resolve) => (give = resolve));
    let given = false;
    const flushed = new Promise<void>((resolve) => {
      reply.raw.once('finish', () => resolve());
      reply.raw.once('close', () => resolve());
    });
    const outcome = opts.handleInteraction(payload, {
      signatureVerified: true,
      respond: (b) => {
        given = true;
        give(b);
        return flushed;
      },
    });
    const first = await Promise.race([body.then((b) => ({ body: b })), outcome.then((o) => ({ outcome: o }))]);
    if ('body' in first) return reply.code(200).type('application/json').send(first.body);
    if (given) return reply.code(200).type('application/json').send(await body);
    return reply.code(first.outcome === 'invalid' ? 400 : 500).send({ error: first.outcome === 'invalid' ? 'not an interaction' : 'no response' });
  });
}
