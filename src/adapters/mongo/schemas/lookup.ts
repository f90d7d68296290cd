/** The org's number lookup cache: one document per (org, phone), with the claim to pay for it. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const lookupSchema = new Schema(
  {
    orgId: { type: String, required: true },
    phone: { type: String, required: true },
    lineType: { type: String, enum: ['mobile', 'landline', 'voip', 'unknown'] },
    carrier: { type: String },
    checkedAt: { type: Date },
    /** The run asking the provider right now, and since when (the claim). */
    holder: { type: String },
    claimedAt: { type: Date },
    /** When MongoDB may delete the record (the cache window after the last answer or claim). */
    expireAt: { type: Date, required: true },
  },
  { collection: 'number_lookups', versionKey: false },
);
// claim's conditional upsert and getFresh ($in on phone): one record per org and number, so two
// workers can never both create it (the loser's insert hits this index).
lookupSchema.index({ orgId: 1, phone: 1 }, { unique: true, name: 'orgId_phone_unique' });
// Results older than the cache window are useless: MongoDB removes them (TTL).
lookupSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0, name: 'expireAt_ttl' });
export type LookupDoc = InferRawDocTypeFromSchema<typeof lookupSchema>;
