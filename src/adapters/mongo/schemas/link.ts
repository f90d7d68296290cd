/** Tracked links: one document per (org, contact, destination), found by its random code. */
import { Schema } from 'mongoose';
import type { InferRawDocTypeFromSchema } from 'mongoose';

export const trackedLinkSchema = new Schema(
  {
    orgId: { type: String, required: true },
    campaignId: { type: String, required: true },
    contactId: { type: String, required: true },
    url: { type: String, required: true },
    code: { type: String, required: true },
    createdAt: { type: Date, required: true },
    firstClickedAt: { type: Date },
    clicks: { type: Number, required: true, default: 0 },
  },
  { collection: 'tracked_links', versionKey: false },
);
// The redirect route resolves a code (and records its clicks) with no org; codes never repeat.
trackedLinkSchema.index({ code: 1 }, { unique: true, name: 'code_unique' });
// ensure: one link per contact and destination, so the card and the press get the same code.
trackedLinkSchema.index({ orgId: 1, contactId: 1, url: 1 }, { unique: true, name: 'orgId_contactId_url_unique' });
export type TrackedLinkDoc = InferRawDocTypeFromSchema<typeof trackedLinkSchema>;
