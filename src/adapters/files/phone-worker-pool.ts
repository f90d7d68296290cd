// Phone normalization on worker threads for big imports. Numbers libphonenumber has to parse
// (anything but a clean 10-digit US spelling) cost 10-20 µs each; with workers that runs beside
// parsing and mapping instead of in series. Clean numbers take normalizePhone's shortcut (under
// 1 µs), so for tidy files workers gain little. Same results as normalizePhone, same order (it is
// normalizePhone).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { NormalizePhoneResult, PhoneRejectReason } from '../../core/contacts/phone.js';
import type { PhoneBatchNormalizer } from '../../core/contacts/import/pipeline.js';
import type { PhoneJob } from './phone-worker.js';

export interface PhoneWorkerPool extends PhoneBatchNormalizer {
  readonly size: number;
  close(): Promise<void>;
}

/**
 * Workers to use by default: one per core, at most 4. The importing thread spends much of its
 * time waiting for phones, so it does not need a core of its own (measured: 2 workers beat 1 on
 * a 2-core machine).
 */
export function defaultPhoneWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}

/** Where tsx's ESM API lives, for workers started from TypeScript sources. */
function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api';
  }
}

/**
 * Starts the worker module next to this one: phone-worker.js once built; in development
 * (tsx, vitest) the .ts source, loaded through tsx's API because workers do not inherit loaders.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./phone-worker.js', import.meta.url));
  const source = new URL('./phone-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true });
}

function decode(out: readonly string[]): NormalizePhoneResult[] {
  return out.map((s) => (s.startsWith('!') ? { ok: false, reason: s.slice(1) as PhoneRejectReason } : { ok: true, e164: s }));
}

interface Waiting {
  resolve(results: NormalizePhoneResult[]): void;
  reject(error: unknown): void;
}

export function createPhoneWorkerPool(size = defaultPhoneWorkers()): PhoneWorkerPool {
  const workers = Array.from({ length: Math.max(1, size) }, startWorker);
  const waiting = new Map<number, Waiting>();
  const load = workers.map(() => 0);
  let nextId = 1;
  let failure: unknown;

  const failAll = (error: unknown): void => {
    failure = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  workers.forEach((worker, index) => {
    worker.on('message', (msg: { id: number; out: string[] }) => {
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      load[index] = (load[index] ?? 1) - 1;
      if (load[index] === 0) worker.unref(); // an idle pool never keeps the process alive
      w?.resolve(decode(msg.out));
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (waiting.size > 0) failAll(new Error(`phone worker stopped (exit ${code})`));
    });
    worker.unref();
  });

  return {
    size: workers.length,
    parallelism: workers.length,
    normalizeMany(inputs, region) {
      if (failure !== undefined) return Promise.reject(failure);
      // The least busy worker takes the batch.
      let index = 0;
      for (let i = 1; i < workers.length; i += 1) if ((load[i] ?? 0) < (load[index] ?? 0)) index = i;
      const id = nextId++;
      load[index] = (load[index] ?? 0) + 1;
      (workers[index] as Worker).ref();
      return new Promise<NormalizePhoneResult[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const job: PhoneJob = { id, inputs, region };
        (workers[index] as Worker).postMessage(job);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
