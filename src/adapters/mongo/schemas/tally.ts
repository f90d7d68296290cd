/** Counters by scope: one document per (orgId, scope), keys in `counts` ($inc, atomic). */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const tallySchema = new Schema(
  {
    orgId: { type: String, required: true },
    scope: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'tallies', versionKey: false, minimize: false },
);
// Stats read one scope of one org; upserts must not create two documents for it.
tallySchema.index({ orgId: 1, scope: 1 }, { unique: true, name: 'orgId_scope_unique' });
export type TallyDoc = InferRawDocTypeFromSchema<typeof tallySchema>;
