// A Store wrapper that times every repository call (`contacts.claimPending`, ...), so a benchmark
// can say which store operation grows with the data. Async generators are timed to creation only.
import type { Store } from '../../src/core/ports.js';

export type StoreTimings = Record<string, { calls: number; ms: number }>;

export function timedStore(): { wrap(store: Store): Store; reset(): void; snapshot(): StoreTimings } {
  let timings: StoreTimings = {};
  const record = (what: string, t0: number): void => {
    const entry = (timings[what] ??= { calls: 0, ms: 0 });
    entry.calls += 1;
    entry.ms += performance.now() - t0;
  };
  const wrapRepo = (repoName: string, repo: object): object =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]): unknown => {
          const t0 = performance.now();
          const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (out instanceof Promise) return out.finally(() => record(`${repoName}.${prop}`, t0));
          record(`${repoName}.${prop}`, t0);
          return out;
        };
      },
    });
  return {
    wrap(store) {
      const repos = new Map<string, object>();
      return new Proxy(store, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (typeof prop !== 'string' || value === null || typeof value !== 'object') return value;
          let wrapped = repos.get(prop);
          if (!wrapped) repos.set(prop, (wrapped = wrapRepo(prop, value)));
          return wrapped;
        },
      });
    },
    reset() {
      timings = {};
    },
    snapshot: () => structuredClone(timings),
  };
}
