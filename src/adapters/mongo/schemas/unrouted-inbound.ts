/** Inbound texts to senders no org owns (kept for operators, never any org's opt-out). */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const unroutedInboundSchema = new Schema(
  {
    providerId: { type: String, required: true },
    to: { type: String, required: true },
    messagingServiceSid: { type: String },
    from: { type: String, required: true },
    body: { type: String, default: '' },
    kind: { type: String, required: true },
    rule: { type: String },
    receivedAt: { type: Date, required: true },
    adoptedBy: { type: String },
  },
  { collection: 'unrouted_inbound', versionKey: false },
);
// A webhook retry stores the text once.
unroutedInboundSchema.index({ providerId: 1 }, { unique: true, name: 'providerId_unique' });
// What reached a sender, for the org that later takes it (opt-outs are applied to it).
unroutedInboundSchema.index({ to: 1, _id: 1 }, { name: 'to_id' });
unroutedInboundSchema.index({ messagingServiceSid: 1, _id: 1 }, { name: 'messagingServiceSid_id', partialFilterExpression: { messagingServiceSid: { $type: 'string' } } });
export type UnroutedInboundDoc = InferRawDocTypeFromSchema<typeof unroutedInboundSchema>;
