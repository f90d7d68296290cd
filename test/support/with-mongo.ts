import { inject } from 'vitest';

/**
 * The MongoDB found by the global setup: `{ uri }`, or `{ skip }` with the printed reason
 * (this machine has no mongod, so that is expected here).
 */
export function withMongo(): { uri: string } | { skip: string } {
  const m = inject('mongo');
  if ('skip' in m) console.log(`[withMongo] skipped: ${m.skip}`);
  return m;
}

/** A fresh database name per test, so suites never see each other's data. */
export function uniqueDbUri(baseUri: string, prefix = 'tb'): string {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const u = new URL(baseUri);
  u.pathname = `/${name}`;
  return u.toString();
}
