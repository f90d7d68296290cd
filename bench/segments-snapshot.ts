// Follow-up snapshot benchmark: a source campaign of N contacts (1M by default, `--rows N`) in the
// memory store, all matching the segment (answer support=yes), copied by the core snapshot
// (streamSegment in batches into contacts.insertMany) as the `followup.snapshot` job does.
// Two destinations: a counting sink (what the copy itself holds: the streaming pipeline's memory)
// and the memory store (which then holds every copy too). Each runs in a fresh child process;
// RSS before the copy (the source store's own data) is the start column, and the goal applies
// to what the copy adds on top of it. Goals: 50,000 rows/s or better, under 300 MB.
//   npm run bench -- segments-snapshot [--rows N] [--into sink|memory|both]
import { spawnSync } from 'node:child_process';
import { createMemoryStore } from '../src/adapters/memory/index.js';
import { runFollowUpSnapshot } from '../src/core/followups/snapshot.js';
import type { NewContact } from '../src/core/model/contact.js';
import type { Store } from '../src/core/ports.js';
import { cpuSecondsSince, flag, printTable, sampleMemory, settleHeap, type ResultRow } from './support/measure.js';

export const name = 'segments-snapshot';
const RESULT = '@@bench-result ';
const clock = { now: () => new Date() };
export const SNAPSHOT_GOALS = { rowsPerSecond: 50_000, peakRssMb: 300 };

async function seed(store: Store, rows: number): Promise<{ orgId: string; campaignId: string }> {
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'bench', name: 'Bench Org' });
  const member = await store.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Olivia', role: 'organizer' });
  const survey = [{ id: 'support', text: 'Will you support us?', answers: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }];
  const source = await store.campaigns.create(org.id, { orgId: org.id, slug: 'source', name: 'Source', createdBy: member.id, survey });
  const followUp = await store.campaigns.create(org.id, {
    orgId: org.id, slug: 'follow-up', name: 'Follow-up', createdBy: member.id, survey,
    followUpOf: { campaignId: source.id, segment: { answers: [{ questionId: 'support', answerIds: ['yes'] }] }, snapshot: { status: 'running', read: 0, copied: 0, duplicates: 0 } },
  });
  for (let at = 0; at < rows; at += 10_000) {
    const batch: NewContact[] = [];
    for (let i = at; i < Math.min(rows, at + 10_000); i += 1) {
      batch.push({
        phone: `+1202${String(1_000_000 + i).padStart(7, '0')}`, firstName: `First${i}`, lastName: `Last${i}`, zip: '20001', state: 'DC',
        timezones: ['America/New_York'], windowKey: 'America/New_York', language: i % 3 === 0 ? 'es' : 'en',
        customFields: { precinct: `P-${i % 500}` }, surveyAnswers: { support: 'yes' }, tags: [],
      });
    }
    await store.contacts.insertMany(org.id, source.id, batch);
  }
  return { orgId: org.id, campaignId: followUp.id };
}

/** Inserts go nowhere (counted): the copy's own memory, without the copies piling up in a memory store. */
function sinkInserts(store: Store): Store {
  return { ...store, contacts: { ...store.contacts, insertMany: async (_o, _c, list) => ({ inserted: list.length, duplicates: [] }) } };
}

async function runPhase(rows: number, into: 'sink' | 'memory'): Promise<ResultRow> {
  const store = createMemoryStore({ clock });
  const target = await seed(store, rows);
  await settleHeap(0);
  const memory = sampleMemory(25);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runFollowUpSnapshot({ store: into === 'sink' ? sinkInserts(store) : store, clock }, target.orgId, target.campaignId);
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(result.reason);
  return {
    what: `snapshot -> ${into === 'sink' ? 'counting sink' : 'memory store'}`,
    rows: result.snapshot.copied,
    seconds,
    cpuSeconds: cpuSecondsSince(cpu),
    peak: memory.stop(),
    note: into === 'sink' ? 'start RSS = the store holding the source contacts' : 'the memory store also keeps every copy',
  };
}

/** The goal ratios of one result row (>= 1 meets the goal); memory counts what the copy added. */
export function goalRatios(r: ResultRow): { speed: number; memory: number; addedMb: number } {
  const addedMb = r.peak.peakRssMb - r.peak.startRssMb;
  return { speed: r.rows / r.seconds / SNAPSHOT_GOALS.rowsPerSecond, memory: SNAPSHOT_GOALS.peakRssMb / Math.max(1, addedMb), addedMb };
}

/** The snapshot case (also callable from the segments benchmark). */
export async function runSnapshotCase(args: string[]): Promise<void> {
  const phase = flag(args, 'phase');
  if (phase === 'sink' || phase === 'memory') {
    const result = await runPhase(Number(flag(args, 'rows') ?? 1_000_000), phase).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    console.log(RESULT + JSON.stringify(result));
    return;
  }
  const rows = Number(flag(args, 'rows') ?? 1_000_000);
  const into = flag(args, 'into') ?? 'both';
  const phases = into === 'both' ? (['sink', 'memory'] as const) : ([into === 'memory' ? 'memory' : 'sink'] as const);
  console.log(`segments-snapshot: ${rows.toLocaleString('en-US')} source contacts loaded into the memory store first (not timed)`);
  const results: ResultRow[] = [];
  for (const p of phases) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/run.ts', name, '--phase', p, '--rows', String(rows)], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024,
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT));
    const result = line ? (JSON.parse(line.slice(RESULT.length)) as ResultRow | { error: string }) : { error: `exit ${child.status ?? child.signal}` };
    if ('error' in result) console.log(`snapshot -> ${p} failed: ${result.error}`);
    else results.push(result);
  }
  printTable(`Follow-up snapshot, ${rows.toLocaleString('en-US')} contacts`, results);
  for (const r of results) {
    const g = goalRatios(r);
    console.log(`${r.what}: ${(r.rows / r.seconds).toFixed(0)} rows/s = ${g.speed.toFixed(2)}x the ${SNAPSHOT_GOALS.rowsPerSecond.toLocaleString('en-US')} rows/s goal; the copy added ${g.addedMb.toFixed(0)} MB RSS = ${g.memory.toFixed(2)}x under the ${SNAPSHOT_GOALS.peakRssMb} MB goal${r.what.includes('memory store') ? ' (includes the copies the memory store keeps)' : ''}`);
  }
}

export const run = runSnapshotCase;
