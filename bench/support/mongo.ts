// Opens the MongoDB store for a benchmark when MONGODB_URI is set, in a throwaway database
// that is dropped afterwards.
import { createMongoStore } from '../../src/adapters/mongo/index.js';
import type { Store } from '../../src/core/ports.js';

export type MongoOpen = { store: Store; close(): Promise<void> } | { skip: string };

export async function openMongoStore(): Promise<MongoOpen> {
  const uri = process.env.MONGODB_URI;
  if (!uri) return { skip: 'MONGODB_URI is not set' };
  const store = await createMongoStore({ uri, dbName: `textbank_bench_${process.pid}_${Date.now().toString(36)}` });
  return {
    store,
    async close() {
      await store.connection.dropDatabase();
      await store.close();
    },
  };
}
