/** Store contract: outgoing webhooks, their delivery outbox, lane order and lease, the failure run. */
import { describe, expect, it } from 'vitest';
import type { DomainEvent, Store } from '../../../src/core/ports.js';
import { at, CONTRACT_NOW, seedOrg } from './fixtures.js';

const hook = { url: 'https://hooks.example.org/textbank', events: ['survey.answered', 'tag.added'] as DomainEvent['type'][], secretSealed: 'sealed:abc', createdBy: 'member-1' };

const event = (id: string, extra: Partial<DomainEvent> = {}): DomainEvent => ({
  id,
  type: 'tag.added',
  orgId: 'ignored',
  at: CONTRACT_NOW,
  contactId: 'c1',
  data: { tagId: 't1', label: 'Volunteer' },
  ...extra,
});

export function webhooksContract(get: () => Store): void {
  describe('webhooks', () => {
    it('creates, lists, gets and removes webhooks, scoped by org', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      const b = await seedOrg(s, 'Org B');
      const w = await s.webhooks.create(a.id, hook);
      expect(w).toMatchObject({ orgId: a.id, url: hook.url, events: hook.events, secretSealed: 'sealed:abc', enabled: true, failures: 0, createdAt: CONTRACT_NOW });
      expect(await s.webhooks.list(a.id)).toEqual([w]);
      expect(await s.webhooks.list(b.id)).toEqual([]);
      expect(await s.webhooks.get(b.id, w.id)).toBeNull();
      expect(await s.webhooks.get(a.id, 'not-an-id')).toBeNull();
      expect(await s.webhooks.remove(b.id, w.id)).toBe(false);
      expect(await s.webhooks.remove(a.id, w.id)).toBe(true);
      expect(await s.webhooks.remove(a.id, w.id)).toBe(false);
      expect(await s.webhooks.list(a.id)).toEqual([]);
    });

    it('keeps the first failure of a run until a success, and disables exactly once', async () => {
      const s = get();
      const org = await seedOrg(s);
      const w = await s.webhooks.create(org.id, hook);
      const f1 = await s.webhooks.recordFailure(org.id, w.id, at(0), 'http_503');
      const f2 = await s.webhooks.recordFailure(org.id, w.id, at(30), 'timeout');
      expect(f1).toMatchObject({ failures: 1, firstFailureAt: at(0), lastError: 'http_503' });
      expect(f2).toMatchObject({ failures: 2, firstFailureAt: at(0), lastFailureAt: at(30), lastError: 'timeout' });
      await s.webhooks.recordSuccess(org.id, w.id, at(40));
      const after = await s.webhooks.get(org.id, w.id);
      expect(after?.failures).toBe(0);
      expect(after?.firstFailureAt).toBeUndefined();
      expect((await s.webhooks.recordFailure(org.id, w.id, at(50), 'http_500'))?.firstFailureAt).toEqual(at(50));
      const results = await Promise.all(Array.from({ length: 8 }, () => s.webhooks.disable(org.id, w.id, at(60), 'failing')));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.webhooks.get(org.id, w.id)).toMatchObject({ enabled: false, disabledReason: 'failing', disabledAt: at(60) });
      expect(await s.webhooks.setEnabled(org.id, w.id, true, at(70))).toMatchObject({ enabled: true, failures: 0 });
      expect(await s.webhooks.recordFailure('other-org', w.id, at(80), 'x')).toBeNull();
    });

    it('counts concurrent failures without losing one; the run starts once', async () => {
      const s = get();
      const org = await seedOrg(s);
      const w = await s.webhooks.create(org.id, hook);
      await Promise.all(Array.from({ length: 20 }, (_, i) => s.webhooks.recordFailure(org.id, w.id, at(i), 'http_503')));
      const got = await s.webhooks.get(org.id, w.id);
      expect(got?.failures).toBe(20);
      expect(got?.firstFailureAt).toBeInstanceOf(Date);
    });

    it('stores one delivery per (webhook, event) and numbers each lane in order', async () => {
      const s = get();
      const org = await seedOrg(s);
      const w = await s.webhooks.create(org.id, hook);
      const d1 = await s.webhooks.addDelivery(org.id, w.id, 'contact:c1', event('e1', { orgId: org.id }));
      const d2 = await s.webhooks.addDelivery(org.id, w.id, 'contact:c1', event('e2', { orgId: org.id }));
      const other = await s.webhooks.addDelivery(org.id, w.id, 'contact:c2', event('e3', { orgId: org.id, contactId: 'c2' }));
      const again = await s.webhooks.addDelivery(org.id, w.id, 'contact:c1', event('e1', { orgId: org.id }));
      expect(d1.created && d2.created && other.created).toBe(true);
      expect(again).toEqual({ created: false, delivery: d1.delivery });
      expect(d2.delivery.seq).toBeGreaterThan(d1.delivery.seq);
      expect(d1.delivery).toMatchObject({ status: 'pending', attempts: 0, lane: 'contact:c1', eventId: 'e1' });
      expect(d1.delivery.event).toEqual(event('e1', { orgId: org.id }));
      expect((await s.webhooks.getDelivery(org.id, d1.delivery.id))?.event.at).toEqual(CONTRACT_NOW);
      expect(await s.webhooks.getDelivery('other-org', d1.delivery.id)).toBeNull();

      expect((await s.webhooks.nextPending(org.id, w.id, 'contact:c1'))?.eventId).toBe('e1');
      await s.webhooks.recordAttempt(org.id, d1.delivery.id, at(1), 'http_503');
      expect(await s.webhooks.getDelivery(org.id, d1.delivery.id)).toMatchObject({ attempts: 1, lastError: 'http_503' });
      expect(await s.webhooks.markDelivered(org.id, d1.delivery.id, at(2))).toBe(true);
      expect(await s.webhooks.markDelivered(org.id, d1.delivery.id, at(3))).toBe(false);
      expect((await s.webhooks.nextPending(org.id, w.id, 'contact:c1'))?.eventId).toBe('e2');
      expect(await s.webhooks.markDelivered(org.id, d2.delivery.id, at(2))).toBe(true);
      expect(await s.webhooks.nextPending(org.id, w.id, 'contact:c1')).toBeNull();
      expect((await s.webhooks.nextPending(org.id, w.id, 'contact:c2'))?.eventId).toBe('e3');
      expect((await s.webhooks.listPending(at(1), 10)).map((d) => d.eventId)).toEqual(['e3']);
      expect(await s.webhooks.listPending(at(-1), 10)).toEqual([]);
    });

    it('gives each concurrent delivery of a lane its own sequence number, and one delivery per event', async () => {
      const s = get();
      const org = await seedOrg(s);
      const w = await s.webhooks.create(org.id, hook);
      const added = await Promise.all(Array.from({ length: 20 }, (_, i) => s.webhooks.addDelivery(org.id, w.id, 'contact:c1', event(`e${i % 10}`, { orgId: org.id }))));
      const created = added.filter((r) => r.created).map((r) => r.delivery);
      expect(created).toHaveLength(10);
      expect(new Set(created.map((d) => d.seq)).size).toBe(10);
      expect(new Set(added.map((r) => r.delivery.id)).size).toBe(10);
    });

    it('leases a lane to one holder at a time until the lease ends or is given back', async () => {
      const s = get();
      const org = await seedOrg(s);
      const w = await s.webhooks.create(org.id, hook);
      const tries = await Promise.all(['h1', 'h2', 'h3', 'h4'].map((h) => s.webhooks.acquireLane(org.id, w.id, 'contact:c1', h, at(0), at(1))));
      expect(tries.filter(Boolean)).toHaveLength(1);
      const holder = ['h1', 'h2', 'h3', 'h4'][tries.indexOf(true)] as string;
      const other = holder === 'h1' ? 'h2' : 'h1';
      expect(await s.webhooks.acquireLane(org.id, w.id, 'contact:c1', holder, at(0), at(2))).toBe(true);
      expect(await s.webhooks.acquireLane(org.id, w.id, 'contact:c1', other, at(1), at(3))).toBe(false);
      expect(await s.webhooks.acquireLane(org.id, w.id, 'contact:c2', other, at(1), at(3))).toBe(true);
      expect(await s.webhooks.acquireLane(org.id, w.id, 'contact:c1', other, at(2), at(4))).toBe(true);
      await s.webhooks.releaseLane(org.id, w.id, 'contact:c1', holder);
      expect(await s.webhooks.acquireLane(org.id, w.id, 'contact:c1', holder, at(3), at(5))).toBe(false);
      await s.webhooks.releaseLane(org.id, w.id, 'contact:c1', other);
      expect(await s.webhooks.acquireLane(org.id, w.id, 'contact:c1', holder, at(3), at(5))).toBe(true);
      expect(await s.webhooks.acquireLane('other-org', w.id, 'contact:c9', holder, at(3), at(5))).toBe(false);
    });

    it('removing a webhook removes its outbox', async () => {
      const s = get();
      const org = await seedOrg(s);
      const w = await s.webhooks.create(org.id, hook);
      const d = await s.webhooks.addDelivery(org.id, w.id, 'contact:c1', event('e1', { orgId: org.id }));
      await s.webhooks.remove(org.id, w.id);
      expect(await s.webhooks.getDelivery(org.id, d.delivery.id)).toBeNull();
      expect(await s.webhooks.listPending(at(10), 10)).toEqual([]);
    });
  });
}
