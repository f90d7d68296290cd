// Opens the MongoDB store for a benchmark when MONGODB_URI is set and the adapter exists.
import type { Store } from '../../src/core/ports.js';

export type MongoOpen = { store: Store; close(): Promise<void> } | { skip: string };

export async function openMongoStore(): Promise<MongoOpen> {
  const uri = process.env.MONGODB_URI;
  if (!uri) return { skip: 'MONGODB_URI is not set' };
  const modulePath = '../../src/adapters/mongo/index.js';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modulePath)) as Record<string, unknown>;
  } catch (error) {
    return { skip: `the Mongo store adapter could not be loaded (${error instanceof Error ? error.message : String(error)})` };
  }
  const factory = mod.createMongoStore ?? mod.connectMongoStore ?? mod.openMongoStore;
  if (typeof factory !== 'function') return { skip: 'src/adapters/mongo exports no createMongoStore/connectMongoStore/openMongoStore' };
  const store = (await (factory as (opts: { uri: string }) => Promise<Store> | Store)({ uri })) as Store;
  return { store, close: () => store.close() };
}
