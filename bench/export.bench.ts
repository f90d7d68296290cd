// Export benchmark: contacts of a generated voter file (100K by default, `--rows 1000000`) are
// loaded into the memory store with survey answers, tags, volunteers and some opt-outs, then
// exported (contacts CSV) into a discarding Writable and into a file in os.tmpdir(). Runs in a
// fresh child process; RSS before the export (the store's own data) is reported separately.
//   npm run bench -- export [--rows N]
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { exportContactsCsv } from '../src/adapters/files/csv-export.js';
import { openCsvFile } from '../src/adapters/files/csv-source.js';
import { createMemoryStore } from '../src/adapters/memory/index.js';
import { ContactImporter } from '../src/core/contacts/import/importer.js';
import type { Store } from '../src/core/ports.js';
import { cpuSecondsSince, flag, printTable, sampleMemory, type ResultRow } from './support/measure.js';
import { voterFile } from './support/voter-file.js';

export const name = 'export';
const RESULT = '@@bench-result ';
const clock = { now: () => new Date() };

async function loadCampaign(store: Store, path: string): Promise<{ orgId: string; campaignId: string }> {
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'bench', name: 'Bench Org' });
  const volunteers = await Promise.all(
    ['Ana', 'Bob', 'Carla', 'Dev'].map((n, i) => store.members.upsert(org.id, { platformUserId: `U${i}`, displayName: n, role: 'volunteer' })),
  );
  const campaign = await store.campaigns.create(org.id, {
    orgId: org.id,
    slug: 'bench',
    name: 'Bench',
    createdBy: volunteers[0]?.id ?? 'x',
    survey: [
      { id: 'support', text: 'Will you support us?', answers: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, { id: 'maybe', label: 'Maybe' }] },
      { id: 'vote', text: 'Plan to vote?', answers: [{ id: 'early', label: 'Early' }, { id: 'day', label: 'Election day' }] },
    ],
    tags: [{ id: 'vol', label: 'Volunteer prospect' }, { id: 'spanish', label: 'Prefers Spanish' }],
  });
  const source = await openCsvFile(path);
  await new ContactImporter(store, clock).run(source.records, { orgId: org.id, campaignId: campaign.id });
  // Give every 10th contact answers, a tag and a volunteer; opt out every 100th.
  let i = 0;
  for await (const c of store.contacts.streamByCampaign(org.id, campaign.id)) {
    if (i % 10 === 0) {
      await store.contacts.setSurveyAnswer(org.id, c.id, 'support', i % 20 === 0 ? 'yes' : 'maybe');
      await store.contacts.addTag(org.id, c.id, 'vol');
      await store.contacts.transition(org.id, c.id, ['pending'], 'pending', clock.now(), { volunteerId: volunteers[i % 4]?.id ?? '' });
    }
    if (i % 100 === 0) await store.optOuts.record(org.id, { orgId: org.id, phone: c.phone, source: 'keyword', at: clock.now() });
    i += 1;
  }
  return { orgId: org.id, campaignId: campaign.id };
}

class Discard extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

async function runPhase(path: string): Promise<ResultRow[]> {
  const store = createMemoryStore({ clock });
  const target = await loadCampaign(store, path);
  const customFields = ['voter_id', 'address', 'city', 'party', 'precinct', 'notes'];
  const results: ResultRow[] = [];
  const exportFile = join(tmpdir(), `textbank-bench-export-${process.pid}.csv`);
  for (const [what, out] of [
    ['contacts CSV -> discarding Writable', new Discard()],
    ['contacts CSV -> file in tmpdir', createWriteStream(exportFile)],
  ] as const) {
    const memory = sampleMemory(50);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { rows } = await exportContactsCsv(store, target, out, { customFields });
    const seconds = (performance.now() - started) / 1000;
    results.push({ what, rows, seconds, cpuSeconds: cpuSecondsSince(cpu), peak: memory.stop(), note: 'start RSS = the memory store holding the contacts' });
  }
  await rm(exportFile, { force: true });
  const memory = sampleMemory(50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { rows } = await exportContactsCsv(store, target, new Discard());
  const seconds = (performance.now() - started) / 1000;
  results.push({ what: 'contacts CSV, custom columns discovered (2 passes)', rows, seconds, cpuSeconds: cpuSecondsSince(cpu), peak: memory.stop() });
  return results;
}

export async function run(args: string[]): Promise<void> {
  if (flag(args, 'phase')) {
    const result = await runPhase(flag(args, 'file') ?? '').catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    console.log(RESULT + JSON.stringify(result));
    return;
  }
  const rows = Number(flag(args, 'rows') ?? 100_000);
  const file = await voterFile(rows);
  console.log(`export: ${rows.toLocaleString('en-US')} voter rows loaded into the memory store first (not timed)`);
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/run.ts', name, '--phase', 'all', '--file', file.path], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT));
  const result = line ? (JSON.parse(line.slice(RESULT.length)) as ResultRow[] | { error: string }) : { error: `exit ${child.status ?? child.signal}` };
  if ('error' in result) console.log(`export failed: ${result.error}`);
  else printTable(`Export, ${rows.toLocaleString('en-US')} contacts (memory store)`, result);
}
