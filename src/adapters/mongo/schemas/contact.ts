/** Contacts and claims. Reference ids are stored as the strings the domain uses. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';
import { Lang } from '../../../core/model/common.js';
import { ClaimStatus, ContactOutcome, ContactStatus } from '../../../core/model/contact.js';

export const contactSchema = new Schema(
  {
    orgId: { type: String, required: true },
    campaignId: { type: String, required: true },
    phone: { type: String, required: true },
    firstName: { type: String, default: '' },
    lastName: { type: String, default: '' },
    zip: { type: String },
    state: { type: String },
    timezones: { type: [String], default: [] },
    windowKey: { type: String, default: '' },
    language: { type: String, enum: Lang.options, default: 'en' },
    customFields: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: ContactStatus.options, required: true },
    claimId: { type: String },
    volunteerId: { type: String },
    surveyAnswers: { type: Schema.Types.Mixed, default: {} },
    tags: { type: [String], default: [] },
    outcome: { type: String, enum: ContactOutcome.options },
    lastMessageAt: { type: Date },
    variant: { type: String },
    linkClickedAt: { type: Date },
    linkClicks: { type: Number },
    lineType: { type: String, enum: ['mobile', 'landline', 'voip', 'unknown'] },
    followUpOf: { type: new Schema({ campaignId: String, contactId: String, conversationId: String, volunteerId: String }, { _id: false }) },
    messagedAt: { type: Date },
    repliedAt: { type: Date },
    replyIntent: { type: String },
    initialStatus: { type: String, enum: ['delivered', 'undelivered', 'failed'] },
    initialErrorCode: { type: String },
    importLine: { type: Number },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'contacts', versionKey: false, minimize: false },
);
// Import dedupe: a phone appears once per campaign; unordered inserts report the rest as duplicates.
contactSchema.index({ campaignId: 1, phone: 1 }, { unique: true, name: 'campaignId_phone_unique' });
// claimPending: equality on org, campaign, status; $in on windowKey; merge-sorted by _id (oldest
// first) straight from the index. Also serves pendingWindowKeys (distinct), countByStatus and
// the export stream, all by the (orgId, campaignId) prefix.
contactSchema.index({ orgId: 1, campaignId: 1, status: 1, windowKey: 1, _id: 1 }, { name: 'claim_pending' });
// DESIGN: per-campaign counts by status (stats, progress bars) without touching documents.
contactSchema.index({ campaignId: 1, status: 1 }, { name: 'campaignId_status' });
// DESIGN: a campaign's contacts by claim (who holds what, reassign); only claimed contacts are indexed.
contactSchema.index({ campaignId: 1, claimId: 1 }, { name: 'campaignId_claimId', partialFilterExpression: { claimId: { $exists: true } } });
// releaseClaim / nextAssigned / countAssigned: a claim's assigned contacts in _id order (the
// port passes org and claim, not the campaign). Partial: unclaimed contacts cost nothing.
contactSchema.index({ orgId: 1, claimId: 1, status: 1, _id: 1 }, { name: 'orgId_claimId_status', partialFilterExpression: { claimId: { $exists: true } } });
// Segments: streamSegment walks a segment's contacts in _id order across its campaigns (keys that
// no status move changes); countSegment and segmented claims narrow by (orgId, campaignId) here
// or on claim_pending, the rest of the segment filtering the documents server-side.
contactSchema.index({ orgId: 1, campaignId: 1, _id: 1 }, { name: 'orgId_campaignId_id' });
// optOutPhone (R1.5): every not-yet-messaged contact of a phone across the org's campaigns.
contactSchema.index({ orgId: 1, phone: 1, status: 1 }, { name: 'orgId_phone_status' });
// Follow-up claims take the claimer's own former voters first (claimPending formerVolunteerId):
// only a follow-up's contacts carry followUpOf.volunteerId, so the index holds just those.
contactSchema.index(
  { orgId: 1, campaignId: 1, 'followUpOf.volunteerId': 1, status: 1, _id: 1 },
  { name: 'follow_up_former_volunteer', partialFilterExpression: { 'followUpOf.volunteerId': { $type: 'string' } } },
);
export type ContactDoc = InferRawDocTypeFromSchema<typeof contactSchema>;

export const claimSchema = new Schema(
  {
    orgId: { type: String, required: true },
    campaignId: { type: String, required: true },
    volunteerId: { type: String, required: true },
    status: { type: String, enum: ClaimStatus.options, required: true },
    size: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    endedAt: { type: Date },
  },
  { collection: 'claims', versionKey: false, minimize: false },
);
// listActive: a campaign's active claims, optionally one volunteer's (max active claims rule).
claimSchema.index({ orgId: 1, campaignId: 1, status: 1, volunteerId: 1, createdAt: 1 }, { name: 'orgId_campaignId_status_volunteerId' });
export type ClaimDoc = InferRawDocTypeFromSchema<typeof claimSchema>;
