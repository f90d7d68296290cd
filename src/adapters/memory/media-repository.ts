/** MMS media in memory (sandbox and tests): the same unguessable ids as the Mongo store. */
import { randomBytes } from 'node:crypto';
import type { MediaRepository, StoredMedia } from '../../core/ports.js';
import type { MemoryContext } from './support.js';

/** 128 random bits, URL-safe: a media address cannot be guessed from another. */
export const newMediaId = (): string => randomBytes(16).toString('base64url');

export function createMemoryMedia(ctx: MemoryContext): MediaRepository {
  const byId = new Map<string, StoredMedia>();
  const copyOf = (m: StoredMedia): StoredMedia => ({ ...m, ...(m.bytes ? { bytes: new Uint8Array(m.bytes) } : {}), createdAt: new Date(m.createdAt) });
  const put = (m: StoredMedia): StoredMedia => {
    byId.set(m.id, copyOf(m));
    return copyOf(m);
  };
  return {
    async create(orgId, input) {
      return put({ id: newMediaId(), orgId, contentType: input.contentType, bytes: new Uint8Array(input.bytes), sha256: input.sha256, createdAt: ctx.clock.now() });
    },
    async createRemote(orgId, input) {
      return put({ id: newMediaId(), orgId, contentType: input.contentType, remoteUrl: input.remoteUrl, createdAt: ctx.clock.now() });
    },
    async get(id) {
      const found = byId.get(id);
      return found ? copyOf(found) : null;
    },
  };
}
