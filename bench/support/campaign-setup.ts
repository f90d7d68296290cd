// Shared set-up for the claim and press benchmarks: the engine as the tests compose it
// (test/core/engine/harness.ts: memory store or a given store, in-process queue, simulated
// carrier, fixed clock), a campaign with the default batch size, and N contacts inserted through
// the store's insertMany in batches, all in New York so the texting window is open at the clock.
import { harness, SCRIPTS, SURVEY, type Harness } from '../../test/core/engine/harness.js';
import { windowKeyFor } from '../../src/core/contacts/window-key.js';
import { resolveTimezones } from '../../src/core/rules.js';
import type { Campaign, NewContact } from '../../src/core/model/index.js';
import type { Store } from '../../src/core/ports.js';

/** Tuesday 2026-11-17 14:00 in New York (the contacts' zone): inside the R2.3 window. */
export const WEEKDAY_2PM_NY = new Date('2026-11-17T19:00:00Z');

const NY = ((): { timezones: string[]; windowKey: string } => {
  const tz = resolveTimezones({ phone: '+12125550100', zip: null });
  return { timezones: tz.zones, windowKey: windowKeyFor(tz) };
})();

/**
 * Contact `i`'s phone: +1 212 then 2000000 + i (seven digits up to i = 7,999,999). Benchmarks
 * only ever text these through the simulated carrier, which talks to no network.
 */
export function benchPhone(i: number): string {
  return `+1212${2_000_000 + i}`;
}

function contactBatch(from: number, count: number): NewContact[] {
  const out: NewContact[] = [];
  for (let i = from; i < from + count; i += 1) {
    out.push({ phone: benchPhone(i), firstName: `Voter${i}`, lastName: 'Bench', timezones: [...NY.timezones], windowKey: NY.windowKey, language: 'en', customFields: {}, importLine: i + 2 });
  }
  return out;
}

/** Inserts contacts `from`..`from + count - 1` in batches of `batch` through insertMany. */
export async function insertContacts(store: Store, orgId: string, campaignId: string, count: number, opts: { from?: number; batch?: number } = {}): Promise<number> {
  const from = opts.from ?? 0;
  const batch = opts.batch ?? 10_000;
  let inserted = 0;
  for (let at = 0; at < count; at += batch) {
    const r = await store.contacts.insertMany(orgId, campaignId, contactBatch(from + at, Math.min(batch, count - at)));
    inserted += r.inserted;
  }
  if (inserted !== count) throw new Error(`bench: ${inserted} of ${count} contacts inserted`);
  return inserted;
}

/** A campaign created through the engine (default batch size), with `contacts` inserted; started unless told otherwise. */
export async function benchCampaign(h: Harness, slug: string, contacts: number, opts: { from?: number; start?: boolean } = {}): Promise<Campaign> {
  const created = await h.engine.campaigns.create(h.org.id, { slug, name: `Bench ${slug}`, scripts: SCRIPTS, survey: SURVEY }, h.organizer.id);
  if (!created.ok) throw new Error(`bench: campaign create failed: ${created.reason}`);
  await insertContacts(h.store, h.org.id, created.campaign.id, contacts, opts.from !== undefined ? { from: opts.from } : {});
  if (opts.start === false) return created.campaign;
  const started = await h.engine.campaigns.start(h.org.id, created.campaign.id, h.organizer.id);
  if (!started.ok) throw new Error(`bench: campaign start failed: ${started.reason}`);
  return started.campaign;
}

/** The engine harness at the fixed weekday 14:00 clock; no queue worker (jobs wait, carrier time excluded). */
export function benchHarness(opts: { volunteers: number; store?: Store }): Promise<Harness> {
  return harness({ start: WEEKDAY_2PM_NY, volunteers: opts.volunteers, registerHandlers: false, ...(opts.store ? { store: opts.store } : {}) });
}

/** The p-th percentile (0..100) of ascending `sorted`, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export async function timed<T>(what: string, fn: () => Promise<T>, log: (line: string) => void = console.log): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  log(`  phase ${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}

/** The 1-minute load average, and the core count, for the figures' context. */
export async function loadLine(): Promise<string> {
  const os = await import('node:os');
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.cpus().length} cores`;
}

let presses = 0;
/** A unique interaction id per press (R5.2b). */
export function interactionId(): string {
  presses += 1;
  return `bench-${process.pid}-${presses}`;
}
