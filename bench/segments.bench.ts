// Segments benchmark, one exported function per case (more cases append to CASES):
//   - preview: a segment preview (store counts + opt-out list + frequency-cap check of the first
//     500 matched contacts) over one campaign of 1M contacts in the memory store. Goal: 2 s each.
//   - snapshot: the follow-up snapshot (bench/segments-snapshot.ts), run in its own child processes.
//   npm run bench -- segments [--rows 1000000] [--case preview|snapshot|all]
import { createMemoryStore } from '../src/adapters/memory/index.js';
import type { NewContact } from '../src/core/model/contact.js';
import type { Store } from '../src/core/ports.js';
import { previewSegment } from '../src/core/segments/preview.js';
import type { Segment } from '../src/core/segments/segment.js';
import { cpuSecondsSince, flag } from './support/measure.js';

export const name = 'segments';
export const PREVIEW_GOAL_SECONDS = 2;

const STATES = ['FL', 'GA', 'TX', 'NY', 'CA'];
const ZIPS = ['33101', '30301', '73301', '10001', '90001'];

function row(i: number): NewContact {
  const c: NewContact = {
    phone: `+1${String(2_000_000_000 + i)}`,
    firstName: `F${i}`,
    lastName: `L${i}`,
    zip: ZIPS[i % 5] as string,
    state: STATES[i % 5] as string,
    language: i % 3 === 1 ? 'es' : 'en',
    windowKey: 'ET',
    customFields: { county: i % 3 === 0 ? 'Dade' : 'Leon' },
    surveyAnswers: i % 7 === 0 ? { support: 'yes' } : i % 7 === 1 ? { support: 'no' } : {},
    tags: i % 10 === 0 ? ['ride'] : [],
  };
  // A tenth replied (the zod path of the import, as real replied contacts would have come in).
  if (i % 10 === 3) c.repliedAt = new Date('2026-11-01T15:00:00Z');
  return c;
}

async function seed(store: Store, rows: number): Promise<{ orgId: string; campaignId: string }> {
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'bench-segments', name: 'Bench Org' });
  const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'source', name: 'Source', createdBy: 'bench' });
  for (let at = 0; at < rows; at += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, rows - at) }, (_, k) => row(at + k));
    await store.contacts.insertMany(org.id, campaign.id, batch);
  }
  for (let i = 0; i < 1000; i += 1) await store.optOuts.record(org.id, { orgId: org.id, phone: row(i * 997).phone, source: 'keyword', at: new Date() });
  return { orgId: org.id, campaignId: campaign.id };
}

const SEGMENTS: [string, Segment][] = [
  ['everyone', {}],
  ['replied:yes lang:es', { replied: true, langs: ['es'] }],
  ['answer:support=yes state:FL,GA tag:ride', { answers: [{ questionId: 'support', answerIds: ['yes'] }], states: ['FL', 'GA'], tags: ['ride'] }],
  ['field:county!=Dade zip:331', { fields: [{ name: 'county', op: 'ne', values: ['Dade'] }], zipPrefixes: ['331'] }],
];

export async function runPreviewCase(args: string[]): Promise<void> {
  const rows = Number(flag(args, 'rows') ?? 1_000_000);
  const store = createMemoryStore();
  const seeded = Date.now();
  const { orgId, campaignId } = await seed(store, rows);
  console.log(`\nSegment preview, memory store: ${rows.toLocaleString('en-US')} contacts seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  const org = { id: orgId, textingPolicy: { political: true } };
  let worst = 0;
  let worstCpu = 0;
  for (const [label, segment] of SEGMENTS) {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const p = await previewSegment(store, { org, campaignIds: [campaignId], segment, now: new Date() });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpuSeconds = cpuSecondsSince(cpu);
    worst = Math.max(worst, seconds);
    worstCpu = Math.max(worstCpu, cpuSeconds);
    console.log(
      `  ${label.padEnd(42)} ${seconds.toFixed(3)} s wall, ${cpuSeconds.toFixed(3)} s CPU  (goal ${PREVIEW_GOAL_SECONDS} s: ${(seconds / PREVIEW_GOAL_SECONDS).toFixed(2)} of it)` +
      `  matched ${p.matched.toLocaleString('en-US')}, opted out ${p.excludedOptOut}, status ${p.excludedStatus}, capped ${p.capped} (read ${p.capSample})`,
    );
  }
  console.log(`  slowest preview ${worst.toFixed(3)} s wall (${(worst / PREVIEW_GOAL_SECONDS).toFixed(2)} of the ${PREVIEW_GOAL_SECONDS} s goal: ${worst <= PREVIEW_GOAL_SECONDS ? 'within' : 'OVER'}), ${worstCpu.toFixed(3)} s CPU (${(worstCpu / PREVIEW_GOAL_SECONDS).toFixed(2)} of it; wall time includes waiting for a busy machine)`);
}

export async function runSnapshotCase(args: string[]): Promise<void> {
  const snapshot = await import('./segments-snapshot.js');
  await snapshot.runSnapshotCase(args);
}

const CASES: Record<string, (args: string[]) => Promise<void>> = { preview: runPreviewCase, snapshot: runSnapshotCase };

export async function run(args: string[]): Promise<void> {
  const which = flag(args, 'case') ?? 'all';
  for (const [caseName, fn] of Object.entries(CASES)) if (which === 'all' || which === caseName) await fn(args);
}
