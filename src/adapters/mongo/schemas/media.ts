/**
 * MMS media: one document per file. Outbound files are at most 600 KB (MMS_MAX_BYTES), well
 * inside a 16 MB document, so every web process serves them from the store; voter media keeps
 * only the carrier's address (the proxy route fetches it).
 */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const mediaSchema = new Schema(
  {
    // The unguessable id (128 random bits, base64url); GET /media/:id reads by it (the _id index).
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    contentType: { type: String, required: true },
    bytes: { type: Buffer },
    sha256: { type: String },
    remoteUrl: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'media', versionKey: false },
);
export type MediaDoc = InferRawDocTypeFromSchema<typeof mediaSchema>;
