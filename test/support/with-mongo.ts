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

/** TEXTBANK_TEST_MONGODB_URI: the opt-in MongoDB for the suites that build their own store or app. */
export const testMongoUri = (): string | undefined => process.env.TEXTBANK_TEST_MONGODB_URI || undefined;

/**
 * For a test that composes the whole app from configuration: with TEXTBANK_TEST_MONGODB_URI set,
 * the app's MONGODB_URI (a fresh database, left behind named tb_app_*) and a SECRET_KEY (a
 * persistent store seals webhook and CRM secrets with it; the sandbox store makes its own);
 * else nothing, and the app takes its sandbox store.
 */
export function appStoreEnv(): { MONGODB_URI?: string; SECRET_KEY?: string } {
  const uri = testMongoUri();
  return uri ? { MONGODB_URI: uniqueDbUri(uri, 'tb_app'), SECRET_KEY: 'test-only-secret-key-0123456789abcdef' } : {};
}
