// Soak benchmark: one process (the single-process install: memory store, in-process queue unless
// `--queue bullmq`, the simulated carrier) sending at a steady rate for minutes, with status
// callbacks for every text and voter replies to a share of them (through the carrier's inbound
// path, like the sandbox). Every `--sample-seconds` it samples RSS, heap and event-loop lag
// (perf_hooks.monitorEventLoopDelay) and prints them as a table; at the end it prints RSS growth
// after the first minute (goal < 10%) and the event-loop lag p99 (goal < 50 ms), each with
// whether the goal was met.
//   npm run bench -- soak [--minutes 5] [--rate 100] [--replies 0.2] [--queue in-process|bullmq] [--store process|memory]
// By default (`--store process`) the memory store runs in a process of its own, reached over
// loopback, as MongoDB is in production: the measured process then holds the app and not the
// database, so its RSS growth is the app's own (a leak shows; stored texts do not). With
// `--store memory` it is the single-process install, whose store keeps every text it is given:
// part of the RSS growth is then data, and the heap column shows how much.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { withRedis } from '../test/support/with-redis.js';
import { ORG_NUMBER, createOrg, memoryStore, movableClock, silentQueueLogger, type Seeded } from '../test/integration/twilio-bullmq-stack.js';
import { contactAt, SCRIPTS } from '../test/core/engine/harness.js';
import { normalizePhone } from '../src/core/contacts/phone.js';
import { isFloridaContact } from '../src/core/compliance/florida.js';
import type { Member } from '../src/core/model/index.js';
import { createBullmqQueue } from '../src/adapters/queue/bullmq-queue.js';
import { createInProcessQueue } from '../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../src/adapters/simulated-sms/index.js';
import { createEngine, type Engine } from '../src/core/engine.js';
import type { JobQueue, Store } from '../src/core/ports.js';
import { flag } from './support/measure.js';
import { storeProcess } from './support/store-process.js';

export const name = 'soak';

export interface SoakOptions {
  minutes: number;
  /** Presses (texts) per second. */
  rate: number;
  /** Share of texts a voter replies to (0..1). */
  replies: number;
  queue: 'in-process' | 'bullmq';
  /** Where the memory store lives: its own process (like MongoDB), or inside the measured one. */
  store: 'process' | 'memory';
  sampleSeconds: number;
  /** Where the table and verdicts go (default console.log). */
  log?: (line: string) => void;
}

export interface SoakSample {
  atSeconds: number;
  rssMb: number;
  heapMb: number;
  /** Memory V8 tracks outside its heap (Buffers, ArrayBuffers). */
  externalMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  sent: number;
  delivered: number;
  replies: number;
  /** Jobs waiting for their time in this process (the reply nudge and release timers); null with BullMQ, where they wait in Redis. */
  delayedJobs: number | null;
}

export interface SoakResult {
  samples: SoakSample[];
  /** RSS growth from the first sample at or after one minute to the last sample, in %; null when the run is too short. */
  rssGrowthPct: number | null;
  lagP99Ms: number;
  sent: number;
  delivered: number;
  replies: number;
  errors: number;
}

const MB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function parseOptions(args: string[]): SoakOptions {
  const num = (n: string, dflt: number, ok: (v: number) => boolean): number => {
    const raw = flag(args, n);
    if (raw === undefined) return dflt;
    const v = Number(raw);
    if (!ok(v)) throw new Error(`soak: --${n} ${raw} is not valid`);
    return v;
  };
  const queue = flag(args, 'queue') ?? 'in-process';
  if (queue !== 'in-process' && queue !== 'bullmq') throw new Error(`soak: --queue must be in-process or bullmq, not ${queue}`);
  const store = flag(args, 'store') ?? 'process';
  if (store !== 'process' && store !== 'memory') throw new Error(`soak: --store must be process or memory, not ${store}`);
  return {
    store,
    minutes: num('minutes', 5, (v) => v > 0),
    rate: num('rate', 100, (v) => v > 0),
    replies: num('replies', 0.2, (v) => v >= 0 && v <= 1),
    queue,
    sampleSeconds: num('sample-seconds', 10, (v) => v > 0),
  };
}

const pad = (cells: string[], widths: number[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ');

function printSamples(log: (l: string) => void, title: string, samples: SoakSample[]): void {
  const header = ['t s', 'RSS MB', 'heap MB', 'ext MB', 'lag p99 ms', 'lag max ms', 'sent', 'delivered', 'replies', 'delayed jobs'];
  const rows = samples.map((s) => [s.atSeconds.toFixed(0), s.rssMb.toFixed(1), s.heapMb.toFixed(1), s.externalMb.toFixed(1), s.lagP99Ms.toFixed(1), s.lagMaxMs.toFixed(1), String(s.sent), String(s.delivered), String(s.replies), s.delayedJobs === null ? 'in Redis' : String(s.delayedJobs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  log(`\n${title}`);
  log(pad(header, widths));
  log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) log(pad(r, widths));
}

async function openQueue(kind: SoakOptions['queue']): Promise<{ queue: JobQueue; delayed(): number | null; close(): Promise<void> } | { skip: string }> {
  if (kind === 'in-process') {
    const queue = createInProcessQueue({ logger: silentQueueLogger });
    return { queue, delayed: () => queue.stats().delayed, close: () => queue.close() };
  }
  const redis = await withRedis();
  if ('skip' in redis) return { skip: redis.skip };
  const queue = createBullmqQueue({ url: redis.url, prefix: `bench-soak-${Date.now()}`, logger: silentQueueLogger });
  return { queue, delayed: () => null, close: async () => { await queue.close(); await redis.stop(); } };
}

/**
 * Distinct voters for a long run: the fictional 555-0100..0199 block (R5.2d) of every US area
 * code the phone rules accept, except the Pacific territories (whose morning is still before
 * the texting window at the soak's clock) and Florida (whose first texts need the R3.3
 * disclaimer, which the shared test scripts do not carry).
 */
function reachesFlorida(phone: string): boolean {
  const c = contactAt(phone);
  return isFloridaContact({ phone: c.phone, windowKey: c.windowKey ?? '' });
}

function soakPhones(n: number): string[] {
  const phones: string[] = [];
  for (let area = 201; area <= 989 && phones.length < n; area += 1) {
    if (area === 670 || area === 671 || !normalizePhone(`+1${area}5550100`).ok || reachesFlorida(`+1${area}5550100`)) continue;
    for (let i = 0; i < 100 && phones.length < n; i += 1) phones.push(`+1${area}55501${String(i).padStart(2, '0')}`);
  }
  if (phones.length < n) throw new Error(`soak: only ${phones.length} fictional voter phones; lower --minutes or --rate`);
  return phones;
}

async function seedSoakCampaign(engine: Engine, store: Store, n: number, volunteers: number): Promise<Seeded> {
  const org = await createOrg(store);
  const organizer = await store.members.upsert(org.id, { platformUserId: 'U-org', displayName: 'Olivia Organizer', role: 'organizer' });
  const vols: Member[] = [];
  for (let i = 0; i < volunteers; i += 1) vols.push(await store.members.upsert(org.id, { platformUserId: `U-vol${i}`, displayName: `Vol${i}`, role: 'volunteer' }));
  const created = await engine.campaigns.create(org.id, { slug: 'soak', name: 'Soak', scripts: SCRIPTS, batchSize: Math.ceil(n / volunteers) }, organizer.id);
  if (!created.ok) throw new Error(`soak: create failed: ${created.reason}`);
  await store.contacts.insertMany(org.id, created.campaign.id, soakPhones(n).map((phone, i) => contactAt(phone, { firstName: `Voter${i}` })));
  const started = await engine.campaigns.start(org.id, created.campaign.id, organizer.id);
  if (!started.ok) throw new Error(`soak: start failed: ${started.reason} ${JSON.stringify(started).slice(0, 400)}`);
  return { org, campaign: started.campaign, volunteers: vols };
}

/** Runs the soak and returns its figures (also printed through `log`). */
export async function soak(opts: SoakOptions): Promise<SoakResult | { skip: string }> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const opened = await openQueue(opts.queue);
  if ('skip' in opened) return opened;
  const { queue } = opened;
  const durationMs = opts.minutes * 60_000;
  const total = Math.ceil(opts.rate * (durationMs / 1000));
  // A fixed Tuesday 5 pm in New York (2 pm in California, noon in Hawaii): every voter's
  // texting window stays open however long the run.
  const soakAt = new Date('2026-11-17T22:00:00Z');
  const clock = movableClock(soakAt);
  const db = opts.store === 'process' ? await storeProcess(soakAt) : undefined;
  const store = db?.store ?? memoryStore(clock);
  const ref: { engine?: Engine } = {};
  let errors = 0;
  let firstError: string | undefined;
  let delivered = 0;
  let replies = 0;
  /** providerId -> voter phone, until the text's delivered callback (bounded by texts in flight). */
  const sentTo = new Map<string, string>();
  const counted = (p: Promise<unknown>): void => void p.catch(() => void (errors += 1));
  const carrier = createSimulatedCarrier({
    clock,
    // The carrier stands in for Twilio, whose records are not the app's memory: it keeps the
    // last thousand of each kind (its defaults, 10,000 records and 50,000 statuses for the
    // sandbox phone, filled up over the first minutes and read as the app's growth).
    keepRecords: 1_000,
    keepStatuses: 5_000,
    statusDelayMs: 50,
    rng: Math.random,
    onStatus: async (cb) => {
      await ref.engine?.dispatch.applyStatus(cb);
      if (cb.status !== 'delivered') return;
      delivered += 1;
      // A share of voters answer once their text arrives.
      if (Math.random() < opts.replies) {
        const sent = sentTo.get(cb.providerId);
        sentTo.delete(cb.providerId);
        if (sent) counted(carrier.injectReply({ from: sent, to: ORG_NUMBER, body: 'Yes, count me in' }).then(() => void (replies += 1)));
      } else sentTo.delete(cb.providerId);
    },
    onInbound: async (m) => void (await ref.engine?.inbound.receive(m)),
    onError: () => void (errors += 1),
  });
  const sms = {
    ...carrier,
    send: async (req: Parameters<typeof carrier.send>[0]) => {
      const r = await carrier.send(req);
      sentTo.set(r.providerId, req.to);
      return r;
    },
  };
  const engine = createEngine({ store, queue, sms, clock, config: { retryBackoffMs: 50 }, sendConcurrency: 8 });
  ref.engine = engine;
  // The chat layer (another part of the process) takes chat.notify; here it only acknowledges.
  queue.process('chat.notify', async () => undefined, { concurrency: 4 });

  // Claims hold at most 500 voters (the campaign's largest batch): one volunteer per 500 texts.
  const volunteers = Math.max(10, Math.ceil(total / 500));
  const seeded = await seedSoakCampaign(engine, store, total, volunteers);
  const { org, campaign } = seeded;
  const lanes = await Promise.all(seeded.volunteers.map(async (v) => {
    const claim = await engine.claims.claim(org.id, campaign.id, v.id);
    if (!claim.ok) throw new Error(`soak: claim failed: ${claim.reason}`);
    return { volunteer: v, claimId: claim.claim.id, next: claim.next, chain: Promise.resolve() };
  }));
  let sent = 0;
  let seq = 0;
  const press = (lane: (typeof lanes)[number]): void => {
    lane.chain = lane.chain.then(async () => {
      if (!lane.next) return;
      const r = await engine.send.sendInitial({ orgId: org.id, claimId: lane.claimId, contactId: lane.next.id, pressedBy: lane.volunteer.id, interactionId: `soak-${++seq}`, platform: 'sandbox', channelId: 'C1', signatureVerified: true });
      if (!r.ok) throw new Error(`soak: send refused: ${r.reason}`);
      sent += 1;
      lane.next = r.next;
    }).catch((err: unknown) => {
      errors += 1;
      firstError ??= err instanceof Error ? err.message : String(err);
    });
  };

  const lag = monitorEventLoopDelay({ resolution: 10 });
  const lagAll = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  lagAll.enable();
  const samples: SoakSample[] = [];
  const t0 = performance.now();
  const sample = (): void => {
    const m = process.memoryUsage();
    samples.push({ atSeconds: (performance.now() - t0) / 1000, rssMb: m.rss / MB, heapMb: m.heapUsed / MB, externalMb: m.external / MB, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6, sent, delivered, replies, delayedJobs: opened.delayed() });
    lag.reset();
  };
  const sampler = setInterval(sample, opts.sampleSeconds * 1000);
  try {
    // Paced presses: press i is due at t0 + i / rate, spread over the volunteers' lanes.
    for (let i = 0; i < total; i += 1) {
      const due = t0 + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      press(lanes[i % volunteers] as (typeof lanes)[number]);
    }
    await Promise.all(lanes.map((l) => l.chain));
    const deadline = performance.now() + 30_000;
    while (delivered < sent && performance.now() < deadline) await sleep(50);
    await carrier.flush().catch(() => void (errors += 1));
  } finally {
    clearInterval(sampler);
    sample();
    lag.disable();
    lagAll.disable();
    await opened.close();
  }
  const storeRss = db?.rssMb() ?? null;
  await db?.close();
  const afterMinute = samples.find((s) => s.atSeconds >= 60 - opts.sampleSeconds / 2); // timers fire a little early or late
  const last = samples.at(-1);
  // Needs at least one full sampling interval after the first minute (the closing sample of a
  // one-minute run is not "after the first minute").
  const rssGrowthPct = afterMinute && last && last.atSeconds - afterMinute.atSeconds >= opts.sampleSeconds - 1e-6 ? ((last.rssMb - afterMinute.rssMb) / afterMinute.rssMb) * 100 : null;
  const result: SoakResult = { samples, rssGrowthPct, lagP99Ms: lagAll.percentile(99) / 1e6, sent, delivered, replies, errors };

  const where = db ? 'memory store in its own process (as MongoDB would be); the table is the app process' : 'memory store inside the measured process (single-process install)';
  printSamples(log, `Soak: ${opts.minutes} min at ${opts.rate} sends/s, ${(opts.replies * 100).toFixed(0)}% replies, ${opts.queue} queue, simulated carrier, ${where}`, samples);
  const verdict = (ok: boolean): string => (ok ? 'goal met' : 'goal NOT met');
  log(`  sent ${sent}, delivered ${delivered}, replies ${replies}, errors ${errors}; expected ${total} sends${firstError ? `; first error: ${firstError}` : ''}`);
  log(rssGrowthPct === null
    ? '  RSS growth after the first minute: run too short to tell (needs samples after 60 s)'
    : `  RSS growth after the first minute: ${rssGrowthPct.toFixed(1)}% (${afterMinute?.rssMb.toFixed(1)} -> ${last?.rssMb.toFixed(1)} MB, heap ${afterMinute?.heapMb.toFixed(1)} -> ${last?.heapMb.toFixed(1)} MB; goal < 10%): ${verdict(rssGrowthPct < 10)}`);
  if (afterMinute && last && afterMinute.delayedJobs !== null && last.delayedJobs !== null) {
    log(`  delayed jobs held in this process: ${afterMinute.delayedJobs} -> ${last.delayedJobs} (each voter reply waits with its nudge and release timers until they fire, minutes to hours later; with BullMQ they wait in Redis)`);
  }
  const first = samples[0];
  if (first && last && last !== first) log(`  over the whole run: RSS ${first.rssMb.toFixed(1)} -> ${last.rssMb.toFixed(1)} MB, heap ${first.heapMb.toFixed(1)} -> ${last.heapMb.toFixed(1)} MB${db ? '' : ' (the memory store keeps every text, conversation and reply)'}`);
  if (db) log(`  the store process (the database's stand-in, keeping every text) ended at ${storeRss === null ? 'an unreadable' : `${storeRss.toFixed(0)} MB`} RSS`);
  log(`  event-loop lag p99: ${result.lagP99Ms.toFixed(1)} ms (goal < 50 ms): ${verdict(result.lagP99Ms < 50)}`);
  return result;
}

export async function run(args: string[]): Promise<void> {
  const r = await soak(parseOptions(args));
  if ('skip' in r) console.log(`soak benchmark skipped: ${r.skip}`);
}
