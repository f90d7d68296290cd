/** Messages (the outbox and inbox) and early status callbacks. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';
import { MessageKind, MessageStatus } from '../../../core/model/message.js';

const historySchema = new Schema(
  { status: { type: String, enum: MessageStatus.options, required: true }, at: { type: Date, required: true }, errorCode: { type: String } },
  { _id: false },
);

export const messageSchema = new Schema(
  {
    orgId: { type: String, required: true },
    campaignId: { type: String },
    contactId: { type: String },
    conversationId: { type: String },
    direction: { type: String, enum: ['outbound', 'inbound'] as const, required: true },
    kind: { type: String, enum: MessageKind.options, required: true },
    // Not `required`: mongoose would refuse '' where the model allows it.
    voterPhone: { type: String, default: '' },
    orgNumber: { type: String },
    body: { type: String, default: '' },
    segments: { type: Number, default: 1 },
    encoding: { type: String, enum: ['GSM-7', 'UCS-2'] as const, default: 'GSM-7' },
    status: { type: String, enum: MessageStatus.options, required: true },
    providerId: { type: String },
    errorCode: { type: String },
    history: { type: [historySchema], default: [] },
    sentBy: { type: String },
    pressedAt: { type: Date },
    interactionId: { type: String },
    validityPeriod: { type: Number },
    attempts: { type: Number, default: 0 },
    variant: { type: String },
    media: { type: [new Schema({ contentType: String, url: String }, { _id: false })], default: undefined },
    // Inbound triage (rules or assistant): a small subdocument, written once with the message.
    triage: { type: new Schema({ intent: String, confidence: Number, rule: String, source: String, draft: String }, { _id: false }) },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'messages', versionKey: false, minimize: false },
);
// Status callbacks find their message by the carrier's id; a carrier id names one message.
// Partial: messages without one yet (queued) are not indexed (never store providerId: null).
messageSchema.index({ providerId: 1 }, { unique: true, name: 'providerId_unique', partialFilterExpression: { providerId: { $exists: true } } });
// One human press sends at most one message (R5.2b): the interaction id is unique per org.
messageSchema.index({ orgId: 1, interactionId: 1 }, { unique: true, name: 'orgId_interactionId_unique', partialFilterExpression: { interactionId: { $exists: true } } });
// One first text per contact: a retried or racing Send press finds the stored one (never two texts).
messageSchema.index(
  { orgId: 1, contactId: 1 },
  { unique: true, name: 'orgId_contactId_initial_unique', partialFilterExpression: { kind: 'initial', direction: 'outbound', contactId: { $exists: true } } },
);
// Outbox sweeper: queued messages nobody touched since a time, oldest first. Also serves the
// status reconcile (status in sending/sent, updatedAt before a time).
messageSchema.index({ status: 1, updatedAt: 1 }, { name: 'status_updatedAt' });
// Frequency caps (R6.3): initial texts to a phone across the org's campaigns since a time.
messageSchema.index({ orgId: 1, voterPhone: 1, kind: 1, createdAt: 1 }, { name: 'orgId_voterPhone_kind_createdAt' });
// A conversation's history in order; with conversationId missing, the unmatched inbox.
messageSchema.index({ orgId: 1, conversationId: 1, createdAt: 1 }, { name: 'orgId_conversationId_createdAt' });
// Campaign exports stream in index order, no in-memory sort.
messageSchema.index({ orgId: 1, campaignId: 1, createdAt: 1 }, { name: 'orgId_campaignId_createdAt' });
export type MessageDoc = InferRawDocTypeFromSchema<typeof messageSchema>;

/** How long an early status waits for its message before it is dropped. */
export const EARLY_STATUS_TTL_SECONDS = 7 * 24 * 60 * 60;

export const earlyStatusSchema = new Schema(
  {
    providerId: { type: String, default: '' },
    status: { type: String, enum: MessageStatus.options, required: true },
    at: { type: Date, required: true },
    errorCode: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'early_statuses', versionKey: false },
);
// take(): a provider id's early statuses, oldest first, each deleted by exactly one taker.
earlyStatusSchema.index({ providerId: 1, at: 1, _id: 1 }, { name: 'providerId_at' });
// Statuses whose message never got its provider id must not pile up (TTL).
earlyStatusSchema.index({ createdAt: 1 }, { name: 'createdAt_ttl', expireAfterSeconds: EARLY_STATUS_TTL_SECONDS });
export type EarlyStatusDoc = InferRawDocTypeFromSchema<typeof earlyStatusSchema>;
