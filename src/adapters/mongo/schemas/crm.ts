/** CRM connections, per-contact sync state and sync runs (VAN, Action Network). */
import { Schema } from 'mongoose';

export const crmConnectionSchema = new Schema(
  {
    orgId: { type: String, required: true },
    kind: { type: String, required: true },
    /** Sealed with SECRET_KEY (SecretBox); never the key itself. */
    sealedKey: { type: String, required: true },
    appName: { type: String },
    mode: { type: String },
    account: { type: String },
    connectedBy: { type: String, required: true },
    connectedAt: { type: Date, required: true },
    catalog: { type: Schema.Types.Mixed },
    catalogAt: { type: Date },
    mappings: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'crm_connections', versionKey: false, minimize: false },
);
// One connection per (org, CRM): connecting again replaces the key.
crmConnectionSchema.index({ orgId: 1, kind: 1 }, { unique: true, name: 'orgId_kind_unique' });

export const crmContactStateSchema = new Schema(
  {
    orgId: { type: String, required: true },
    kind: { type: String, required: true },
    contactId: { type: String, required: true },
    externalId: { type: String },
    lastKey: { type: String },
    pendingKey: { type: String },
    pendingAt: { type: Date },
  },
  { collection: 'crm_contact_states', versionKey: false },
);
// claimPush's conditional upsert relies on it: two runs can never both create a contact's state.
crmContactStateSchema.index({ orgId: 1, kind: 1, contactId: 1 }, { unique: true, name: 'orgId_kind_contactId_unique' });

export const crmRunSchema = new Schema(
  {
    orgId: { type: String, required: true },
    kind: { type: String, required: true },
    campaignId: { type: String, required: true },
    status: { type: String, required: true },
    report: { type: Schema.Types.Mixed, required: true },
    startedBy: { type: String, required: true },
    requestedBy: { type: Schema.Types.Mixed, required: true },
    progressRef: { type: Schema.Types.Mixed },
    error: { type: String },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date },
    finishedAt: { type: Date },
  },
  { collection: 'crm_runs', versionKey: false, minimize: false },
);
// `crm status`: an org's latest runs, optionally of one campaign.
crmRunSchema.index({ orgId: 1, createdAt: -1 }, { name: 'orgId_createdAt' });
crmRunSchema.index({ orgId: 1, campaignId: 1, createdAt: -1 }, { name: 'orgId_campaignId_createdAt' });
