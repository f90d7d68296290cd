/** Conversations: one per contact, found by voter phone (inbound) or chat thread (replies). */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';
import { Platform } from '../../../core/model/common.js';
import { ConversationClosedReason } from '../../../core/model/conversation.js';

export const chatRefSchema = new Schema(
  {
    platform: { type: String, enum: Platform.options, required: true },
    channelId: { type: String, default: '' },
    messageId: { type: String },
    threadId: { type: String },
  },
  { _id: false },
);

export const conversationSchema = new Schema(
  {
    orgId: { type: String, required: true },
    campaignId: { type: String, required: true },
    contactId: { type: String, required: true },
    volunteerId: { type: String, required: true },
    voterPhone: { type: String, required: true },
    orgNumber: { type: String },
    threads: { type: [chatRefSchema], default: [] },
    lastMessageAt: { type: Date, required: true },
    lastDirection: { type: String, enum: ['inbound', 'outbound'] as const, required: true },
    pendingOptOutReview: { type: Boolean, default: false },
    awaitingSince: { type: Date },
    pooledAt: { type: Date },
    // Closed by a volunteer's press (ConversationRepository.close); unset again when the voter writes.
    closedAt: { type: Date },
    closedReason: { type: String, enum: ConversationClosedReason.options },
    createdAt: { type: Date, required: true },
    // Who may post this conversation's voter texts to chat right now (acquireNotifyLease), until when.
    notifyLease: { type: new Schema({ holder: { type: String, required: true }, until: { type: Date, required: true } }, { _id: false }) },
  },
  { collection: 'conversations', versionKey: false, minimize: false },
);
// One conversation per contact (upsertForContact; concurrent upserts collapse on this key).
conversationSchema.index({ orgId: 1, contactId: 1 }, { unique: true, name: 'orgId_contactId_unique' });
// Inbound routing (DESIGN): the latest conversation for a voter phone in the org.
conversationSchema.index({ orgId: 1, voterPhone: 1, lastMessageAt: -1 }, { name: 'orgId_voterPhone_lastMessageAt' });
// Thread routing: a volunteer typing in a chat thread reaches its conversation.
conversationSchema.index({ 'threads.platform': 1, 'threads.channelId': 1, 'threads.threadId': 1 }, { name: 'threads_route' });
// A volunteer's conversations, latest first.
conversationSchema.index({ orgId: 1, volunteerId: 1, lastMessageAt: -1 }, { name: 'orgId_volunteerId_lastMessageAt' });
// A campaign's reply pool, oldest waiting first (claimReplies, countPooled); only pooled conversations are in it.
conversationSchema.index(
  { orgId: 1, campaignId: 1, awaitingSince: 1, _id: 1 },
  { name: 'reply_pool', partialFilterExpression: { pooledAt: { $type: 'date' } } },
);
export type ConversationDoc = InferRawDocTypeFromSchema<typeof conversationSchema>;
