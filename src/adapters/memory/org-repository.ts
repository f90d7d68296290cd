/** Orgs and their members, in memory. */
import type { MemberRepository, OrgRepository } from '../../core/ports.js';
import { Member, Org, OrgSms, senderKeys } from '../../core/model/org.js';
import type { Role } from '../../core/model/org.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import { assertValidPatch } from '../../core/model/patch.js';
import { byDateThenId, copy, definedOnly, key } from './support.js';
import type { MemoryContext } from './support.js';

const NewOrgRecord = Org.omit({ id: true });
const NewMemberRecord = Member.omit({ id: true });

export function createMemoryOrgs(ctx: MemoryContext): OrgRepository {
  const orgs = new Map<string, Org>();
  /** unique (platform, externalId) */
  const byExternal = new Map<string, string>();
  /** unique sender: a Messaging Service SID or a number belongs to one org (as Mongo's unique sms.* indexes). */
  const bySender = new Map<string, string>();

  /** The first of these sender keys held by an org other than `orgId`, if any. */
  const heldElsewhere = (keys: string[], orgId: string | undefined): string | undefined => keys.find((k) => {
    const holder = bySender.get(k);
    return holder !== undefined && holder !== orgId;
  });
  const setSenders = (org: Org, sms: OrgSms): void => {
    for (const k of senderKeys(org.sms)) if (bySender.get(k) === org.id) bySender.delete(k);
    org.sms = copy(sms);
    for (const k of senderKeys(sms)) bySender.set(k, org.id);
  };

  return {
    async create(org) {
      const k = key(org.platform, org.externalId);
      if (byExternal.has(k)) throw new DuplicateError('org', `${org.platform}:${org.externalId}`);
      const parsed = NewOrgRecord.parse({ ...org, createdAt: ctx.clock.now() });
      const held = heldElsewhere(senderKeys(parsed.sms), undefined);
      if (held !== undefined) throw new DuplicateError('org sender', held);
      const record: Org = { id: ctx.newId(), ...parsed };
      orgs.set(record.id, record);
      byExternal.set(k, record.id);
      for (const s of senderKeys(record.sms)) bySender.set(s, record.id);
      return copy(record);
    },
    async get(orgId) {
      const org = orgs.get(orgId);
      return org ? copy(org) : null;
    },
    async findByExternal(platform, externalId) {
      const id = byExternal.get(key(platform, externalId));
      const org = id === undefined ? undefined : orgs.get(id);
      return org ? copy(org) : null;
    },
    async findBySender({ number, messagingServiceSid }) {
      // Exact match only: the sender's one owner, never a fallback to another org.
      const id = (messagingServiceSid ? bySender.get(messagingServiceSid) : undefined) ?? (number ? bySender.get(number) : undefined);
      const org = id === undefined ? undefined : orgs.get(id);
      return org ? copy(org) : null;
    },
    async assignSender(orgId, sms) {
      const org = orgs.get(orgId);
      if (!org) throw new NotFoundError('org', orgId);
      const parsed = OrgSms.parse(sms);
      const held = heldElsewhere(senderKeys(parsed), orgId);
      if (held !== undefined) return { ok: false, reason: 'taken', key: held };
      setSenders(org, parsed);
      return { ok: true, org: copy(org) };
    },
    async update(orgId, patch) {
      const org = orgs.get(orgId);
      if (!org) throw new NotFoundError('org', orgId);
      assertValidPatch(Org.shape, patch);
      const { sms, ...rest } = copy(definedOnly(patch));
      if (sms !== undefined) {
        const held = heldElsewhere(senderKeys(sms), orgId);
        if (held !== undefined) throw new DuplicateError('org sender', held);
      }
      Object.assign(org, rest);
      if (sms !== undefined) setSenders(org, sms);
      return copy(org);
    },
  };
}

export function createMemoryMembers(ctx: MemoryContext): MemberRepository {
  const members = new Map<string, Member>();
  /** unique (orgId, platformUserId) */
  const byPlatformUser = new Map<string, string>();
  const owned = (orgId: string, memberId: string): Member | undefined => {
    const m = members.get(memberId);
    return m && m.orgId === orgId ? m : undefined;
  };

  return {
    async upsert(orgId, m) {
      // Validated first, as in Mongo, whether it creates or updates.
      const parsed = NewMemberRecord.parse({ ...m, orgId, createdAt: ctx.clock.now() });
      const k = key(orgId, parsed.platformUserId);
      const existingId = byPlatformUser.get(k);
      const existing = existingId === undefined ? undefined : members.get(existingId);
      if (existing) {
        existing.displayName = parsed.displayName;
        if (parsed.locale !== undefined) existing.locale = parsed.locale;
        return copy(existing);
      }
      const record: Member = { id: ctx.newId(), ...parsed };
      members.set(record.id, record);
      byPlatformUser.set(k, record.id);
      return copy(record);
    },
    async get(orgId, memberId) {
      const m = owned(orgId, memberId);
      return m ? copy(m) : null;
    },
    async findByPlatformUser(orgId, platformUserId) {
      const id = byPlatformUser.get(key(orgId, platformUserId));
      const m = id === undefined ? undefined : members.get(id);
      return m ? copy(m) : null;
    },
    async list(orgId, role?: Role) {
      return [...members.values()]
        .filter((m) => m.orgId === orgId && (role === undefined || m.role === role))
        .sort(byDateThenId((m) => m.createdAt))
        .map(copy);
    },
    async setRole(orgId, memberId, role) {
      const m = owned(orgId, memberId);
      if (!m) throw new NotFoundError('member', memberId);
      m.role = role;
      return copy(m);
    },
  };
}
