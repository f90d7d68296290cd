/** MMS media in MongoDB: one document per file, read by its unguessable id. */
import { randomBytes } from 'node:crypto';
import type { MediaRepository, StoredMedia } from '../../core/ports.js';
import type { MongoContext } from './support.js';

const newMediaId = (): string => randomBytes(16).toString('base64url');

interface RawMedia {
  _id: string;
  orgId: string;
  contentType: string;
  bytes?: Buffer | { buffer: Uint8Array } | null;
  sha256?: string | null;
  remoteUrl?: string | null;
  createdAt: Date;
}

function toMedia(doc: RawMedia): StoredMedia {
  const raw = doc.bytes;
  // lean() gives a BSON Binary (its `buffer` holds the bytes) or a Buffer, depending on the driver path.
  const bytes = raw ? (raw instanceof Uint8Array ? new Uint8Array(raw) : new Uint8Array(raw.buffer)) : undefined;
  return {
    id: doc._id,
    orgId: doc.orgId,
    contentType: doc.contentType,
    ...(bytes ? { bytes } : {}),
    ...(doc.sha256 ? { sha256: doc.sha256 } : {}),
    ...(doc.remoteUrl ? { remoteUrl: doc.remoteUrl } : {}),
    createdAt: doc.createdAt,
  };
}

export function createMongoMedia({ models: { Media }, clock }: MongoContext): MediaRepository {
  return {
    async create(orgId, input) {
      const doc = { _id: newMediaId(), orgId, contentType: input.contentType, bytes: Buffer.from(input.bytes), sha256: input.sha256, createdAt: clock.now() };
      await Media.create(doc);
      return toMedia(doc);
    },
    async createRemote(orgId, input) {
      const doc = { _id: newMediaId(), orgId, contentType: input.contentType, remoteUrl: input.remoteUrl, createdAt: clock.now() };
      await Media.create(doc);
      return toMedia(doc);
    },
    async get(id) {
      if (typeof id !== 'string' || id.length > 64) return null;
      const doc = await Media.findById(id).lean<RawMedia>();
      return doc ? toMedia(doc) : null;
    },
  };
}
