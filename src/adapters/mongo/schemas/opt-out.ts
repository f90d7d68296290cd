/** The suppression list (R1.2, R1.5) and the audit log (R5.3). */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';
import { OptOutSource } from '../../../core/model/opt-out.js';

export const optOutSchema = new Schema(
  {
    orgId: { type: String, required: true },
    phone: { type: String, required: true },
    source: { type: String, enum: OptOutSource.options, required: true },
    rule: { type: String },
    messageId: { type: String },
    by: { type: String },
    at: { type: Date, required: true },
    confirmationAt: { type: Date },
  },
  { collection: 'opt_outs', versionKey: false },
);
// Org-wide suppression (R1.2, R1.5): one record per phone per org; record() upserts on it, and
// every send checks it.
optOutSchema.index({ orgId: 1, phone: 1 }, { unique: true, name: 'orgId_phone_unique' });
// Opt-out list pages (keyset on _id) for admins and exports.
optOutSchema.index({ orgId: 1, _id: 1 }, { name: 'orgId_id' });
export type OptOutDoc = InferRawDocTypeFromSchema<typeof optOutSchema>;

export const auditSchema = new Schema(
  {
    orgId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: {
      type: new Schema({ type: { type: String, enum: ['member', 'system', 'voter'] as const, required: true }, id: String, name: String }, { _id: false }),
      required: true,
    },
    action: { type: String, required: true },
    subject: { type: new Schema({ type: { type: String, default: '' }, id: { type: String, default: '' } }, { _id: false }), required: true },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'audit', versionKey: false, minimize: false },
);
// The org's audit trail, newest first (R5.3); _id breaks ties so the order is index-provided.
auditSchema.index({ orgId: 1, at: -1, _id: -1 }, { name: 'orgId_at' });
// Everything that happened to one subject (a message, an opt-out, a claim).
auditSchema.index({ orgId: 1, 'subject.id': 1, at: -1, _id: -1 }, { name: 'orgId_subjectId_at' });
// Filter by action (e.g. every optout.recorded), newest first.
auditSchema.index({ orgId: 1, action: 1, at: -1, _id: -1 }, { name: 'orgId_action_at' });
export type AuditDoc = InferRawDocTypeFromSchema<typeof auditSchema>;
