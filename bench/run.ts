// Benchmark runner: `npm run bench -- [name ...] [--flag value ...]`.
// With no names it runs every registered benchmark. Flags (e.g. `--rows 1000000`) go to each.
// To add one: create bench/<name>.bench.ts exporting `name` and `run(args)`, and list it below.
import * as exportBench from './export.bench.js';
import * as importBench from './import.bench.js';
import * as smsBench from './sms.bench.js';

export interface Benchmark {
  name: string;
  run(args: string[]): Promise<void>;
}

const BENCHMARKS: Benchmark[] = [importBench, exportBench, smsBench];

function splitArgs(args: readonly string[]): { names: string[]; flags: string[] } {
  const names: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      flags.push(arg);
      const value = args[i + 1];
      if (value !== undefined && !value.startsWith('--')) {
        flags.push(value);
        i += 1;
      }
    } else names.push(arg);
  }
  return { names, flags };
}

async function main(): Promise<number> {
  const { names, flags } = splitArgs(process.argv.slice(2));
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}.`);
    return 2;
  }
  const selected = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name));
  for (const b of selected) await b.run(flags);
  return 0;
}

process.exitCode = await main();
