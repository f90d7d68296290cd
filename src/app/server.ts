import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import type { Logger } from 'pino';


/**
 * Connections the kernel holds for the web process before it accepts them (capped by the
 * kernel's net.core.somaxconn). Node's default, 511, is less than a campaign launch: with 1,000
 * Claim presses arriving at once, the ones past it had their connection dropped and retried by
 * TCP a second or three later, past Slack's 3-second ack (bench: claims, http).
 */
export const LISTEN_BACKLOG = 2048;

export interface Probe {
  name: string;
  /** Throws when the dependency cannot be reached. */
  ping(): Promise<void>;
}

/**
 * The HTTP server: request ids (x-request-id honoured or minted), pino logging with secrets
 * redacted (the logger comes from src/app/logger.ts), health and readiness.
 * Adapters add their routes as encapsulated plugins (Slack, Twilio, sandbox...).
 */
export async function buildServer(opts: {
  logger: Logger;
  probes: Probe[];
  /** Called once per answered request with its route pattern (never the raw URL) and handling time. */
  onResponse?: (route: string | undefined, method: string, statusCode: number, seconds: number) => void;
}) {
  const app = Fastify({
    loggerInstance: opts.logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  await app.register(formbody);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const { onResponse } = opts;
  if (onResponse) {
    app.addHook('onResponse', async (req, reply) => {
      // routeOptions.url is the pattern (/twilio/status, /slack/events); unmatched requests have none.
      onResponse(req.routeOptions.url, req.method, reply.statusCode, reply.elapsedTime / 1000);
    });
  }

  /** Liveness: the process is up. */
  app.get('/healthz', async () => ({ status: 'ok' }));

  /** Readiness: the store and the queue answer. */
  app.get('/readyz', async (_req, reply) => {
    const checks = await Promise.all(
      opts.probes.map(async (p) => {
        try {
          await withTimeout(p.ping(), 2_000);
          return [p.name, 'ok'] as const;
        } catch (err) {
          opts.logger.warn({ probe: p.name, err: err instanceof Error ? err.message : String(err) }, 'readiness probe failed');
          return [p.name, 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, s]) => s === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(checks) });
  });

  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export type HttpServer = Awaited<ReturnType<typeof buildServer>>;
