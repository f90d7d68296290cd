import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TFunction } from 'i18next';
import type { Store } from '../core/ports.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createMemoryStore } from '../adapters/memory/index.js';
import { createMongoStore } from '../adapters/mongo/index.js';

export interface StoreChoice {
  store: Store;
  /** The one startup line saying what was chosen and why. */
  line: string;
  /** Stops anything the choice started (the embedded mongod). */
  stopExtra?: () => Promise<void>;
}

/**
 * MONGODB_URI -> MongoDB; else an embedded MongoDB (mongodb-memory-server, data under DATA_DIR)
 * when a mongod can start; else the in-memory store, but only in sandbox mode: with a real
 * SMS provider an in-memory store could lose an opt-out, so startup is refused (DESIGN: Persistence).
 */
export async function chooseStore(config: Config, logger: Logger, t: TFunction): Promise<StoreChoice> {
  if (config.MONGODB_URI) {
    const store = await createMongoStore({ uri: config.MONGODB_URI });
    return { store, line: t('common:startup.store.mongo') };
  }
  const dir = resolve(config.DATA_DIR, 'mongo');
  let why: string;
  try {
    const embedded = await startEmbeddedMongo(dir);
    try {
      const store = await createMongoStore({ uri: embedded.uri });
      return { store, line: t('common:startup.store.embedded', { dir }), stopExtra: embedded.stop };
    } catch (err) {
      await embedded.stop();
      throw err;
    }
  } catch (err) {
    why = `MONGODB_URI is not set and no embedded mongod could start (${oneLine(err)})`;
    logger.debug({ err: oneLine(err) }, 'embedded MongoDB unavailable');
  }
  if (config.realSms) throw new Error(t('common:startup.store.refused', { why }));
  return { store: createMemoryStore(), line: t('common:startup.store.memory', { why }) };
}

async function startEmbeddedMongo(dbPath: string): Promise<{ uri: string; stop: () => Promise<void> }> {
  // Offline machines fail the binary download; one try is enough to know.
  process.env.MONGOMS_MAX_RETRIES ??= '0';
  mkdirSync(dbPath, { recursive: true });
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const quiet = { error: console.error, warn: console.warn };
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    const server = await MongoMemoryServer.create({
      instance: { dbPath, storageEngine: 'wiredTiger', dbName: 'textbank' },
    });
    return { uri: server.getUri('textbank'), stop: async () => void (await server.stop({ doCleanup: false })) };
  } finally {
    console.error = quiet.error;
    console.warn = quiet.warn;
  }
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 200);
}
