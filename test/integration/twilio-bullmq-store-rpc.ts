/**
 * Test-only: one process's in-memory Store served over loopback HTTP, and a Store proxy for
 * other processes, so a worker child process shares "the database" with the test process the
 * way real workers share MongoDB (there is no mongod on every test machine). Each call runs
 * on the serving process's single thread, so the store's atomic operations stay atomic.
 * Dates and Sets survive the trip; streaming reads are not served (workers do not use them).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Store } from '../../src/core/ports.js';

/** Every repository of the Store port (the compiler checks each name is one). */
const REPOS = [
  'orgs', 'members', 'campaigns', 'contacts', 'claims', 'conversations', 'messages', 'earlyStatuses', 'optOuts', 'audit', 'tallies', 'unroutedInbound',
  'reviews', 'crm', 'webhooks', 'links', 'deliverability', 'lookups', 'media',
] as const satisfies readonly Exclude<keyof Store, 'kind' | 'ping' | 'close'>[];

function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Set) return { $set: [...raw] };
    return v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$date' in v) return new Date((v as { $date: string }).$date);
    if (v && typeof v === 'object' && '$set' in v) return new Set((v as { $set: unknown[] }).$set);
    return v;
  });
}

export async function serveStore(store: Store): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        calls += 1;
        const { repo, method, args } = decode(Buffer.concat(chunks).toString('utf8')) as { repo: string; method: string; args: unknown[] };
        try {
          const root = store as unknown as Record<string, Record<string, unknown>>;
          const target: Record<string, unknown> | undefined = repo === '' ? (store as unknown as Record<string, unknown>) : root[repo];
          const fn = target?.[method];
          if (typeof fn !== 'function') throw new Error(`no such store method ${repo}.${method}`);
          const value: unknown = await (fn as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(encode({ value }));
        } catch (err) {
          const e = err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: unknown }).code } : { message: String(err) };
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(encode({ error: e }));
        }
      })();
    });
  });
  // Idle keep-alive sockets stay open longer than the clients keep them (undici: 4 s), so a
  // client never sends a call on a socket the server is closing ("other side closed").
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function remoteStore(url: string): Store {
  return storeProxy(async (repo, method, args) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: encode({ repo, method, args }) });
    const body = decode(await res.text()) as { value?: unknown; error?: { name?: string; message: string; code?: string } };
    if (body.error) throw Object.assign(new Error(body.error.message), { name: body.error.name ?? 'Error', code: body.error.code });
    return body.value;
  });
}

/** A Store whose every repository method is `call(repo, method, args)` on a store elsewhere ('' = the store itself). */
export function storeProxy(call: (repo: string, method: string, args: unknown[]) => Promise<unknown>): Store {
  const repo = (name: string): unknown =>
    new Proxy({}, { get: (_t, method) => (typeof method === 'string' && method !== 'then' ? (...args: unknown[]) => call(name, method, args) : undefined) });
  const store: Record<string, unknown> = { kind: 'memory', ping: () => call('', 'ping', []), close: async () => undefined };
  for (const r of REPOS) store[r] = repo(r);
  // The port's one synchronous method: a claim id minted here (same shape as the store's own ids).
  const claims = store.claims as Record<string, unknown>;
  store.claims = new Proxy(claims, { get: (t, method) => (method === 'newId' ? () => `${Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')}${randomBytes(8).toString('hex')}` : Reflect.get(t, method)) });
  return store as unknown as Store;
}
