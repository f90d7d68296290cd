// Smoke test of the claim and press benchmarks at tiny sizes: they run end to end and their
// double-assignment check (read back from the store) finds none. No timing is asserted.
import { describe, expect, it } from 'vitest';
import { engineClaims } from '../../bench/claims.bench.js';
import { pressAt } from '../../bench/press.bench.js';
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
    const f = await engineClaims({ claimers: 8, contacts: 400, spreadMs: 40, log: quiet });
    expect(f.spread?.spreadMs).toBe(40);
    expect(f.spread?.doubleAssignments).toBe(0);
    expect(f.spread?.p99).toBeGreaterThan(0);
  });

  it('claims: the store floor makes every claimer\'s store calls, and they take real batches', async () => {
    const f = await engineClaims({ claimers: 6, contacts: 400, floor: true, log: quiet });
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
});
