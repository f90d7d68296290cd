/** Store contract: orgs, members, campaigns. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { DuplicateError, NotFoundError } from '../../../src/core/errors.js';
import { CONTRACT_NOW, seedCampaign, seedOrg } from './fixtures.js';

export function orgsContract(get: () => Store): void {
  describe('orgs', () => {
    it('creates an org with defaults and reads it back by id and by workspace', async () => {
      const s = get();
      const org = await s.orgs.create({ platform: 'slack', externalId: 'T1', name: 'Org A', sms: { numbers: ['+12025550100'] } });
      expect(org.id).toMatch(/^[0-9a-f]{24}$/);
      expect(org).toMatchObject({ platform: 'slack', externalId: 'T1', defaultLocale: 'en', conversationVisibility: 'private' });
      expect(org.textingPolicy.political).toBe(true);
      expect(org.createdAt).toEqual(CONTRACT_NOW);
      expect(await s.orgs.get(org.id)).toEqual(org);
      expect(await s.orgs.findByExternal('slack', 'T1')).toEqual(org);
      expect(await s.orgs.findByExternal('discord', 'T1')).toBeNull();
      expect(await s.orgs.get('0123456789abcdef01234567')).toBeNull();
      expect(await s.orgs.get('not-an-id')).toBeNull();
    });

    it('keeps (platform, externalId) unique', async () => {
      const s = get();
      await seedOrg(s, 'Org A', 'T1');
      await expect(s.orgs.create({ platform: 'slack', externalId: 'T1', name: 'Again' })).rejects.toBeInstanceOf(DuplicateError);
      await expect(s.orgs.create({ platform: 'discord', externalId: 'T1', name: 'Guild' })).resolves.toMatchObject({ platform: 'discord' });
    });

    it('routes a sender (number or messaging service) to its org', async () => {
      const s = get();
      const a = await s.orgs.create({ platform: 'slack', externalId: 'TA', name: 'A', sms: { numbers: ['+12025550100'] } });
      const b = await s.orgs.create({ platform: 'slack', externalId: 'TB', name: 'B', sms: { numbers: [], messagingServiceSid: 'MG1' } });
      expect((await s.orgs.findBySender({ number: '+12025550100' }))?.id).toBe(a.id);
      expect((await s.orgs.findBySender({ messagingServiceSid: 'MG1' }))?.id).toBe(b.id);
      expect((await s.orgs.findBySender({ number: '+12025550100', messagingServiceSid: 'MG1' }))?.id).toBe(b.id);
      expect(await s.orgs.findBySender({ number: '+12025550199' })).toBeNull();
      expect(await s.orgs.findBySender({})).toBeNull();
    });

    it('a sender belongs to one org: create and update refuse a held number or service', async () => {
      const s = get();
      const a = await s.orgs.create({ platform: 'slack', externalId: 'TA', name: 'A', sms: { numbers: ['+12025550100'], messagingServiceSid: 'MG1' } });
      await expect(s.orgs.create({ platform: 'slack', externalId: 'TB', name: 'B', sms: { numbers: ['+12025550100'] } })).rejects.toBeInstanceOf(DuplicateError);
      await expect(s.orgs.create({ platform: 'slack', externalId: 'TC', name: 'C', sms: { numbers: [], messagingServiceSid: 'MG1' } })).rejects.toBeInstanceOf(DuplicateError);
      expect(await s.orgs.findByExternal('slack', 'TB')).toBeNull();
      // Orgs with no sender never collide with each other.
      const b = await s.orgs.create({ platform: 'slack', externalId: 'TB', name: 'B' });
      const c = await s.orgs.create({ platform: 'slack', externalId: 'TC', name: 'C', sms: { numbers: [] } });
      expect(b.sms).toEqual({ numbers: [] });
      await expect(s.orgs.update(b.id, { sms: { numbers: ['+12025550100'] } })).rejects.toBeInstanceOf(DuplicateError);
      await expect(s.orgs.update(c.id, { sms: { numbers: [], messagingServiceSid: 'MG1' } })).rejects.toBeInstanceOf(DuplicateError);
      expect((await s.orgs.get(b.id))?.sms).toEqual({ numbers: [] });
      expect((await s.orgs.findBySender({ number: '+12025550100' }))?.id).toBe(a.id);
      expect((await s.orgs.findBySender({ messagingServiceSid: 'MG1' }))?.id).toBe(a.id);
    });

    it('assignSender gives a free sender, refuses a held one, and releases the previous one', async () => {
      const s = get();
      const a = await s.orgs.create({ platform: 'slack', externalId: 'TA', name: 'A', sms: { numbers: ['+12025550100'] } });
      const b = await seedOrg(s, 'B');
      expect(await s.orgs.assignSender(b.id, { numbers: ['+12025550100'] })).toEqual({ ok: false, reason: 'taken', key: '+12025550100' });
      expect(await s.orgs.assignSender(b.id, { numbers: ['+12025550111', '+12025550100'] })).toMatchObject({ ok: false, key: '+12025550100' });
      expect((await s.orgs.get(b.id))?.sms).toEqual({ numbers: [] });
      const got = await s.orgs.assignSender(b.id, { numbers: [], messagingServiceSid: 'MG2' });
      expect(got).toMatchObject({ ok: true, org: { id: b.id, sms: { messagingServiceSid: 'MG2' } } });
      expect((await s.orgs.findBySender({ messagingServiceSid: 'MG2' }))?.id).toBe(b.id);
      // Re-assigning its own sender is fine; moving to another releases the first.
      expect(await s.orgs.assignSender(b.id, { numbers: [], messagingServiceSid: 'MG2' })).toMatchObject({ ok: true });
      expect(await s.orgs.assignSender(b.id, { numbers: ['+12025550122'] })).toMatchObject({ ok: true, org: { sms: { numbers: ['+12025550122'] } } });
      expect(await s.orgs.findBySender({ messagingServiceSid: 'MG2' })).toBeNull();
      expect(await s.orgs.assignSender(a.id, { numbers: ['+12025550100'], messagingServiceSid: 'MG2' })).toMatchObject({ ok: true });
      expect((await s.orgs.findBySender({ number: '+12025550122', messagingServiceSid: 'MG9' }))?.id).toBe(b.id);
      await expect(s.orgs.assignSender('0123456789abcdef01234567', { numbers: ['+12025550133'] })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('two orgs racing for one sender: exactly one gets it', async () => {
      const s = get();
      const orgs = await Promise.all(['A', 'B', 'C', 'D'].map((n) => seedOrg(s, n)));
      const results = await Promise.all(orgs.map((o) => s.orgs.assignSender(o.id, { numbers: ['+12025550100'], messagingServiceSid: 'MG1' })));
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0] as { ok: true; org: { id: string } };
      expect((await s.orgs.findBySender({ number: '+12025550100' }))?.id).toBe(winner.org.id);
      expect((await s.orgs.findBySender({ messagingServiceSid: 'MG1' }))?.id).toBe(winner.org.id);
      for (const o of orgs) if (o.id !== winner.org.id) expect((await s.orgs.get(o.id))?.sms).toEqual({ numbers: [] });
    });

    it('keeps texts to unowned senders once per provider id, lists them by sender, adopts each once', async () => {
      const s = get();
      const base = { from: '+12125550111', body: 'STOP', kind: 'opt_out', rule: 'keyword:STOP', receivedAt: CONTRACT_NOW };
      const first = await s.unroutedInbound.record({ ...base, providerId: 'SM1', to: '+12025550100' });
      expect(first.created).toBe(true);
      expect(first.record).toMatchObject({ providerId: 'SM1', to: '+12025550100', from: '+12125550111', kind: 'opt_out', rule: 'keyword:STOP' });
      const again = await s.unroutedInbound.record({ ...base, providerId: 'SM1', to: '+12025550100', body: 'other' });
      expect(again).toEqual({ created: false, record: first.record });
      await s.unroutedInbound.record({ ...base, providerId: 'SM2', to: '+12025550199', messagingServiceSid: 'MG1', body: 'hello', kind: 'message', rule: undefined });
      await s.unroutedInbound.record({ ...base, providerId: 'SM3', to: '+12025550177' });
      expect((await s.unroutedInbound.listForSenders(['+12025550100'])).map((r) => r.providerId)).toEqual(['SM1']);
      expect((await s.unroutedInbound.listForSenders(['MG1', '+12025550100'])).map((r) => r.providerId)).toEqual(['SM1', 'SM2']);
      expect(await s.unroutedInbound.listForSenders([])).toEqual([]);
      const org = await seedOrg(s);
      expect(await s.unroutedInbound.markAdopted(first.record.id, org.id)).toBe(true);
      expect(await s.unroutedInbound.markAdopted(first.record.id, org.id)).toBe(false);
      expect((await s.unroutedInbound.listForSenders(['+12025550100']))[0]?.adoptedBy).toBe(org.id);
    });

    it('updates only the patched fields and refuses unknown orgs', async () => {
      const s = get();
      const org = await seedOrg(s);
      const updated = await s.orgs.update(org.id, { helpContact: 'help@example.org', sms: { numbers: ['+12025550111'] } });
      expect(updated).toMatchObject({ name: org.name, helpContact: 'help@example.org', sms: { numbers: ['+12025550111'] } });
      expect(await s.orgs.get(org.id)).toEqual(updated);
      expect((await s.orgs.findBySender({ number: '+12025550111' }))?.id).toBe(org.id);
      await expect(s.orgs.update('0123456789abcdef01234567', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('returns copies: mutating a result never changes what is stored', async () => {
      const s = get();
      const org = await seedOrg(s);
      org.name = 'Mutated';
      org.sms.numbers.push('+12025550177');
      const again = await s.orgs.get(org.id);
      expect(again?.name).toBe('Org A');
      expect(again?.sms.numbers).toEqual([]);
    });
  });

  describe('members', () => {
    it('upserts by platform user: updates name and locale, never the role', async () => {
      const s = get();
      const org = await seedOrg(s);
      const m = await s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Ana', role: 'owner' });
      expect(m).toMatchObject({ orgId: org.id, platformUserId: 'U1', displayName: 'Ana', role: 'owner', createdAt: CONTRACT_NOW });
      const again = await s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Ana B', role: 'volunteer', locale: 'es' });
      expect(again).toMatchObject({ id: m.id, displayName: 'Ana B', role: 'owner', locale: 'es' });
      const third = await s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Ana C', role: 'volunteer' });
      expect(third.locale).toBe('es');
      expect(await s.members.get(org.id, m.id)).toEqual(third);
      expect(await s.members.findByPlatformUser(org.id, 'U1')).toEqual(third);
      expect(await s.members.findByPlatformUser(org.id, 'U2')).toBeNull();
    });

    it('keeps one member per platform user under concurrent upserts', async () => {
      const s = get();
      const org = await seedOrg(s);
      const all = await Promise.all(
        Array.from({ length: 8 }, () => s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Ana', role: 'volunteer' })),
      );
      expect(new Set(all.map((m) => m.id)).size).toBe(1);
      expect(await s.members.list(org.id)).toHaveLength(1);
    });

    it('lists (optionally by role) in creation order and sets roles', async () => {
      const s = get();
      const org = await seedOrg(s);
      const a = await s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'A', role: 'owner' });
      const b = await s.members.upsert(org.id, { platformUserId: 'U2', displayName: 'B', role: 'volunteer' });
      const c = await s.members.upsert(org.id, { platformUserId: 'U3', displayName: 'C', role: 'volunteer' });
      expect((await s.members.list(org.id)).map((m) => m.id)).toEqual([a.id, b.id, c.id]);
      expect((await s.members.list(org.id, 'volunteer')).map((m) => m.id)).toEqual([b.id, c.id]);
      expect(await s.members.setRole(org.id, c.id, 'organizer')).toMatchObject({ id: c.id, role: 'organizer' });
      expect((await s.members.list(org.id, 'organizer')).map((m) => m.id)).toEqual([c.id]);
      await expect(s.members.setRole(org.id, '0123456789abcdef01234567', 'owner')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('campaigns', () => {
    it('creates a draft with defaults and zero counters; slug unique per org only', async () => {
      const s = get();
      const a = await seedOrg(s, 'A');
      const b = await seedOrg(s, 'B');
      const c = await seedCampaign(s, a.id, 'gotv');
      expect(c).toMatchObject({ orgId: a.id, slug: 'gotv', status: 'draft', batchSize: 50, scripts: {}, survey: [], createdAt: CONTRACT_NOW });
      expect(Object.values(c.counters).every((n) => n === 0)).toBe(true);
      await expect(seedCampaign(s, a.id, 'gotv')).rejects.toBeInstanceOf(DuplicateError);
      await expect(seedCampaign(s, b.id, 'gotv')).resolves.toMatchObject({ orgId: b.id });
      expect(await s.campaigns.get(a.id, c.id)).toEqual(c);
      expect(await s.campaigns.findBySlug(a.id, 'gotv')).toEqual(c);
      expect(await s.campaigns.findBySlug(a.id, 'nope')).toBeNull();
    });

    it('lists by status, patches, and transitions only from the given statuses', async () => {
      const s = get();
      const org = await seedOrg(s);
      const c1 = await seedCampaign(s, org.id, 'one');
      const c2 = await seedCampaign(s, org.id, 'two');
      const patched = await s.campaigns.update(org.id, c1.id, {
        name: 'Renamed',
        batchSize: 25,
        scripts: { en: { initial: 'Hi {firstName}, Org A here. Reply STOP to opt out.', followUps: [] } },
      });
      expect(patched).toMatchObject({ name: 'Renamed', batchSize: 25, slug: 'one' });
      expect(patched.scripts.en?.initial).toContain('STOP');
      expect(await s.campaigns.transition(org.id, c1.id, ['draft'], 'active')).toMatchObject({ status: 'active' });
      expect(await s.campaigns.transition(org.id, c1.id, ['draft'], 'active')).toBeNull();
      expect(await s.campaigns.transition(org.id, c1.id, ['active', 'paused'], 'paused')).toMatchObject({ status: 'paused' });
      expect((await s.campaigns.list(org.id)).map((c) => c.id)).toEqual([c1.id, c2.id]);
      expect((await s.campaigns.list(org.id, ['paused'])).map((c) => c.id)).toEqual([c1.id]);
      expect((await s.campaigns.list(org.id, ['draft', 'active'])).map((c) => c.id)).toEqual([c2.id]);
      await expect(s.campaigns.update(org.id, '0123456789abcdef01234567', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses invalid campaigns and members (model validation) without storing them', async () => {
      const s = get();
      const org = await seedOrg(s);
      await expect(s.campaigns.create(org.id, { orgId: org.id, slug: 'Not A Slug', name: 'x', createdBy: 'm' })).rejects.toThrow();
      await expect(s.campaigns.create(org.id, { orgId: org.id, slug: 'ok', name: '', createdBy: 'm' })).rejects.toThrow();
      expect(await s.campaigns.list(org.id)).toEqual([]);
      await s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Ana', role: 'owner' });
      await expect(s.members.upsert(org.id, { platformUserId: 'U1', displayName: 'x'.repeat(121), role: 'owner' })).rejects.toThrow();
      expect((await s.members.findByPlatformUser(org.id, 'U1'))?.displayName).toBe('Ana');
    });

    it('refuses an invalid patch to a campaign or an org, leaving the record readable and unchanged', async () => {
      const s = get();
      const org = await seedOrg(s);
      const c = await seedCampaign(s, org.id);
      await expect(s.campaigns.update(org.id, c.id, { batchSize: 0 })).rejects.toThrow();
      await expect(s.orgs.update(org.id, { name: '' })).rejects.toThrow();
      expect((await s.campaigns.get(org.id, c.id))?.batchSize).toBe(c.batchSize);
      expect(await s.campaigns.list(org.id)).toHaveLength(1);
      expect((await s.orgs.get(org.id))?.name).toBe(org.name);
    });

    it('increments counters atomically', async () => {
      const s = get();
      const org = await seedOrg(s);
      const c = await seedCampaign(s, org.id);
      await Promise.all(Array.from({ length: 20 }, () => s.campaigns.increment(org.id, c.id, { sent: 1, delivered: 2 })));
      await s.campaigns.increment(org.id, c.id, { optOuts: 1, contacts: 0 });
      const after = await s.campaigns.get(org.id, c.id);
      expect(after?.counters).toMatchObject({ sent: 20, delivered: 40, optOuts: 1, contacts: 0, failed: 0 });
      await expect(s.campaigns.increment(org.id, '0123456789abcdef01234567', { sent: 1 })).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
