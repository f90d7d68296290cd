/** Outgoing webhooks, their delivery outbox, and the per-(webhook, lane) order and lease. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const webhookSchema = new Schema(
  {
    orgId: { type: String, required: true },
    url: { type: String, required: true },
    events: { type: [String], default: [] },
    secretSealed: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    failures: { type: Number, default: 0 },
    firstFailureAt: { type: Date },
    lastFailureAt: { type: Date },
    lastError: { type: String },
    lastSuccessAt: { type: Date },
    disabledAt: { type: Date },
    disabledReason: { type: String },
  },
  { collection: 'webhooks', versionKey: false },
);
// Every publish lists the org's webhooks.
webhookSchema.index({ orgId: 1, _id: 1 }, { name: 'orgId_id' });
export type WebhookDoc = InferRawDocTypeFromSchema<typeof webhookSchema>;

export const webhookDeliverySchema = new Schema(
  {
    orgId: { type: String, required: true },
    webhookId: { type: String, required: true },
    eventId: { type: String, required: true },
    lane: { type: String, required: true },
    seq: { type: Number, required: true },
    event: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date },
    lastError: { type: String },
  },
  { collection: 'webhook_deliveries', versionKey: false, minimize: false },
);
// One delivery per event and webhook (a retried publish finds it).
webhookDeliverySchema.index({ webhookId: 1, eventId: 1 }, { unique: true, name: 'webhookId_eventId_unique' });
// The head of a lane: its oldest pending delivery.
webhookDeliverySchema.index({ webhookId: 1, lane: 1, status: 1, seq: 1 }, { name: 'webhookId_lane_status_seq' });
// The sweeper: pending deliveries, oldest first.
webhookDeliverySchema.index({ status: 1, createdAt: 1 }, { name: 'status_createdAt', partialFilterExpression: { status: 'pending' } });
export type WebhookDeliveryDoc = InferRawDocTypeFromSchema<typeof webhookDeliverySchema>;

export const webhookLaneSchema = new Schema(
  {
    orgId: { type: String, required: true },
    webhookId: { type: String, required: true },
    lane: { type: String, required: true },
    nextSeq: { type: Number, default: 0 },
    holder: { type: String },
    until: { type: Date },
  },
  { collection: 'webhook_lanes', versionKey: false },
);
webhookLaneSchema.index({ webhookId: 1, lane: 1 }, { unique: true, name: 'webhookId_lane_unique' });
export type WebhookLaneDoc = InferRawDocTypeFromSchema<typeof webhookLaneSchema>;
