/**
 * The operators' queue dashboard (bull-board) at /admin/queues, only with BullMQ (REDIS_URL).
 * - ADMIN_TOKEN unset: every /admin/queues request is refused (403, saying how to open it).
 * - Otherwise a request needs the token: `Authorization: Bearer <token>`, or the session cookie
 *   a browser gets by opening /admin/queues?token=<token> once (HttpOnly, SameSite=Strict,
 *   path /admin; the cookie holds an HMAC of the token, never the token itself). The sign-in
 *   redirects to the same page without the token so it does not stay in the address bar;
 *   request logs mask `token=` (src/app/logger.ts).
 * - Read-only unless ADMIN_QUEUES_WRITE=true: bull-board's readOnlyMode, and anything but
 *   GET/HEAD is refused here before it reaches bull-board.
 * Job data shows payloads as queued (ids, and for inbound texts the voter's text): this page is
 * for operators only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from './server.js';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { JobName } from '../core/ports.js';
import { JOB_NAMES } from './metrics.js';
import { bearerToken, tokenMatches } from './token-auth.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';
export const ADMIN_COOKIE = 'textbank_admin';

export interface AdminQueuesOptions {
  /** The BullMQ Queue of each job name (the BullMQ adapter's bullQueue). */
  queueFor: (name: JobName) => Queue;
  /** ADMIN_TOKEN; unset refuses every request. */
  token: string | undefined;
  /** ADMIN_QUEUES_WRITE: retry, clean, remove and pause from the page. */
  write?: boolean;
  /** Marks the cookie Secure (the public URL is https). */
  secureCookie?: boolean;
}

/** The cookie value for a token: an HMAC, so a leaked cookie is not the token. */
function sessionValue(token: string): string {
  return createHmac('sha256', token).update('textbank admin queues session v1').digest('base64url');
}

function cookieOf(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameValue(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(reply: FastifyReply, code: 401 | 403, message: string): FastifyReply {
  return reply.code(code).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(message);
}

export async function registerAdminQueues(server: HttpServer, opts: AdminQueuesOptions): Promise<void> {
  const { token } = opts;
  const write = opts.write === true;

  await server.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      if (token === undefined) {
        return refuse(reply, 403, 'The queue dashboard is off: set ADMIN_TOKEN (a long random string) to open it.');
      }
      const url = new URL(req.url, 'http://local');
      const viaQuery = url.searchParams.get('token');
      if (viaQuery !== null && req.method === 'GET') {
        if (!tokenMatches(viaQuery, token)) return refuse(reply, 401, 'Wrong admin token.');
        url.searchParams.delete('token');
        const cookie = [
          `${ADMIN_COOKIE}=${sessionValue(token)}`,
          'Path=/admin',
          'HttpOnly',
          'SameSite=Strict',
          'Max-Age=43200',
          ...(opts.secureCookie ? ['Secure'] : []),
        ].join('; ');
        return reply
          .code(303)
          .header('set-cookie', cookie)
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .header('location', `${url.pathname}${url.search}`)
          .send();
      }
      const authorized = tokenMatches(bearerToken(req.headers.authorization), token) || sameValue(cookieOf(req, ADMIN_COOKIE), sessionValue(token));
      if (!authorized) {
        return refuse(reply, 401, 'Admin token required: send Authorization: Bearer <ADMIN_TOKEN>, or open /admin/queues?token=<ADMIN_TOKEN> in a browser.');
      }
      if (!write && req.method !== 'GET' && req.method !== 'HEAD') {
        return refuse(reply, 403, 'The queue dashboard is read-only (set ADMIN_QUEUES_WRITE=true to allow retry, clean and remove).');
      }
      reply.header('cache-control', 'no-store');
      return undefined;
    });

    if (token === undefined) {
      // Nothing else is mounted: every path under /admin/queues gets the refusal above.
      scope.all(ADMIN_QUEUES_PATH, async () => undefined);
      scope.all(`${ADMIN_QUEUES_PATH}/*`, async () => undefined);
      return;
    }

    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
    createBullBoard({
      queues: JOB_NAMES.map((name) => new BullMQAdapter(opts.queueFor(name), { readOnlyMode: !write })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Textbank queues' } },
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: ADMIN_QUEUES_PATH });
  });
}
