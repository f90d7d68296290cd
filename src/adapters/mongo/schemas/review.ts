/** Review items for the org's review channel; decided once (conditional update on status). */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const reviewSchema = new Schema(
  {
    orgId: { type: String, required: true },
    key: { type: String, required: true },
    reasons: { type: [String], required: true },
    status: { type: String, enum: ['pending', 'decided'] as const, required: true },
    conversationId: { type: String },
    campaignId: { type: String },
    messageId: { type: String },
    volunteerId: { type: String },
    voterPhone: { type: String },
    heldText: { type: String },
    matchedWords: { type: [String], default: [] },
    /** Validated by the zod model on read (ReviewItem.parse). */
    post: { type: Schema.Types.Mixed },
    decision: { type: Schema.Types.Mixed },
    decidedBy: { type: Schema.Types.Mixed },
    decidedAt: { type: Date },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reviews', versionKey: false, minimize: false },
);
// One item per inbound text or held reply: a retried chat.notify job finds it instead of posting twice.
reviewSchema.index({ orgId: 1, key: 1 }, { unique: true, name: 'orgId_key_unique' });
// The org's open items, oldest first.
reviewSchema.index({ orgId: 1, status: 1, createdAt: 1 }, { name: 'orgId_status_createdAt' });
export type ReviewDoc = InferRawDocTypeFromSchema<typeof reviewSchema>;
