// One lookup run over one campaign (pure over ports). Contacts are streamed, never loaded whole,
// and handled in batches: a number with a fresh result in the org's cache costs nothing; any
// other number is claimed in the store first (so two workers, or the same run resumed after a
// crash, never pay for it twice), then asked of the provider at its rate limit. Every contact not
// yet texted (pending, or in a volunteer's batch) gets its line type; landline and VoIP ones leave
// the pool or their batch (status `landline`), so no text goes to them. A failure is counted per
// number and the run goes on, except when the provider has no credit left or refuses the
// credentials: then every further call would fail too, so the run stops there and changes nothing
// more.
import type { Contact } from '../model/contact.js';
import type { Clock, LineType, NumberLookup, NumberLookupResult, Store } from '../ports.js';
import { LOOKUP_CACHE_MS, LOOKUP_CLAIM_STALE_MS, lookupRunScope, reportOfTallies, type LookupFailureReason, type LookupReport, type LookupStop } from './model.js';
import { needsLookup } from './plan.js';
import { createRateLimiter } from './rate-limiter.js';

export interface LookupRunDeps {
  store: Store;
  clock: Clock;
  lookup: NumberLookup;
  /** Waits for the rate limiter and between retries (tests pass one that moves a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

export interface LookupRunInput {
  orgId: string;
  campaignId: string;
  /** Stable across retries of the same job: it holds the claims and names the report's tallies. */
  runId: string;
  /** The provider's limit (LOOKUP_RATE_PER_SECOND). */
  ratePerSecond: number;
  batchSize?: number;
  /** Attempts per number when the failure is retryable (rate limited, provider down); default 4. */
  maxAttempts?: number;
  /** First retry delay, doubled each time (default 1 s). */
  backoffMs?: number;
  /** A pending claim older than this was left by a dead worker (default LOOKUP_CLAIM_STALE_MS). */
  staleAfterMs?: number;
  /** Called after each batch with the report so far (progress message). */
  onProgress?: (report: LookupReport) => Promise<void> | void;
}

const STOPS: ReadonlySet<string> = new Set<LookupStop>(['no_credit', 'unauthorized']);

export async function runLookup(deps: LookupRunDeps, input: LookupRunInput): Promise<LookupReport> {
  const { store, clock, lookup } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { orgId, campaignId, runId } = input;
  const scope = lookupRunScope(runId);
  const batchSize = input.batchSize ?? 50;
  const maxAttempts = input.maxAttempts ?? 4;
  const backoffMs = input.backoffMs ?? 1_000;
  const staleAfterMs = input.staleAfterMs ?? LOOKUP_CLAIM_STALE_MS;
  const limiter = createRateLimiter(clock, input.ratePerSecond, sleep);
  const tally = (deltas: Record<string, number>): Promise<void> => store.tallies.increment(orgId, scope, deltas);
  const report = async (): Promise<LookupReport> => reportOfTallies(await store.tallies.get(orgId, scope));

  const first = await report();
  if (first.finished) return first;
  // A resumed run keeps the total of its first start (what it set out to cover).
  if (first.total === 0) {
    const total = await store.contacts.countNeedingLookup(orgId, campaignId);
    if (total > 0) await tally({ total });
  }

  async function mark(contact: Contact, lineType: LineType, how: 'cached' | 'paid'): Promise<void> {
    await store.contacts.setLineType(orgId, contact.id, lineType, clock.now());
    await tally({ [`line/${lineType}`]: 1, [how]: 1 });
  }

  /** Asks the provider, retrying retryable failures with backoff, at the provider's rate. */
  async function ask(phone: string): Promise<NumberLookupResult> {
    for (let attempt = 1; ; attempt += 1) {
      await limiter.take();
      let r: NumberLookupResult;
      try {
        r = await lookup.lookup(phone);
      } catch {
        r = { ok: false, reason: 'unavailable', retryable: true };
      }
      if (r.ok || !r.retryable || attempt >= maxAttempts) return r;
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
  }

  /** One batch; returns why the run must stop, if it must. */
  async function handle(batch: Contact[]): Promise<LookupStop | undefined> {
    const now = clock.now();
    const freshAfter = new Date(now.getTime() - LOOKUP_CACHE_MS);
    const fresh = await store.lookups.getFresh(orgId, batch.map((c) => c.phone), freshAfter);
    for (const contact of batch) {
      const hit = fresh.get(contact.phone);
      if (hit) {
        await mark(contact, hit.lineType, 'cached');
        continue;
      }
      const at = clock.now();
      const claim = await store.lookups.claim(orgId, contact.phone, runId, at, { freshAfter: new Date(at.getTime() - LOOKUP_CACHE_MS), staleBefore: new Date(at.getTime() - staleAfterMs) });
      if (claim.kind === 'cached') {
        await mark(contact, claim.result.lineType, 'cached');
        continue;
      }
      if (claim.kind === 'busy') {
        // Another worker is asking right now, or a crash lost the answer: asked again only once the claim is stale.
        await tally({ 'failed/in_progress': 1 });
        continue;
      }
      const r = await ask(contact.phone);
      if (r.ok) {
        await store.lookups.complete(orgId, contact.phone, runId, { lineType: r.lineType, ...(r.carrier ? { carrier: r.carrier } : {}) }, clock.now());
        await mark(contact, r.lineType, 'paid');
        continue;
      }
      await store.lookups.abandon(orgId, contact.phone, runId);
      if (STOPS.has(r.reason)) return r.reason as LookupStop;
      await tally({ [`failed/${r.reason satisfies LookupFailureReason}`]: 1 });
    }
    return undefined;
  }

  let stopped: LookupStop | undefined;
  let batch: Contact[] = [];
  for await (const contact of store.contacts.streamByCampaign(orgId, campaignId)) {
    if (!needsLookup(contact)) continue;
    batch.push(contact);
    if (batch.length < batchSize) continue;
    stopped = await handle(batch);
    batch = [];
    if (stopped) break;
    await input.onProgress?.(await report());
  }
  if (!stopped && batch.length > 0) stopped = await handle(batch);
  await tally({ finished: 1, ...(stopped ? { [`stopped/${stopped}`]: 1 } : {}) });
  return report();
}
