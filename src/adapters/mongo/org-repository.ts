/** Orgs and members in MongoDB. */
import { Types } from 'mongoose';
import type { MemberRepository, OrgRepository } from '../../core/ports.js';
import { Member, Org, OrgSms, senderKeys } from '../../core/model/org.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { memberToDomain, orgToDomain } from './to-domain.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import { assertValidPatch } from '../../core/model/patch.js';
import type { MongoContext } from './support.js';
import type { Models } from './models.js';
import { LEGACY_ORG_SENDER_INDEXES } from './schemas/org.js';

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
      // Exact match only (each sender is unique across orgs): never a fallback to another org.
      if (messagingServiceSid) {
        const d = await Orgs.findOne({ 'sms.messagingServiceSid': messagingServiceSid }).lean();
        if (d) return orgToDomain(d);
      }
      if (number) {
        const d = await Orgs.findOne({ 'sms.numbers': number }).lean();
        if (d) return orgToDomain(d);
      }
      return null;
    },
    async assignSender(orgId, sms) {
      const _id = toObjectId(orgId);
      if (!_id) throw new NotFoundError('org', orgId);
      const parsed = OrgSms.parse(sms);
      const set = { numbers: [...new Set(parsed.numbers)], ...(parsed.messagingServiceSid ? { messagingServiceSid: parsed.messagingServiceSid } : {}) };
      try {
        // The unique sms.* indexes decide a race: the second writer gets E11000.
        const d = await Orgs.findOneAndUpdate({ _id }, { $set: { sms: set } }, { returnDocument: 'after', lean: true });
        if (!d) throw new NotFoundError('org', orgId);
        return { ok: true, org: orgToDomain(d) };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        return { ok: false, reason: 'taken', key: (await heldKey(_id, set)) ?? senderKeys(set)[0] ?? '' };
      }
    },
    async update(orgId, patch) {
      const _id = toObjectId(orgId);
      assertValidPatch(Org.shape, patch);
      const set = definedOnly(patch);
      try {
        const d = _id && (Object.keys(set).length === 0
          ? await Orgs.findById(_id).lean()
          : await Orgs.findOneAndUpdate({ _id }, { $set: set }, { returnDocument: 'after', lean: true }));
        if (!d) throw new NotFoundError('org', orgId);
        return orgToDomain(d);
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new DuplicateError('org sender', senderKeys(set.sms ?? {}).join(','));
        throw err;
      }
    },
  };

  /** Which key of `sms` another org holds (for the caller's message). */
  async function heldKey(_id: Types.ObjectId, sms: OrgSms): Promise<string | undefined> {
    const or = [
      ...(sms.messagingServiceSid ? [{ 'sms.messagingServiceSid': sms.messagingServiceSid }] : []),
      ...(sms.numbers.length > 0 ? [{ 'sms.numbers': { $in: sms.numbers } }] : []),
    ];
    if (or.length === 0) return undefined;
    const other = await Orgs.findOne({ _id: { $ne: _id }, $or: or }).lean();
    if (!other) return undefined;
    const theirs = new Set(senderKeys(orgToDomain(other).sms));
    return senderKeys(sms).find((k) => theirs.has(k));
  }
}

/**
 * Before the unique sender indexes are built: drops their earlier non-unique versions (same
 * keys, other names) and releases senders that several orgs share (an install from before a
 * sender belonged to one org). The oldest org keeps a shared sender, since inbound routing
 * already sent its replies there; each newer org loses it, with an audit event, and shows "no
 * sender" until its owner sets its own in /textbank settings.
 */
export async function prepareOrgSenderIndexes({ Org: Orgs, Audit }: Pick<Models, 'Org' | 'Audit'>, clock: { now(): Date }): Promise<number> {
  const existing = await Orgs.collection.indexes().catch(() => [] as { name?: string }[]);
  for (const index of existing) {
    if (!index.name || !LEGACY_ORG_SENDER_INDEXES.includes(index.name)) continue;
    // Another process starting at the same time may have dropped it first (IndexNotFound, 27).
    await Orgs.collection.dropIndex(index.name).catch((err: unknown) => {
      if ((err as { code?: unknown }).code !== 27) throw err;
    });
  }
  const docs = await Orgs.find({}, { sms: 1 }).sort({ _id: 1 }).lean();
  const owner = new Map<string, string>();
  let released = 0;
  for (const d of docs) {
    const id = d._id.toHexString();
    const sid = d.sms?.messagingServiceSid ?? undefined;
    const numbers = d.sms?.numbers ?? [];
    const lost = [...(sid ? [sid] : []), ...numbers].filter((k) => owner.has(k) && owner.get(k) !== id);
    for (const k of [...(sid ? [sid] : []), ...numbers]) if (!owner.has(k)) owner.set(k, id);
    if (lost.length === 0) continue;
    const keep = { numbers: numbers.filter((n) => !lost.includes(n)), ...(sid && !lost.includes(sid) ? { messagingServiceSid: sid } : {}) };
    await Orgs.updateOne({ _id: d._id }, { $set: { sms: keep } });
    await Audit.create({
      orgId: id,
      at: clock.now(),
      actor: { type: 'system' },
      action: 'org.sender_released',
      subject: { type: 'org', id },
      data: { senders: lost, reason: 'held by an older org' },
    });
    released += lost.length;
  }
  return released;
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
