// Claim benchmark: many volunteers press Claim at the same moment on one campaign.
//   - engine: N distinct volunteers call the real ClaimService at once (default batch size) on a
//     campaign of M contacts (insertMany in batches, clock fixed at a weekday 14:00 in the
//     contacts' zone); per-claim latency, claims/s, and double assignments counted from what the
//     store holds afterwards (each claim's stored size against the contacts carrying its id),
//     never from the return values. On the memory store, and on MongoDB when MONGODB_URI is set.
//   - http (on unless `--http off`): N signed Slack block_actions presses of the Claim button, all
//     sent at once to one web process (the app composition of the Slack tests, fake Slack Web
//     API); per press the HTTP answer time (the ack; goal <= 3 s) and the time until its card
//     reaches the fake Slack (response_url or chat.postEphemeral; goal <= 10 s).
//   Also (unless `--serial off`) the same volunteers claiming one at a time on a second campaign:
//   the latency of one claim without 999 others sharing the event loop; and (unless `--spread 0`)
//   the same volunteers arriving evenly over `--spread` ms (default 1000) on a third campaign: a
//   thousand claims a second, each measured from its own press.
//   Unless `--floor off`, the store floor on a fourth campaign: the store calls of every claim,
//   made one after another without the claim service, printed as the burst's ratio to it.
//   Unless `--warmup off` (or 0), warm-up bursts on other campaigns run first (`--warmup N`: N of
//   them, default 3), each one's p50/p99 printed: a server has compiled its claim path long before
//   the busy hour; a fresh process compiles it in its first burst, and V8 keeps optimizing over the
//   next few thousand claims. Every burst (and the floor) starts on a settled heap (settleHeap).
//   npm run bench -- claims [--claimers 1000] [--contacts 100000] [--engine on|off] [--http on|off] [--serial on|off] [--spread 1000] [--warmup on|off|N] [--floor on|off]
import type { Harness } from '../test/core/engine/harness.js';
import type { Store } from '../src/core/ports.js';
import { benchCampaign, benchHarness, loadLine, ms, percentile, timed } from './support/campaign-setup.js';
import { flag, settleHeap } from './support/measure.js';

export const name = 'claims';

export interface ClaimFigures {
  claimers: number;
  contacts: number;
  /** Bursts on other campaigns before the measured one (0: a fresh process). */
  warmup: number;
  /** Each of those bursts' p50 and p99, the first one in a fresh process first. */
  warmups: { p50: number; p99: number }[];
  ok: number;
  failed: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  totalMs: number;
  /** Contacts the store shows as assigned after the run. */
  claimedInStore: number;
  /** Sum over stored claims of (size - contacts carrying its id): > 0 means a contact was handed out twice. */
  doubleAssignments: number;
  /** Contacts whose volunteer is not the volunteer of the claim whose id they carry. */
  wrongVolunteer: number;
  /** Volunteers holding more than one active claim (the campaign allows one). */
  extraClaims: number;
  /** The same volunteers claiming one after another on a second campaign of the same size (no contention). */
  serial?: { p50: number; p99: number; max: number };
  /**
   * The store calls one claim makes (the volunteer, campaign and org reads, the limit check, the
   * window keys, the expiry job, the take of the batch, the claim and audit records, the card),
   * made for every volunteer one after another on a fourth campaign, with no ClaimService around
   * them: the part of the burst that no change to the claim service could remove.
   */
  floor?: { totalMs: number; taken: number };
  /** The same volunteers arriving evenly over `spreadMs` on a third campaign, each timed from its own press. */
  spread?: { spreadMs: number; p50: number; p99: number; max: number; doubleAssignments: number };
}

/** Reads the store after the run: every active claim of every volunteer against the campaign's contacts. */
async function verify(h: Harness, campaignId: string): Promise<Pick<ClaimFigures, 'claimedInStore' | 'doubleAssignments' | 'wrongVolunteer' | 'extraClaims'>> {
  const claims = await h.store.claims.listActive(h.org.id, campaignId);
  const byClaim = new Map<string, { volunteerId: string; size: number; held: number }>();
  const perVolunteer = new Map<string, number>();
  for (const c of claims) {
    byClaim.set(c.id, { volunteerId: c.volunteerId, size: c.size, held: 0 });
    perVolunteer.set(c.volunteerId, (perVolunteer.get(c.volunteerId) ?? 0) + 1);
  }
  let claimedInStore = 0;
  let wrongVolunteer = 0;
  let orphaned = 0;
  for await (const contact of h.store.contacts.streamByCampaign(h.org.id, campaignId)) {
    if (contact.status !== 'assigned') continue;
    claimedInStore += 1;
    const claim = contact.claimId ? byClaim.get(contact.claimId) : undefined;
    if (!claim) {
      orphaned += 1;
      continue;
    }
    claim.held += 1;
    if (contact.volunteerId !== claim.volunteerId) wrongVolunteer += 1;
  }
  let doubleAssignments = 0;
  for (const c of byClaim.values()) doubleAssignments += Math.max(0, c.size - c.held);
  if (orphaned > 0) console.log(`  ${orphaned} assigned contacts carry no active claim's id`);
  const extraClaims = [...perVolunteer.values()].filter((n) => n > 1).length;
  return { claimedInStore, doubleAssignments, wrongVolunteer, extraClaims };
}

/** N volunteers claim at once through the engine; figures read back from the store. */
export async function engineClaims(opts: { claimers: number; contacts: number; store?: Store; serial?: boolean; spreadMs?: number; warmup?: number; floor?: boolean; settleMs?: number; log?: (line: string) => void }): Promise<ClaimFigures> {
  const log = opts.log ?? console.log;
  const h = await timed(`org + ${opts.claimers} volunteers`, () => benchHarness({ volunteers: opts.claimers, ...(opts.store ? { store: opts.store } : {}) }), log);
  // Before each burst (and the floor): the 100K contacts inserted just before leave garbage and a
  // collector still sweeping; a server's claims do not arrive a second after an import of 100K.
  const settle = (): Promise<void> => settleHeap(opts.settleMs ?? 500);
  const burst = async (campaignId: string): Promise<{ latencies: number[]; ok: number; failed: Record<string, number>; totalMs: number }> => {
    const latencies: number[] = [];
    const failed: Record<string, number> = {};
    let ok = 0;
    const t0 = performance.now();
    await Promise.all(
      h.volunteers.map(async (v) => {
        const started = performance.now();
        const r = await h.engine.claims.claim(h.org.id, campaignId, v.id);
        latencies.push(performance.now() - started);
        if (r.ok) ok += 1;
        else failed[r.reason] = (failed[r.reason] ?? 0) + 1;
      }),
    );
    const totalMs = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    return { latencies, ok, failed, totalMs };
  };
  try {
    const campaign = await timed(`${opts.contacts.toLocaleString('en-US')} contacts (insertMany) + start`, () => benchCampaign(h, 'claims', opts.contacts), log);
    const warmups: ClaimFigures['warmups'] = [];
    for (let w = 1; w <= (opts.warmup ?? 0); w += 1) {
      // A running server has compiled its claim path long before election eve; a fresh process
      // compiles it during the first burst. Bursts on other campaigns first, each one printed.
      const warm = await timed(`warm-up campaign ${w}`, () => benchCampaign(h, `claims-warm-up-${w}`, opts.contacts), log);
      await settle();
      const b = await timed(`warm-up ${w}: ${opts.claimers} claims at once on it`, () => burst(warm.id), log);
      warmups.push({ p50: percentile(b.latencies, 50), p99: percentile(b.latencies, 99) });
    }
    await settle();
    const { latencies, ok, failed, totalMs } = await burst(campaign.id);
    const checked = await verify(h, campaign.id);
    let serial: ClaimFigures['serial'];
    if (opts.serial) {
      const other = await timed('second campaign for the one-at-a-time pass', () => benchCampaign(h, 'claims-serial', opts.contacts), log);
      const one: number[] = [];
      for (const v of h.volunteers) {
        const started = performance.now();
        await h.engine.claims.claim(h.org.id, other.id, v.id);
        one.push(performance.now() - started);
      }
      one.sort((a, b) => a - b);
      serial = { p50: percentile(one, 50), p99: percentile(one, 99), max: one.at(-1) ?? 0 };
    }
    let spread: ClaimFigures['spread'];
    if (opts.spreadMs && opts.spreadMs > 0) {
      const spreadMs = opts.spreadMs;
      const third = await timed(`third campaign for arrivals over ${spreadMs} ms`, () => benchCampaign(h, 'claims-spread', opts.contacts), log);
      const each: number[] = [];
      const gap = spreadMs / h.volunteers.length;
      await Promise.all(
        h.volunteers.map(
          (v, i) =>
            new Promise<void>((resolve, reject) => {
              setTimeout(() => {
                const started = performance.now();
                h.engine.claims.claim(h.org.id, third.id, v.id).then(() => {
                  each.push(performance.now() - started);
                  resolve();
                }, reject);
              }, i * gap);
            }),
        ),
      );
      each.sort((a, b) => a - b);
      const spreadCheck = await verify(h, third.id);
      spread = { spreadMs, p50: percentile(each, 50), p99: percentile(each, 99), max: each.at(-1) ?? 0, doubleAssignments: spreadCheck.doubleAssignments };
    }
    let floor: ClaimFigures['floor'];
    if (opts.floor) {
      const fourth = await timed('fourth campaign for the store floor', () => benchCampaign(h, 'claims-floor', opts.contacts), log);
      await settle();
      floor = await storeFloor(h, fourth.id);
    }
    return { claimers: opts.claimers, contacts: opts.contacts, warmup: opts.warmup ?? 0, warmups, ok, failed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0, totalMs, ...checked, ...(serial ? { serial } : {}), ...(spread ? { spread } : {}), ...(floor ? { floor } : {}) };
  } finally {
    await h.queue.close();
    if (!opts.store) await h.store.close(); // a given store is its opener's to close
  }
}

/** Every volunteer's claim-time store calls, one volunteer after another: total ms, contacts taken. */
async function storeFloor(h: Harness, campaignId: string): Promise<{ totalMs: number; taken: number }> {
  const { store, org, queue } = h;
  const now = h.clock.now();
  const started = performance.now();
  let taken = 0;
  for (const v of h.volunteers) {
    await store.members.get(org.id, v.id);
    const campaign = await store.campaigns.get(org.id, campaignId);
    await store.orgs.get(org.id);
    await store.claims.listActive(org.id, campaignId, v.id);
    const windowKeys = await store.contacts.pendingWindowKeys(org.id, campaignId);
    const claimId = store.claims.newId();
    await queue.enqueue('claim.expire', { orgId: org.id, claimId, n: 1 }, { delayMs: 7_200_000, jobId: `claim.expire:${claimId}:1` });
    const got = await store.contacts.claimPending({ orgId: org.id, campaignId, claimId, volunteerId: v.id, limit: campaign?.batchSize ?? 50, windowKeys, now });
    taken += got.length;
    const claim = await store.claims.create(org.id, { id: claimId, campaignId, volunteerId: v.id, now, size: got.length });
    await store.claims.listActive(org.id, campaignId, v.id);
    await store.audit.append({ orgId: org.id, at: now, actor: { type: 'member', id: v.id, name: v.displayName }, action: 'claim.created', subject: { type: 'claim', id: claim.id }, data: { campaignId, volunteerId: v.id, size: got.length } });
    await Promise.all([store.contacts.nextAssigned(org.id, claim.id), store.contacts.countAssigned(org.id, claim.id)]);
  }
  return { totalMs: performance.now() - started, taken };
}

function printEngine(label: string, f: ClaimFigures): void {
  const failures = Object.entries(f.failed).map(([k, n]) => `${n} ${k}`).join(', ');
  console.log(`  ${label}: ${f.claimers} concurrent claimers, ${f.contacts.toLocaleString('en-US')} contacts${f.warmup > 0 ? ` (after ${f.warmup === 1 ? 'one warm-up burst on another campaign' : `${f.warmup} warm-up bursts on other campaigns`})` : ' (first burst in the process)'}`);
  if (f.warmups.length > 0) console.log(`    warm-up bursts, the first in a fresh process first: ${f.warmups.map((w, i) => `#${i + 1} p50 ${ms(w.p50)} / p99 ${ms(w.p99)}`).join('; ')}`);
  console.log(`    latency p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)}; total ${ms(f.totalMs)}; ${(f.ok / (f.totalMs / 1000)).toFixed(0)} claims/s`);
  console.log(`    claims ok ${f.ok}${failures ? ` (failed: ${failures})` : ''}; contacts claimed (store) ${f.claimedInStore.toLocaleString('en-US')}`);
  console.log(`    double assignments (store) ${f.doubleAssignments} (goal 0); contacts with another volunteer than their claim's ${f.wrongVolunteer}; volunteers with >1 active claim ${f.extraClaims}`);
  console.log(`    p99 ${f.p99 <= 50 ? 'within' : 'ABOVE'} the 50 ms goal (${(f.p99 / 50).toFixed(2)}x of it); total / claims = ${ms(f.totalMs / f.claimers)} per claim (one event loop: the last of N simultaneous claims waits for the other N-1)`);
  if (f.floor) console.log(`    store floor: the same store calls for ${f.claimers} claims, one after another with no claim service (${f.floor.taken.toLocaleString('en-US')} contacts taken): ${ms(f.floor.totalMs)} (${ms(f.floor.totalMs / f.claimers)} per claim); the burst took ${(f.totalMs / f.floor.totalMs).toFixed(2)}x the floor, and the floor alone is ${(f.floor.totalMs / 50).toFixed(2)}x the 50 ms goal`);
  if (f.spread) console.log(`    arriving evenly over ${ms(f.spread.spreadMs)} (${((f.claimers / f.spread.spreadMs) * 1000).toFixed(0)} claims/s offered): p50 ${ms(f.spread.p50)}, p99 ${ms(f.spread.p99)}, max ${ms(f.spread.max)}; p99 ${f.spread.p99 <= 50 ? 'within' : 'ABOVE'} 50 ms; double assignments ${f.spread.doubleAssignments}`);
  if (f.serial) console.log(`    one at a time (same volunteers, second campaign of the same size): p50 ${ms(f.serial.p50)}, p99 ${ms(f.serial.p99)}, max ${ms(f.serial.max)}; p99 ${f.serial.p99 <= 50 ? 'within' : 'ABOVE'} 50 ms`);
}

/** `--warmup`: a count of bursts (3 by default, as `on`), or off (0). */
function warmupBursts(value: string | undefined): number {
  if (value === undefined || value === 'on') return 3;
  if (value === 'off') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--warmup takes on, off or a whole number of bursts, not ${value}`);
  return n;
}

export async function run(args: string[]): Promise<void> {
  const claimers = Number(flag(args, 'claimers') ?? 1000);
  const contacts = Number(flag(args, 'contacts') ?? 100_000);
  const http = (flag(args, 'http') ?? 'on') !== 'off';
  console.log(`\nclaims: ${claimers} concurrent claimers, ${contacts.toLocaleString('en-US')} contacts; ${await loadLine()}`);
  const serial = (flag(args, 'serial') ?? 'on') !== 'off';
  const spreadMs = Number(flag(args, 'spread') ?? 1000);
  const warmup = warmupBursts(flag(args, 'warmup'));
  const floor = (flag(args, 'floor') ?? 'on') !== 'off';
  if ((flag(args, 'engine') ?? 'on') !== 'off') await enginePart(claimers, contacts, serial, spreadMs, warmup, floor);
  else console.log('  engine: skipped (--engine off)');
  if (!http) return console.log('  http: skipped (--http off)');
  const { httpClaims, printHttp } = await import('./support/slack-claims.js');
  printHttp(await httpClaims({ claimers, contacts }));
  console.log(`  after: ${await loadLine()}`);
}

async function enginePart(claimers: number, contacts: number, serial: boolean, spreadMs: number, warmup: number, floor: boolean): Promise<void> {
  printEngine('engine, memory store', await engineClaims({ claimers, contacts, serial, spreadMs, warmup, floor }));
  if (process.env.MONGODB_URI) {
    const { openMongoStore } = await import('./support/mongo.js'); // mongoose only where it is measured
    const mongo = await openMongoStore();
    if ('skip' in mongo) console.log(`  engine, MongoDB: skipped (${mongo.skip})`);
    else {
      try {
        printEngine('engine, MongoDB store', await engineClaims({ claimers, contacts, serial, spreadMs, warmup, floor, store: mongo.store }));
      } finally {
        await mongo.close().catch(() => undefined);
      }
    }
  } else console.log('  engine, MongoDB: skipped (MONGODB_URI is not set)');
}
