/** Store contract: the org-wide suppression list (R1.2, R1.5, R1.6, R1.7) and the audit log (R5.3). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { at, phone, seedOrg } from './fixtures.js';

export function optOutsContract(get: () => Store): void {
  describe('opt-outs', () => {
    it('records idempotently per (org, phone), also under concurrency (R1.2)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const first = await s.optOuts.record(org.id, { orgId: org.id, phone: phone(1), source: 'keyword', rule: 'keyword:STOP', at: at(1) });
      expect(first.created).toBe(true);
      expect(first.optOut).toMatchObject({ orgId: org.id, phone: phone(1), source: 'keyword', rule: 'keyword:STOP', at: at(1) });
      const again = await s.optOuts.record(org.id, { orgId: org.id, phone: phone(1), source: 'admin', at: at(2) });
      expect(again).toEqual({ created: false, optOut: first.optOut });
      const racing = await Promise.all(Array.from({ length: 6 }, () => s.optOuts.record(org.id, { orgId: org.id, phone: phone(2), source: 'phrase', at: at(3) })));
      expect(racing.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racing.map((r) => r.optOut.id)).size).toBe(1);
      expect(await s.optOuts.count(org.id)).toBe(2);
    });

    it('answers isOptedOut, get and filterOptedOut', async () => {
      const s = get();
      const org = await seedOrg(s);
      await s.optOuts.record(org.id, { orgId: org.id, phone: phone(1), source: 'import', at: at(1) });
      await s.optOuts.record(org.id, { orgId: org.id, phone: phone(3), source: 'twilio_21610', at: at(1) });
      expect(await s.optOuts.isOptedOut(org.id, phone(1))).toBe(true);
      expect(await s.optOuts.isOptedOut(org.id, phone(2))).toBe(false);
      expect(await s.optOuts.get(org.id, phone(3))).toMatchObject({ source: 'twilio_21610' });
      expect(await s.optOuts.get(org.id, phone(2))).toBeNull();
      expect(await s.optOuts.filterOptedOut(org.id, [phone(1), phone(2), phone(3)])).toEqual(new Set([phone(1), phone(3)]));
      expect(await s.optOuts.filterOptedOut(org.id, [])).toEqual(new Set());
    });

    it('marks the confirmation sent exactly once (R1.6)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const { optOut } = await s.optOuts.record(org.id, { orgId: org.id, phone: phone(1), source: 'keyword', at: at(1) });
      const racing = await Promise.all(Array.from({ length: 5 }, () => s.optOuts.markConfirmationSent(org.id, optOut.id, at(2))));
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await s.optOuts.markConfirmationSent(org.id, optOut.id, at(3))).toBe(false);
      expect((await s.optOuts.get(org.id, phone(1)))?.confirmationAt).toEqual(at(2));
      expect(await s.optOuts.markConfirmationSent(org.id, '0123456789abcdef01234567', at(3))).toBe(false);
    });

    it('lifts an opt-out (START/UNSTOP, R1.7); a new opt-out is a new record', async () => {
      const s = get();
      const org = await seedOrg(s);
      const { optOut } = await s.optOuts.record(org.id, { orgId: org.id, phone: phone(1), source: 'keyword', at: at(1) });
      await s.optOuts.markConfirmationSent(org.id, optOut.id, at(1));
      expect(await s.optOuts.remove(org.id, phone(1))).toEqual({ ...optOut, confirmationAt: at(1) });
      expect(await s.optOuts.remove(org.id, phone(1))).toBeNull();
      expect(await s.optOuts.isOptedOut(org.id, phone(1))).toBe(false);
      const again = await s.optOuts.record(org.id, { orgId: org.id, phone: phone(1), source: 'keyword', at: at(5) });
      expect(again.created).toBe(true);
      expect(again.optOut.id).not.toBe(optOut.id);
      expect(again.optOut.confirmationAt).toBeUndefined();
    });

    it('lists in id order with keyset paging, and counts', async () => {
      const s = get();
      const org = await seedOrg(s);
      const made = [];
      for (let i = 1; i <= 5; i += 1) made.push((await s.optOuts.record(org.id, { orgId: org.id, phone: phone(i), source: 'import', at: at(i) })).optOut);
      expect((await s.optOuts.list(org.id)).map((o) => o.id)).toEqual(made.map((o) => o.id));
      const page1 = await s.optOuts.list(org.id, { limit: 2 });
      expect(page1.map((o) => o.phone)).toEqual([phone(1), phone(2)]);
      const page2 = await s.optOuts.list(org.id, { limit: 2, after: page1[1]?.id });
      expect(page2.map((o) => o.phone)).toEqual([phone(3), phone(4)]);
      const page3 = await s.optOuts.list(org.id, { limit: 2, after: page2[1]?.id });
      expect(page3.map((o) => o.phone)).toEqual([phone(5)]);
      expect(await s.optOuts.count(org.id)).toBe(5);
    });
  });

  describe('audit', () => {
    it('appends events and lists them newest first, filtered by action or subject', async () => {
      const s = get();
      const org = await seedOrg(s);
      const e1 = await s.audit.append({ orgId: org.id, at: at(1), actor: { type: 'member', id: 'U1', name: 'Ana' }, action: 'message.pressed', subject: { type: 'message', id: 'm-1' }, data: { interactionId: 'I-1' } });
      const e2 = await s.audit.append({ orgId: org.id, at: at(2), actor: { type: 'voter' }, action: 'optout.recorded', subject: { type: 'optout', id: 'o-1' } });
      const e3 = await s.audit.append({ orgId: org.id, at: at(3), actor: { type: 'system' }, action: 'message.pressed', subject: { type: 'message', id: 'm-2' } });
      expect(e1).toMatchObject({ orgId: org.id, at: at(1), data: { interactionId: 'I-1' } });
      expect(e2.data).toEqual({});
      expect((await s.audit.list(org.id)).map((e) => e.id)).toEqual([e3.id, e2.id, e1.id]);
      expect((await s.audit.list(org.id, { action: 'message.pressed' })).map((e) => e.id)).toEqual([e3.id, e1.id]);
      expect((await s.audit.list(org.id, { subjectId: 'o-1' })).map((e) => e.id)).toEqual([e2.id]);
      expect((await s.audit.list(org.id, { limit: 2 })).map((e) => e.id)).toEqual([e3.id, e2.id]);
      expect(await s.audit.list(org.id, { action: 'nothing' })).toEqual([]);
    });
  });
}
