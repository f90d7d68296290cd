/**
 * Runs the Store contract against both stores. The Mongo run needs a MongoDB (MONGODB_URI or
 * an embedded mongod from the global setup); without one it is skipped with the printed reason.
 * Each Mongo test gets a fresh database, dropped afterwards.
 */
import { runContract } from '../support/contract.js';
import type { PortImplementation } from '../support/contract.js';
import { uniqueDbUri, withMongo } from '../support/with-mongo.js';
import type { Store } from '../../src/core/ports.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createMongoStore } from '../../src/adapters/mongo/index.js';
import type { MongoStore } from '../../src/adapters/mongo/index.js';
import { contractClock, storeContract } from './store.contract.js';

const memory: PortImplementation<Store> = {
  name: 'memory',
  create: async () => createMemoryStore({ clock: contractClock }),
  destroy: (store) => store.close(),
};

const mongoFound = withMongo();
const mongo: PortImplementation<Store> = {
  name: 'mongo',
  ...('skip' in mongoFound ? { skipReason: mongoFound.skip } : {}),
  create: async () => {
    if (!('uri' in mongoFound)) throw new Error(mongoFound.skip);
    return createMongoStore({ uri: uniqueDbUri(mongoFound.uri, 'tb_store'), clock: contractClock });
  },
  destroy: async (store) => {
    const conn = (store as MongoStore).connection;
    await conn.dropDatabase();
    await store.close();
  },
};

runContract('Store', [memory, mongo], storeContract);
