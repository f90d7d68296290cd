/** Orgs and members. Reference ids are stored as the strings the domain uses. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';
import { Lang, Platform } from '../../../core/model/common.js';
import { KeywordReplies, Role } from '../../../core/model/org.js';

export const orgSchema = new Schema(
  {
    platform: { type: String, enum: Platform.options, required: true },
    externalId: { type: String, required: true },
    name: { type: String, required: true },
    defaultLocale: { type: String, enum: Lang.options, required: true },
    /** Validated by the zod model on read (Org.parse). */
    textingPolicy: { type: Schema.Types.Mixed, required: true },
    optOutConfirmation: { type: Schema.Types.Mixed, default: {} },
    helpContact: { type: String },
    conversationVisibility: { type: String, enum: ['private', 'channel'] as const, required: true },
    sms: {
      type: new Schema({ numbers: { type: [String], default: [] }, messagingServiceSid: { type: String } }, { _id: false }),
      required: true,
    },
    keywordReplies: { type: String, enum: KeywordReplies.options },
    assistantShareVoterText: { type: Boolean },
    replyNudgeMinutes: { type: Number },
    replyReleaseMinutes: { type: Number },
    initialsPause: { type: new Schema({ paused: { type: Boolean, required: true }, by: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false }) },
    /** Deliverability thresholds {warnPercent?, pausePercent?, window?}; validated by the zod model on read. */
    deliverability: { type: Schema.Types.Mixed },
    /** Review channel and rules; validated by the zod model on read (ReviewSettings). */
    review: { type: Schema.Types.Mixed },
    requireLookup: { type: Boolean },
    createdAt: { type: Date, required: true },
  },
  { collection: 'orgs', versionKey: false, minimize: false },
);
// One org per Slack workspace / Discord guild; routes every chat payload to its org.
orgSchema.index({ platform: 1, externalId: 1 }, { unique: true, name: 'platform_externalId_unique' });
// Inbound SMS routing (findBySender) and sender ownership: a number or a Messaging Service
// belongs to exactly one org, so a voter's reply (and STOP) can only reach the org that texted
// them. Partial, so orgs with no sender yet (empty numbers, no service) never collide.
orgSchema.index({ 'sms.numbers': 1 }, { unique: true, name: 'sms_numbers_unique', partialFilterExpression: { 'sms.numbers': { $type: 'string' } } });
orgSchema.index(
  { 'sms.messagingServiceSid': 1 },
  { unique: true, name: 'sms_messagingServiceSid_unique', partialFilterExpression: { 'sms.messagingServiceSid': { $type: 'string' } } },
);
/** Earlier, non-unique versions of the two indexes above (same keys): dropped before those are built. */
export const LEGACY_ORG_SENDER_INDEXES: readonly string[] = ['sms_numbers', 'sms_messagingServiceSid'];
export type OrgDoc = InferRawDocTypeFromSchema<typeof orgSchema>;

export const memberSchema = new Schema(
  {
    orgId: { type: String, required: true },
    platformUserId: { type: String, required: true },
    displayName: { type: String, default: '' },
    role: { type: String, enum: Role.options, required: true },
    locale: { type: String, enum: Lang.options },
    createdAt: { type: Date, required: true },
  },
  { collection: 'members', versionKey: false, minimize: false },
);
// One member per chat user per org (upsert by platform user; every command looks it up).
memberSchema.index({ orgId: 1, platformUserId: 1 }, { unique: true, name: 'orgId_platformUserId_unique' });
// Member lists by role (organizers to notify, volunteers), in creation order.
memberSchema.index({ orgId: 1, role: 1, createdAt: 1 }, { name: 'orgId_role_createdAt' });
export type MemberDoc = InferRawDocTypeFromSchema<typeof memberSchema>;
