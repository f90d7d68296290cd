/** Rolling windows of carrier outcomes: one document per (orgId, key), `outcomes` trimmed by $push/$slice. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const deliverabilityWindowSchema = new Schema(
  {
    orgId: { type: String, required: true },
    /** `sender:<number or service>` or `campaign:<id>`. */
    key: { type: String, required: true },
    /** The newest outcomes, oldest first (ok | carrier_violation | unreachable | other). */
    outcomes: { type: [String], default: [] },
    /** Alerts that fired for the crossing in progress (set once, atomically). */
    warned: { type: Boolean, default: false },
    paused: { type: Boolean, default: false },
  },
  { collection: 'deliverability_windows', versionKey: false },
);
// Every operation reads or writes one (org, key) window; upserts must not create two of them.
deliverabilityWindowSchema.index({ orgId: 1, key: 1 }, { unique: true, name: 'orgId_key_unique' });
export type DeliverabilityWindowDoc = InferRawDocTypeFromSchema<typeof deliverabilityWindowSchema>;
