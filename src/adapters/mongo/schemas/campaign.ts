/** Campaigns. Script, survey and reply sets are validated by the zod model (Campaign.parse on read). */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';
import { CampaignStatus } from '../../../core/model/campaign.js';

const counter = { type: Number, default: 0 };

export const campaignSchema = new Schema(
  {
    orgId: { type: String, required: true },
    slug: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, enum: CampaignStatus.options, required: true },
    channelId: { type: String },
    postRef: { type: Schema.Types.Mixed },
    scripts: { type: Schema.Types.Mixed, default: {} },
    survey: { type: Schema.Types.Mixed, default: [] },
    cannedReplies: { type: Schema.Types.Mixed, default: [] },
    tags: { type: Schema.Types.Mixed, default: [] },
    batchSize: { type: Number, required: true },
    claimExpiryMinutes: { type: Number, required: true },
    maxActiveClaimsPerVolunteer: { type: Number, required: true },
    windowOverride: { type: Schema.Types.Mixed },
    /** R3.3 Florida disclaimer {text?, url?}; validated by the zod model on read. */
    disclaimer: { type: Schema.Types.Mixed },
    /** First texts paused {paused, by, at, reason?}; validated by the zod model on read. */
    initialsPause: { type: Schema.Types.Mixed },
    /** A follow-up's source campaign, segment and snapshot progress; validated by the zod model on read. */
    followUpOf: { type: Schema.Types.Mixed },
    /** Segmented claim posts [{id, segment, label, channelId, postRef, ...}]; validated by the zod model on read. */
    posts: { type: Schema.Types.Mixed },
    counters: {
      type: new Schema(
        { contacts: counter, initials: counter, sent: counter, delivered: counter, failed: counter, replies: counter, repliedContacts: counter, optOuts: counter, spamFiltered: counter },
        { _id: false },
      ),
      required: true,
    },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'campaigns', versionKey: false, minimize: false },
);
// `/textbank campaign <slug>`: a slug names one campaign per org.
campaignSchema.index({ orgId: 1, slug: 1 }, { unique: true, name: 'orgId_slug_unique' });
// Campaign lists filtered by status, in creation order.
campaignSchema.index({ orgId: 1, status: 1, createdAt: 1 }, { name: 'orgId_status_createdAt' });
export type CampaignDoc = InferRawDocTypeFromSchema<typeof campaignSchema>;
