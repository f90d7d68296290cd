// Runs one push batch through a client's per-person writer: a few people at a time, one result
// per update in input order, repeats of an idempotency key inside the batch (or already pushed by
// this client) written once, and the rest of the batch held back after a failure that would hit
// everyone (bad key, rate limit, CRM down) instead of spending the quota on certain failures.
import type { CrmPersonUpdate, CrmPushResult } from '../../core/ports.js';
import { failureResult, notSent, stopsBatch } from './http.js';

export interface BatchRunner {
  run(batch: CrmPersonUpdate[], pushOne: (u: CrmPersonUpdate) => Promise<CrmPushResult>): Promise<CrmPushResult[]>;
}

/** `parallel` people in flight at once; `remember` idempotency keys kept per client. */
export function createBatchRunner(parallel: number, remember = 10_000): BatchRunner {
  const done = new Map<string, string | undefined>();

  function rememberDone(key: string, externalId: string | undefined): void {
    done.set(key, externalId);
    if (done.size > remember) done.delete(done.keys().next().value as string);
  }

  return {
    async run(batch, pushOne) {
      const results: CrmPushResult[] = new Array(batch.length);
      const firstByKey = new Map<string, number>();
      const repeats: number[] = [];
      const todo: number[] = [];
      batch.forEach((u, i) => {
        if (done.has(u.idempotencyKey)) {
          const externalId = done.get(u.idempotencyKey);
          results[i] = externalId === undefined ? { contactId: u.contactId, ok: true } : { contactId: u.contactId, ok: true, externalId };
        } else if (firstByKey.has(u.idempotencyKey)) {
          repeats.push(i);
        } else {
          firstByKey.set(u.idempotencyKey, i);
          todo.push(i);
        }
      });

      let stopped: Extract<CrmPushResult, { ok: false }> | undefined;
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const i = todo[next++] as number;
          const u = batch[i] as CrmPersonUpdate;
          if (stopped) {
            results[i] = notSent(u.contactId, stopped);
            continue;
          }
          let r: CrmPushResult;
          try {
            r = await pushOne(u);
          } catch (error) {
            r = failureResult(u.contactId, error);
          }
          results[i] = r;
          if (r.ok) rememberDone(u.idempotencyKey, r.externalId);
          else if (stopsBatch(r)) stopped ??= r;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, todo.length)) }, worker));

      for (const i of repeats) {
        const u = batch[i] as CrmPersonUpdate;
        const first = results[firstByKey.get(u.idempotencyKey) as number] as CrmPushResult;
        results[i] = { ...first, contactId: u.contactId };
      }
      return results;
    },
  };
}
