// Import benchmark: a generated voter file (100K rows by default, `--rows 1000000`) through
// csv-parse alone, through the full pipeline into a counting sink (the pipeline's own cost),
// into the memory store, and into MongoDB when MONGODB_URI is set. Every measure runs in a
// fresh child process so its peak RSS is its own.
//   npm run bench -- import [--rows N]
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { csvRecords, openCsvFile } from '../src/adapters/files/csv-source.js';
import { createPhoneWorkerPool, defaultPhoneWorkers, type PhoneWorkerPool } from '../src/adapters/files/phone-worker-pool.js';
import { createMemoryStore } from '../src/adapters/memory/index.js';
import { ContactImporter } from '../src/core/contacts/import/importer.js';
import type { Store } from '../src/core/ports.js';
import { cpuSecondsSince, flag, printTable, sampleMemory, type ResultRow } from './support/measure.js';
import { createSinkStore } from './support/sink-store.js';
import { voterFile } from './support/voter-file.js';

export const name = 'import';

const clock = { now: () => new Date() };
const RESULT = '@@bench-result ';

type Phase = 'csv-parse' | 'csv-source' | 'sink' | 'sink-workers' | 'memory' | 'memory-workers' | 'mongo';
const DESCRIPTIONS: Record<Phase, string> = {
  'csv-parse': 'csv-parse alone (baseline)',
  'csv-source': 'file adapter only (sniff, CRLF, csv-parse, line numbers)',
  sink: 'full pipeline -> counting sink store',
  'sink-workers': 'full pipeline, phone workers -> counting sink',
  memory: 'full pipeline -> memory store',
  'memory-workers': 'full pipeline, phone workers -> memory store',
  mongo: 'full pipeline -> MongoDB store',
};

async function importInto(store: Store, path: string, phones?: PhoneWorkerPool): Promise<number> {
  const org = await store.orgs.create({ platform: 'sandbox', externalId: `bench-${Date.now()}`, name: 'Bench Org' });
  const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'bench', name: 'Bench', createdBy: 'bench' });
  const source = await openCsvFile(path);
  const report = await new ContactImporter(store, clock).run(source.records, { orgId: org.id, campaignId: campaign.id, ...(phones ? { phones } : {}) });
  return report.rows;
}

async function runPhase(phase: Phase, path: string): Promise<ResultRow> {
  let note = '';
  // Workers start (and load libphonenumber) before the clock starts, as a long-lived process would have them.
  const pool = phase.endsWith('-workers') ? createPhoneWorkerPool() : undefined;
  if (pool) {
    await pool.normalizeMany(['2025550143'], 'US');
    note = `${pool.size} phone worker${pool.size === 1 ? '' : 's'}; `;
  }
  const memory = sampleMemory(50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  if (phase === 'csv-parse') {
    const parser = createReadStream(path, { highWaterMark: 64 * 1024 }).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    for await (const _record of parser) rows += 1;
    rows -= 1; // header
  } else if (phase === 'csv-source') {
    for await (const _record of csvRecords(createReadStream(path, { highWaterMark: 64 * 1024 }))) rows += 1;
    rows -= 1;
  } else if (phase === 'sink' || phase === 'sink-workers') {
    const sink = createSinkStore();
    const source = await openCsvFile(path);
    const report = await new ContactImporter(sink.store, clock).run(source.records, {
      orgId: 'o1',
      campaignId: 'c1',
      ...(pool ? { phones: pool } : {}),
    });
    rows = report.rows;
    note += `${sink.received().toLocaleString('en-US')} contacts reached the sink`;
  } else if (phase === 'memory' || phase === 'memory-workers') {
    rows = await importInto(createMemoryStore({ clock }), path, pool);
    note += 'includes the store holding every contact';
  } else {
    const { openMongoStore } = await import('./support/mongo.js'); // mongoose only where it is measured
    const mongo = await openMongoStore();
    if ('skip' in mongo) throw new Error(mongo.skip);
    try {
      rows = await importInto(mongo.store, path);
    } finally {
      await mongo.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const peak = memory.stop();
  await pool?.close();
  return { what: DESCRIPTIONS[phase], rows, seconds, cpuSeconds, peak, ...(note ? { note } : {}) };
}

/** Run one phase in a fresh Node process (same loader flags) and read its result line. */
function runChild(phase: Phase, path: string): ResultRow | { error: string } {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/run.ts', name, '--phase', phase, '--file', path], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (!line) return { error: `phase ${phase} failed (exit ${child.status ?? child.signal})` };
  return JSON.parse(line.slice(RESULT.length)) as ResultRow | { error: string };
}

export async function run(args: string[]): Promise<void> {
  const phase = flag(args, 'phase') as Phase | undefined;
  if (phase) {
    const path = flag(args, 'file') ?? '';
    const result = await runPhase(phase, path).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    console.log(RESULT + JSON.stringify(result));
    return;
  }
  const rows = Number(flag(args, 'rows') ?? 100_000);
  const repeat = Math.max(1, Number(flag(args, 'repeat') ?? 3));
  const file = await voterFile(rows);
  console.log(`import: ${rows.toLocaleString('en-US')} rows, ${(file.bytes / 1024 / 1024).toFixed(1)} MB at ${file.path}; best of ${repeat} runs per measure (${defaultPhoneWorkers()} phone workers by default here)`);
  const phases: Phase[] = ['csv-parse', 'csv-source', 'sink', 'sink-workers', 'memory', 'memory-workers'];
  if (process.env.MONGODB_URI) phases.push('mongo');
  else console.log('import: MongoDB skipped (MONGODB_URI is not set)');
  const results: ResultRow[] = [];
  for (const p of phases) {
    let best: ResultRow | undefined;
    for (let i = 0; i < repeat; i += 1) {
      const r = runChild(p, file.path);
      if ('error' in r) {
        console.log(`import: ${DESCRIPTIONS[p]}: ${r.error}`);
        break;
      }
      // Fastest run; peak memory is the highest seen over all runs (never flattered).
      const peakRssMb = Math.max(r.peak.peakRssMb, best?.peak.peakRssMb ?? 0);
      const peakHeapUsedMb = Math.max(r.peak.peakHeapUsedMb, best?.peak.peakHeapUsedMb ?? 0);
      const fastest = best === undefined || r.seconds < best.seconds ? r : best;
      best = { ...fastest, peak: { ...fastest.peak, peakRssMb, peakHeapUsedMb } };
    }
    if (best) results.push(best);
  }
  printTable(`Import, ${rows.toLocaleString('en-US')} rows`, results);
  const base = results.find((r) => r.what === DESCRIPTIONS['csv-parse']);
  if (base) {
    for (const r of results.filter((x) => x !== base)) {
      console.log(`  ${r.what}: ${((r.rows / r.seconds) / (base.rows / base.seconds) * 100).toFixed(0)}% of csv-parse's rows/s`);
    }
  }
}
