/** Store contract: counters by scope, used by stats so they never scan contacts (issue 5). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { seedOrg } from './fixtures.js';

export function talliesContract(get: () => Store): void {
  describe('tallies', () => {
    it('adds deltas per key and reads a scope back whole ({} when empty)', async () => {
      const s = get();
      const org = await seedOrg(s);
      expect(await s.tallies.get(org.id, 'campaign:c1:survey')).toEqual({});
      await s.tallies.increment(org.id, 'campaign:c1:survey', { 'q1/yes': 1 });
      await s.tallies.increment(org.id, 'campaign:c1:survey', { 'q1/yes': 2, 'q1/no': 1 });
      await s.tallies.increment(org.id, 'campaign:c1:survey', { 'q1/no': -1 });
      expect(await s.tallies.get(org.id, 'campaign:c1:survey')).toEqual({ 'q1/yes': 3, 'q1/no': 0 });
      expect(await s.tallies.get(org.id, 'campaign:c2:survey')).toEqual({});
    });

    it('loses no increment under concurrency', async () => {
      const s = get();
      const org = await seedOrg(s);
      await Promise.all(Array.from({ length: 40 }, (_, i) => s.tallies.increment(org.id, 'campaign:c1:errors', { '30007': 1, [`k${i % 4}`]: 1 })));
      expect(await s.tallies.get(org.id, 'campaign:c1:errors')).toEqual({ '30007': 40, k0: 10, k1: 10, k2: 10, k3: 10 });
    });

    it('is scoped by org', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      const b = await seedOrg(s, 'Org B');
      await s.tallies.increment(a.id, 'campaign:c1:volunteers', { 'm1/initials': 5 });
      expect(await s.tallies.get(b.id, 'campaign:c1:volunteers')).toEqual({});
    });

    it('refuses keys a document store cannot hold', async () => {
      const s = get();
      const org = await seedOrg(s);
      await expect(s.tallies.increment(org.id, 'x', { 'a.b': 1 })).rejects.toMatchObject({ code: 'INVALID_KEY' });
      await expect(s.tallies.increment(org.id, 'x', { $set: 1 })).rejects.toMatchObject({ code: 'INVALID_KEY' });
    });
  });
}
