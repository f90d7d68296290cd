// Simulated carrier filtering (the sandbox's "Simulate carrier filtering" control): the next N
// accepted texts are reported sent, then undelivered with 30007, through the normal status
// callbacks; phones with a script of their own keep it; 0 turns it off.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulatedCarrier, type StatusCallback } from '../../../src/adapters/simulated-sms/index.js';
import { demoExtraCsvPath, sampleCsvPath, sampleVoterNames } from '../../../src/adapters/web/assets.js';
import { simulatedLineType } from '../../../src/adapters/lookup/simulated-lookup.js';
import { normalizePhone } from '../../../src/core/contacts/phone.js';

const clock = { now: () => new Date('2026-05-01T15:00:00Z') };
const send = (carrier: ReturnType<typeof createSimulatedCarrier>, to: string, n: number) =>
  carrier.send({ to, body: 'Hi, this is Sam with Vote Forward. Reply STOP to opt out.', from: '+12025550100', idempotencyKey: `k${n}` });

describe('simulated carrier filtering', () => {
  it('fails the next N texts with 30007 through the status callbacks, then delivers again', async () => {
    const statuses: StatusCallback[] = [];
    const carrier = createSimulatedCarrier({ clock, onStatus: (cb) => void statuses.push(cb) });
    expect(carrier.filtering()).toBe(0);
    carrier.filterNext(2);
    expect(carrier.filtering()).toBe(2);
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await send(carrier, `+1202555011${i}`, i)).providerId);
    await carrier.flush();
    expect(carrier.filtering()).toBe(0);
    const last = (id: string) => statuses.filter((s) => s.providerId === id).map((s) => `${s.status}${s.errorCode ? `:${s.errorCode}` : ''}`);
    expect(last(ids[0]!)).toEqual(['sent', 'undelivered:30007']);
    expect(last(ids[1]!)).toEqual(['sent', 'undelivered:30007']);
    expect(last(ids[2]!)).toEqual(['sent', 'delivered']);
    expect(await carrier.fetchStatus(ids[0]!)).toMatchObject({ status: 'undelivered', errorCode: '30007' });
  });

  it('a scripted phone keeps its script and uses up none of the filtered texts; 0 turns filtering off', async () => {
    const statuses: StatusCallback[] = [];
    const carrier = createSimulatedCarrier({ clock, onStatus: (cb) => void statuses.push(cb) });
    carrier.script('+12025550111', { status: 'failed', errorCode: '30003' });
    carrier.filterNext(1);
    await send(carrier, '+12025550111', 1);
    expect(carrier.filtering()).toBe(1);
    carrier.filterNext(0);
    await send(carrier, '+12025550112', 2);
    await carrier.flush();
    expect(statuses.map((s) => `${s.status}${s.errorCode ? `:${s.errorCode}` : ''}`)).toEqual(['failed:30003', 'sent', 'delivered']);
  });
});

describe('the demo\'s further voters', () => {
  it('20 fictional mobile voters on 555-01xx phones, none already in the sample list, some in Spanish; the phones panel names them', () => {
    const rowsOf = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1);
    const extra = rowsOf(demoExtraCsvPath());
    expect(extra).toHaveLength(20);
    const phoneOf = (row: string) => {
      const r = normalizePhone(row.split(',')[2] ?? '', 'US');
      if (!r.ok) throw new Error(`bad phone in ${row}`);
      return r.e164;
    };
    const sample = new Set(rowsOf(sampleCsvPath()).map(phoneOf));
    const phones = extra.map(phoneOf);
    expect(new Set(phones).size).toBe(20);
    for (const p of phones) {
      expect(p).toMatch(/^\+1\d{3}5550(1\d\d)$/);
      expect(sample.has(p)).toBe(false);
      // Mobile in the simulated lookup, so a lookup never drops one below the guardrail's minimum.
      expect(simulatedLineType(p)).toMatchObject({ ok: true, lineType: 'mobile' });
    }
    expect(extra.filter((r) => r.split(',')[4] === 'es').length).toBeGreaterThanOrEqual(8);
    const names = sampleVoterNames();
    expect(names.size).toBe(sample.size + 20);
    expect(names.get(phones[0]!)).toBe('Ana Torres');
  });
});
