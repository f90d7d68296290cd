/** Orgs and members in MongoDB. */
import { Types } from 'mongoose';
import type { MemberRepository, OrgRepository } from '../../core/ports.js';
import { Member, Org } from '../../core/model/org.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { memberToDomain, orgToDomain } from './to-domain.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import { assertValidPatch } from '../../core/model/patch.js';
import type { MongoContext } from './support.js';

const NewOrgRecord = Org.omit({ id: true });
const NewMemberRecord = Member.omit({ id: true });

export function createMongoOrgs({ models: { Org: Orgs }, clock }: MongoContext): OrgRepository {
  return {
    async create(org) {
      const record = NewOrgRecord.parse({ ...org, createdAt: clock.now() });
      const _id = new Types.ObjectId();
      try {
        await Orgs.create({ _id, ...record });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new DuplicateError('org', `${org.platform}:${org.externalId}`);
        throw err;
      }
      return { id: _id.toHexString(), ...record };
    },
    async get(orgId) {
      const _id = toObjectId(orgId);
      const d = _id && (await Orgs.findById(_id).lean());
      return d ? orgToDomain(d) : null;
    },
    async findByExternal(platform, externalId) {
      const d = await Orgs.findOne({ platform, externalId }).lean();
      return d ? orgToDomain(d) : null;
    },
    async findBySender({ number, messagingServiceSid }) {
      if (messagingServiceSid) {
        const d = await Orgs.findOne({ 'sms.messagingServiceSid': messagingServiceSid }).sort({ _id: 1 }).lean();
        if (d) return orgToDomain(d);
      }
      if (number) {
        const d = await Orgs.findOne({ 'sms.numbers': number }).sort({ _id: 1 }).lean();
        if (d) return orgToDomain(d);
      }
      return null;
    },
    async update(orgId, patch) {
      const _id = toObjectId(orgId);
      assertValidPatch(Org.shape, patch);
      const set = definedOnly(patch);
      const d = _id && (Object.keys(set).length === 0
        ? await Orgs.findById(_id).lean()
        : await Orgs.findOneAndUpdate({ _id }, { $set: set }, { returnDocument: 'after', lean: true }));
      if (!d) throw new NotFoundError('org', orgId);
      return orgToDomain(d);
    },
  };
}

export function createMongoMembers({ models: { Member: Members }, clock }: MongoContext): MemberRepository {
  return {
    async upsert(orgId, m) {
      const record = NewMemberRecord.parse({ ...m, orgId, createdAt: clock.now() });
      const filter = { orgId, platformUserId: record.platformUserId };
      const update = {
        $set: { displayName: record.displayName, ...(record.locale !== undefined ? { locale: record.locale } : {}) },
        // Never changes an existing member's role.
        $setOnInsert: { role: record.role, createdAt: record.createdAt },
      };
      for (let attempt = 1; ; attempt += 1) {
        try {
          const d = await Members.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after', lean: true });
          if (!d) throw new Error('member upsert returned no document');
          return memberToDomain(d);
        } catch (err) {
          // Two first-time upserts raced on the unique key: the loser now finds the winner's doc.
          if (attempt < 3 && isDuplicateKeyError(err)) continue;
          throw err;
        }
      }
    },
    async get(orgId, memberId) {
      const _id = toObjectId(memberId);
      const d = _id && (await Members.findOne({ _id, orgId }).lean());
      return d ? memberToDomain(d) : null;
    },
    async findByPlatformUser(orgId, platformUserId) {
      const d = await Members.findOne({ orgId, platformUserId }).lean();
      return d ? memberToDomain(d) : null;
    },
    async list(orgId, role) {
      const docs = await Members.find({ orgId, ...(role !== undefined ? { role } : {}) }).sort({ createdAt: 1, _id: 1 }).lean();
      return docs.map(memberToDomain);
    },
    async setRole(orgId, memberId, role) {
      const _id = toObjectId(memberId);
      const d = _id && (await Members.findOneAndUpdate({ _id, orgId }, { $set: { role } }, { returnDocument: 'after', lean: true }));
      if (!d) throw new NotFoundError('member', memberId);
      return memberToDomain(d);
    },
  };
}
