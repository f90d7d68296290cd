// A Store double for the import benchmark that counts contacts and throws them away, so the
// figures show the pipeline's own cost and memory (parse, map, normalize, dedupe, chunking)
// without a store holding a million contacts. Only the methods an import calls exist.
import type { NewContact } from '../../src/core/model/contact.js';
import type { Store } from '../../src/core/ports.js';

export interface SinkStore {
  store: Store;
  received(): number;
}

export function createSinkStore(): SinkStore {
  let received = 0;
  const contacts = {
    async insertMany(_orgId: string, _campaignId: string, batch: NewContact[]) {
      received += batch.length;
      return { inserted: batch.length, duplicates: [] as string[] };
    },
    async existingPhones() {
      return new Set<string>();
    },
  };
  const optOuts = {
    async filterOptedOut() {
      return new Set<string>();
    },
  };
  const campaigns = {
    async increment() {},
  };
  // Anything else an import should never call is missing on purpose: a call would throw.
  const store = { kind: 'memory', contacts, optOuts, campaigns } as unknown as Store;
  return { store, received: () => received };
}
