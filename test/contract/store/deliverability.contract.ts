/** Store contract: rolling windows of carrier outcomes (deliverability guardrails). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import type { DeliverabilityOutcome } from '../../../src/core/deliverability/outcome.js';
import { seedOrg } from './fixtures.js';

export function deliverabilityContract(get: () => Store): void {
  describe('deliverability windows', () => {
    it('records outcomes, keeps only the newest `max`, and counts them', async () => {
      const s = get();
      const org = await seedOrg(s);
      expect(await s.deliverability.get(org.id, 'campaign:c1')).toEqual({ size: 0, ok: 0, carrierViolation: 0, unreachable: 0, other: 0, warned: false, paused: false });
      const seq: DeliverabilityOutcome[] = ['carrier_violation', 'unreachable', 'other', 'ok', 'ok', 'ok'];
      let last;
      for (const o of seq) last = await s.deliverability.record(org.id, 'campaign:c1', o, 4);
      // The first two fell out of the window of 4.
      expect(last).toEqual({ size: 4, ok: 3, carrierViolation: 0, unreachable: 0, other: 1, warned: false, paused: false });
      expect(await s.deliverability.get(org.id, 'campaign:c1')).toEqual(last);
    });

    it('100 concurrent records into a window of 200 already full keep exactly the newest 200 with the right counts', async () => {
      const s = get();
      const org = await seedOrg(s);
      for (let i = 0; i < 200; i += 1) await s.deliverability.record(org.id, 'sender:+12025550199', 'ok', 200);
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => s.deliverability.record(org.id, 'sender:+12025550199', i % 2 === 0 ? 'carrier_violation' : 'unreachable', 200)));
      for (const r of results) expect(r.size).toBe(200);
      expect(await s.deliverability.get(org.id, 'sender:+12025550199')).toMatchObject({ size: 200, ok: 100, carrierViolation: 50, unreachable: 50, other: 0 });
    });

    it('100 concurrent first records into an empty window lose none', async () => {
      const s = get();
      const org = await seedOrg(s);
      await Promise.all(Array.from({ length: 100 }, () => s.deliverability.record(org.id, 'campaign:new', 'carrier_violation', 200)));
      expect(await s.deliverability.get(org.id, 'campaign:new')).toMatchObject({ size: 100, carrierViolation: 100 });
    });

    it('fire is true exactly once per flag among concurrent callers; rearm lets it fire again; reset empties the window and its flags', async () => {
      const s = get();
      const org = await seedOrg(s);
      const fired = await Promise.all(Array.from({ length: 10 }, () => s.deliverability.fire(org.id, 'campaign:c1', 'warned')));
      expect(fired.filter(Boolean)).toHaveLength(1);
      expect(await s.deliverability.fire(org.id, 'campaign:c1', 'paused')).toBe(true);
      expect(await s.deliverability.fire(org.id, 'campaign:c1', 'paused')).toBe(false);
      await s.deliverability.record(org.id, 'campaign:c1', 'ok', 200);
      expect(await s.deliverability.get(org.id, 'campaign:c1')).toMatchObject({ size: 1, warned: true, paused: true });
      await s.deliverability.rearm(org.id, 'campaign:c1', 'warned');
      expect(await s.deliverability.get(org.id, 'campaign:c1')).toMatchObject({ size: 1, warned: false, paused: true });
      expect(await s.deliverability.fire(org.id, 'campaign:c1', 'warned')).toBe(true);
      await s.deliverability.reset(org.id, 'campaign:c1');
      expect(await s.deliverability.get(org.id, 'campaign:c1')).toMatchObject({ size: 0, warned: false, paused: false });
      expect(await s.deliverability.fire(org.id, 'campaign:c1', 'paused')).toBe(true);
    });

    it('is scoped by org and by key', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      const b = await seedOrg(s, 'Org B');
      await s.deliverability.record(a.id, 'campaign:c1', 'carrier_violation', 200);
      await s.deliverability.fire(a.id, 'campaign:c1', 'warned');
      expect(await s.deliverability.get(b.id, 'campaign:c1')).toMatchObject({ size: 0, warned: false });
      expect(await s.deliverability.get(a.id, 'campaign:c2')).toMatchObject({ size: 0, warned: false });
    });
  });
}
