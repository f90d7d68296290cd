/**
 * One CRM sync run of one campaign (pure over ports). Contacts are streamed, never loaded whole;
 * each becomes one CrmPersonUpdate (or a skip with its reason), and batches go through the
 * CrmSync. Before a contact is written its content is claimed in the store (claimPush), so two
 * runs at once, or a re-run after a crash, never write the same content twice; a failed write
 * gives its claim back for the next run. Retryable failures (rate limit, CRM down) are retried
 * with backoff within the run; a refused key stops the run (every later write would fail too).
 */
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Clock, CrmKind, CrmPersonUpdate, CrmPushResult, CrmSync, Store } from '../ports.js';
import { emptyReport, type CrmMapping, type CrmRunReport } from './model.js';
import { buildPersonUpdate, type CrmSkipReason } from './person-update.js';

export interface CrmSyncDeps {
  store: Store;
  clock: Clock;
  /** Waits between retries (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

export interface CrmSyncInput {
  orgId: string;
  kind: CrmKind;
  campaign: Pick<Campaign, 'id'>;
  mapping: CrmMapping | undefined;
  crm: CrmSync;
  batchSize?: number;
  /** Attempts per write when the failure is retryable (default 4). */
  maxAttempts?: number;
  /** First retry delay; doubles each time (default 1 s). */
  backoffMs?: number;
  /** A claim older than this belongs to a run that died (default 15 minutes). */
  staleAfterMs?: number;
  /** Example contact ids kept per failure reason (default 5). */
  examplesPerReason?: number;
  /** Called after each batch with the report so far (progress message). */
  onProgress?: (report: CrmRunReport) => Promise<void> | void;
}

export interface CrmSyncResult {
  report: CrmRunReport;
  /** Why the run stopped before the end (the CRM refused the key). */
  stopped?: 'unauthorized';
}

const DEFAULTS = { batchSize: 50, maxAttempts: 4, backoffMs: 1_000, staleAfterMs: 15 * 60_000, examplesPerReason: 5 } as const;

type Failure = Extract<CrmPushResult, { ok: false }>;

const bump = (counts: Record<string, number>, reason: string, by = 1): void => {
  counts[reason] = (counts[reason] ?? 0) + by;
};

export async function runCrmSync(deps: CrmSyncDeps, input: CrmSyncInput): Promise<CrmSyncResult> {
  const { store, clock } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const o = { ...DEFAULTS, ...definedOf(input) };
  const { orgId, kind } = input;
  const counts = await store.contacts.countByStatus(orgId, input.campaign.id);
  const report = emptyReport(Object.values(counts).reduce((a, b) => a + b, 0));

  const skip = (reason: CrmSkipReason): void => bump(report.skipped, reason);
  const fail = (f: Pick<Failure, 'contactId' | 'reason'>): void => {
    bump(report.failed, f.reason);
    const list = (report.examples[f.reason] ??= []);
    if (list.length < o.examplesPerReason) list.push(f.contactId);
  };

  /** Writes the claimed updates, retrying the retryable ones; true when the key was refused. */
  async function push(updates: CrmPersonUpdate[]): Promise<boolean> {
    let pending = updates;
    let refused = false;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      let results: CrmPushResult[];
      try {
        results = await input.crm.push(pending);
      } catch {
        results = pending.map((u) => ({ contactId: u.contactId, ok: false, reason: 'unavailable', retryable: true }));
      }
      const retry: CrmPersonUpdate[] = [];
      for (const [i, u] of pending.entries()) {
        const r: CrmPushResult = results[i] ?? { contactId: u.contactId, ok: false, reason: 'unavailable', retryable: true };
        if (r.ok) {
          await store.crm.completePush(orgId, kind, u.contactId, u.idempotencyKey, r.externalId ?? u.externalId);
          report.sent += 1;
          continue;
        }
        if (r.reason === 'unauthorized') refused = true;
        if (r.retryable && !refused && attempt < o.maxAttempts) {
          retry.push(u);
          continue;
        }
        await store.crm.abandonPush(orgId, kind, u.contactId, u.idempotencyKey);
        fail({ contactId: u.contactId, reason: r.reason });
      }
      pending = retry;
      if (pending.length > 0) await sleep(o.backoffMs * 2 ** (attempt - 1));
    }
    return refused;
  }

  async function handle(batch: Contact[]): Promise<boolean> {
    const ids = batch.map((c) => c.id);
    const [states, optedOut, initials] = await Promise.all([
      store.crm.getStates(orgId, kind, ids),
      store.optOuts.filterOptedOut(orgId, batch.map((c) => c.phone)),
      Promise.all(batch.map((c) => store.messages.findInitial(orgId, c.id))),
    ]);
    const stateOf = new Map(states.map((s) => [s.contactId, s]));
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - o.staleAfterMs);
    const claimed: CrmPersonUpdate[] = [];
    for (const [i, contact] of batch.entries()) {
      report.read += 1;
      const initial = initials[i];
      const deliveredAt = initial?.status === 'delivered' ? deliveredTime(initial) : undefined;
      const state = stateOf.get(contact.id);
      const built = buildPersonUpdate({
        kind,
        contact,
        mapping: input.mapping,
        deliveredAt,
        optedOut: contact.status === 'opted_out' || optedOut.has(contact.phone),
        ...(state?.externalId !== undefined ? { knownExternalId: state.externalId } : {}),
      });
      if (!built.ok) {
        skip(built.reason);
        continue;
      }
      if (built.unmapped > 0) report.unmapped = (report.unmapped ?? 0) + 1;
      const key = built.update.idempotencyKey;
      if (state?.lastKey === key) {
        skip('unchanged');
        continue;
      }
      if (!(await store.crm.claimPush(orgId, kind, contact.id, key, now, staleBefore))) {
        // Another run wrote it or is writing it right now.
        skip('in_progress');
        continue;
      }
      claimed.push(built.update);
    }
    const refused = await push(claimed);
    await input.onProgress?.(structuredClone(report));
    return refused;
  }

  let batch: Contact[] = [];
  for await (const contact of store.contacts.streamByCampaign(orgId, input.campaign.id)) {
    batch.push(contact);
    if (batch.length < o.batchSize) continue;
    const refused = await handle(batch);
    batch = [];
    if (refused) return { report, stopped: 'unauthorized' };
  }
  if (batch.length > 0 && (await handle(batch))) return { report, stopped: 'unauthorized' };
  return { report };
}

/** When the carrier said delivered (the last `delivered` in the message's history). */
function deliveredTime(m: { history: { status: string; at: Date }[]; updatedAt: Date }): Date {
  for (let i = m.history.length - 1; i >= 0; i -= 1) {
    const h = m.history[i];
    if (h?.status === 'delivered') return h.at;
  }
  return m.updatedAt;
}

function definedOf(input: CrmSyncInput): Partial<typeof DEFAULTS> {
  const out: Partial<Record<keyof typeof DEFAULTS, number>> = {};
  for (const k of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const v = input[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out as Partial<typeof DEFAULTS>;
}
