/** Claims (a volunteer's batch) in MongoDB. */
import { Types } from 'mongoose';
import type { ClaimRepository } from '../../core/ports.js';
import { Claim } from '../../core/model/contact.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { claimToDomain } from './to-domain.js';
import { isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';

const NewClaimRecord = Claim.omit({ id: true });

export function createMongoClaims({ models: { Claim: Claims } }: MongoContext): ClaimRepository {
  const mustMatch = (matched: number, claimId: string): void => {
    if (matched === 0) throw new NotFoundError('claim', claimId);
  };
  return {
    newId() {
      return new Types.ObjectId().toHexString();
    },
    async create(orgId, { id, campaignId, volunteerId, now, size }) {
      const record = NewClaimRecord.parse({ orgId, campaignId, volunteerId, status: 'active', size: size ?? 0, createdAt: now, lastActivityAt: now });
      const _id = id === undefined ? new Types.ObjectId() : toObjectId(id);
      if (!_id) throw new NotFoundError('claim', id ?? '');
      try {
        await Claims.create({ _id, ...record });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new DuplicateError('claim', _id.toHexString());
        throw err;
      }
      return { id: _id.toHexString(), ...record };
    },
    async get(orgId, claimId) {
      const _id = toObjectId(claimId);
      const d = _id && (await Claims.findOne({ _id, orgId }).lean());
      return d ? claimToDomain(d) : null;
    },
    async listActive(orgId, campaignId, volunteerId) {
      const docs = await Claims.find({ orgId, campaignId, status: 'active', ...(volunteerId !== undefined ? { volunteerId } : {}) })
        .sort({ createdAt: 1, _id: 1 })
        .lean();
      return docs.map(claimToDomain);
    },
    async setSize(orgId, claimId, size) {
      const _id = toObjectId(claimId);
      mustMatch(_id ? (await Claims.updateOne({ _id, orgId }, { $set: { size } })).matchedCount : 0, claimId);
    },
    async touch(orgId, claimId, now) {
      const _id = toObjectId(claimId);
      mustMatch(_id ? (await Claims.updateOne({ _id, orgId }, { $set: { lastActivityAt: now } })).matchedCount : 0, claimId);
    },
    async end(orgId, claimId, to, now) {
      const _id = toObjectId(claimId);
      const d = _id && (await Claims.findOneAndUpdate(
        { _id, orgId, status: 'active' },
        { $set: { status: to, endedAt: now, lastActivityAt: now } },
        { returnDocument: 'after', lean: true },
      ));
      return d ? claimToDomain(d) : null;
    },
  };
}
