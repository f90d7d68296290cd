// Smoke test of the claim and press benchmarks at tiny sizes: they run end to end and their
// double-assignment check (read back from the store) finds none. No timing is asserted.
import { describe, expect, it, vi } from 'vitest';
import { engineClaims } from '../../bench/claims.bench.js';
import { pressAt, printPress, type PressFigures } from '../../bench/press.bench.js';
import { httpClaims } from '../../bench/support/slack-claims.js';
import { testMongoUri } from '../support/with-mongo.js';

const quiet = (): void => undefined;

describe('benchmarks at tiny sizes', () => {
  it('claims: 20 simultaneous claimers on 200 contacts take 200 distinct contacts, none twice', async () => {
    const f = await engineClaims({ claimers: 20, contacts: 200, settleMs: 0, log: quiet });
    // Default batch size 50: at least four claims take everything, the rest find nothing pending.
    // (The memory store hands out whole batches in arrival order: exactly four. On MongoDB each
    // contact moves by its own conditional write, so simultaneous claims may split the 200.)
    expect(f.ok).toBeGreaterThanOrEqual(4);
    if (!testMongoUri()) expect(f.ok).toBe(4);
    expect(f.failed).toEqual(f.ok === 20 ? {} : { 'engine:claim.all_in_batches': 20 - f.ok });
    expect(f.claimedInStore).toBe(200);
    expect(f.doubleAssignments).toBe(0);
    expect(f.wrongVolunteer).toBe(0);
    expect(f.extraClaims).toBe(0);
  });

  it('claims arriving over a spread: each claimer gets its batch, none twice', async () => {
    const f = await engineClaims({ claimers: 8, contacts: 400, spreadMs: 40, settleMs: 0, log: quiet });
    expect(f.spread?.spreadMs).toBe(40);
    expect(f.spread?.doubleAssignments).toBe(0);
    expect(f.spread?.p99).toBeGreaterThan(0);
  });

  it('claims: the store floor makes every claimer\'s store calls, and they take real batches', async () => {
    const f = await engineClaims({ claimers: 6, contacts: 400, floor: true, settleMs: 0, log: quiet });
    // A floor that took nothing would time empty calls: 6 batches of 50 from 400 contacts.
    expect(f.floor?.taken).toBe(300);
    expect(f.floor?.totalMs).toBeGreaterThan(0);
  });

  it('claims over HTTP: every signed Claim press is answered 200 and gets its card', async () => {
    const f = await httpClaims({ claimers: 5, contacts: 300, waitMs: 10_000, log: quiet });
    expect(f.statuses).toEqual({ 200: 5 });
    expect(f.missing).toBe(0);
    expect(f.claimedInStore).toBe(250);
  });

  it('press: presses across a batch boundary, with contacts in other campaigns and store timings', async () => {
    const f = await pressAt({ size: 120, others: 60, presses: 60, warmup: 10, storeTiming: true });
    expect(f.presses).toBe(60);
    expect(f.storeCalls?.['messages.create']?.calls).toBe(60);
    expect(Object.keys(f.phases)).toEqual(['campaign', 'other campaigns', 'settle', 'warm-up presses', 'measured presses']);
  });

  it('press: the ratio compares the rounds pooled, not the median of each round\'s p99', () => {
    // 100 presses a round: a round's p99 is its 99th press. The small size's rounds hold 2, 1 and 1
    // stalled presses (5 ms): their own p99s are 5, 0.1 and 0.1 ms (median 0.1), but pooled, 4 of
    // 300 presses stall and the pooled p99 (the 297th) is a stalled one.
    const round = (size: number, stalled: number): PressFigures => {
      const latencies = [...Array.from({ length: 100 - stalled }, () => 0.1), ...Array.from({ length: stalled }, () => 5)];
      return { size, others: 0, presses: 100, p50: 0.1, p99: latencies[98] as number, max: 5, latencies, phases: {}, gc: { count: 0, totalMs: 0, maxMs: 0, heapMb: 0 } };
    };
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      printPress([[round(1000, 2), round(1000, 1), round(1000, 1)], [round(1_000_000, 2), round(1_000_000, 2), round(1_000_000, 2)]]);
    } finally {
      log.mockRestore();
    }
    expect(lines.filter((l) => l.includes('pooled over 3 rounds (300 presses)'))).toEqual([
      '    pooled over 3 rounds (300 presses): p50 0.10 ms, p99 5.00 ms; the rounds\' own p99 ranged 0.10 ms to 5.00 ms',
      '    pooled over 3 rounds (300 presses): p50 0.10 ms, p99 5.00 ms; the rounds\' own p99 ranged 5.00 ms to 5.00 ms',
    ]);
    expect(lines.at(-1)).toBe('  ratio 1,000,000/1,000 (pooled rounds): p99 1.00x, p50 1.00x (goal <= 1.2: met)');
  });
});
