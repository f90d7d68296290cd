// The memory store in a process of its own, reached over Node's IPC channel: a benchmark that
// measures the app process's memory then sees the app, not the database, the way a production
// web or worker process holds none of MongoDB's data. Messages use the 'advanced' (structured
// clone) serialization, so Dates, Sets and Maps cross as they are; each call runs on the store
// process's single thread, so the store's atomic operations stay atomic. Streaming reads are
// not served (the soak's send, status and reply paths do not stream).
//   parent: const db = await storeProcess(at); ... db.store ... await db.close();
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../src/core/ports.js';
import { storeProxy } from '../../test/integration/twilio-bullmq-store-rpc.js';

interface Call { id: number; repo: string; method: string; args: unknown[] }
type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string; code?: unknown } };

export interface StoreProcess {
  store: Store;
  /** The store process's resident memory in MB (Linux /proc), or null when it cannot be read. */
  rssMb(): number | null;
  close(): Promise<void>;
}

function proxyStore(child: ChildProcess): Store {
  let seq = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (raw) => {
    const reply = raw as Reply;
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if ('error' in reply) w.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code }));
    else w.resolve(reply.value);
  });
  child.once('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('the store process exited'));
    waiting.clear();
  });
  return storeProxy((repo, method, args) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve, reject });
      child.send({ id, repo, method, args } satisfies Call);
    }));
}

/** Starts the store process with its clock fixed at `at` (the benchmark's own fixed time). */
export async function storeProcess(at: Date): Promise<StoreProcess> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = fork(fileURLToPath(import.meta.url), [at.toISOString()], { cwd: root, execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve()); // the first message says it is serving
    child.once('exit', (code) => reject(new Error(`store process exited (${code}) before serving`)));
  });
  return {
    store: proxyStore(child),
    rssMb() {
      try {
        const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : null;
      } catch {
        return null;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

async function serve(atIso: string): Promise<void> {
  const { createMemoryStore } = await import('../../src/adapters/memory/index.js');
  const at = new Date(atIso);
  const store = createMemoryStore({ clock: { now: () => new Date(at) } });
  const send = (reply: Reply): void => void process.send?.(reply);
  process.on('message', (raw) => {
    const { id, repo, method, args } = raw as Call;
    void (async () => {
      try {
        const root = store as unknown as Record<string, Record<string, unknown>>;
        const target: Record<string, unknown> | undefined = repo === '' ? (store as unknown as Record<string, unknown>) : root[repo];
        const fn = target?.[method];
        if (typeof fn !== 'function') throw new Error(`no such store method ${repo}.${method}`);
        send({ id, value: await (fn as (...a: unknown[]) => Promise<unknown>).apply(target, args) });
      } catch (err) {
        send({ id, error: err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: unknown }).code } : { name: 'Error', message: String(err) } });
      }
    })();
  });
  process.once('disconnect', () => process.exit(0));
  send({ id: 0, value: 'serving' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[2] ?? new Date().toISOString());
