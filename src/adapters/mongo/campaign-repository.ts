/** Campaigns in MongoDB. */
import { Types } from 'mongoose';
import type { CampaignRepository } from '../../core/ports.js';
import { Campaign } from '../../core/model/campaign.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { campaignToDomain } from './to-domain.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import { assertValidPatch } from '../../core/model/patch.js';
import type { MongoContext } from './support.js';

const NewCampaignRecord = Campaign.omit({ id: true });

export function createMongoCampaigns({ models: { Campaign: Campaigns }, clock }: MongoContext): CampaignRepository {
  return {
    async create(orgId, c) {
      const now = clock.now();
      const record = NewCampaignRecord.parse({ ...c, orgId, status: 'draft', createdAt: now, updatedAt: now });
      const _id = new Types.ObjectId();
      try {
        await Campaigns.create({ _id, ...record });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new DuplicateError('campaign', c.slug);
        throw err;
      }
      return { id: _id.toHexString(), ...record };
    },
    async get(orgId, campaignId) {
      const _id = toObjectId(campaignId);
      const d = _id && (await Campaigns.findOne({ _id, orgId }).lean());
      return d ? campaignToDomain(d) : null;
    },
    async findBySlug(orgId, slug) {
      const d = await Campaigns.findOne({ orgId, slug }).lean();
      return d ? campaignToDomain(d) : null;
    },
    async list(orgId, statuses) {
      const docs = await Campaigns.find({ orgId, ...(statuses !== undefined ? { status: { $in: statuses } } : {}) })
        .sort({ createdAt: 1, _id: 1 })
        .lean();
      return docs.map(campaignToDomain);
    },
    async update(orgId, campaignId, patch) {
      const _id = toObjectId(campaignId);
      assertValidPatch(Campaign.shape, patch);
      const set = { ...definedOnly(patch), updatedAt: clock.now() };
      const d = _id && (await Campaigns.findOneAndUpdate({ _id, orgId }, { $set: set }, { returnDocument: 'after', lean: true }));
      if (!d) throw new NotFoundError('campaign', campaignId);
      return campaignToDomain(d);
    },
    async transition(orgId, campaignId, from, to) {
      const _id = toObjectId(campaignId);
      const d = _id && (await Campaigns.findOneAndUpdate(
        { _id, orgId, status: { $in: from } },
        { $set: { status: to, updatedAt: clock.now() } },
        { returnDocument: 'after', lean: true },
      ));
      return d ? campaignToDomain(d) : null;
    },
    async increment(orgId, campaignId, deltas) {
      const _id = toObjectId(campaignId);
      const inc: Record<string, number> = {};
      for (const [name, delta] of Object.entries(deltas)) if (delta) inc[`counters.${name}`] = delta;
      const matched = !_id
        ? 0
        : Object.keys(inc).length === 0
          ? Number((await Campaigns.exists({ _id, orgId })) !== null)
          : (await Campaigns.updateOne({ _id, orgId }, { $inc: inc })).matchedCount;
      if (matched === 0) throw new NotFoundError('campaign', campaignId);
    },
  };
}
