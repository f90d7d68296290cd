// Benchmark runner: `npm run bench -- [name ...] [--flag value ...]`.
// With no names it runs every registered benchmark. Flags (e.g. `--rows 1000000`) go to each.
// To add one: create bench/<name>.bench.ts exporting `name` and `run(args)`, and list it below.
// Modules load only when their benchmark runs, so a measuring child process (import, export)
// does not carry twilio, bullmq, fastify or mongoose in its RSS unless it uses them.

export interface Benchmark {
  name: string;
  run(args: string[]): Promise<void>;
}

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  import: () => import('./import.bench.js'),
  phone: () => import('./phone.bench.js'),
  export: () => import('./export.bench.js'),
  sms: () => import('./sms.bench.js'),
  soak: () => import('./soak.bench.js'),
  claims: () => import('./claims.bench.js'),
  press: () => import('./press.bench.js'),
  triage: () => import('./triage.bench.js'),
  segments: () => import('./segments.bench.js'),
  'segments-snapshot': () => import('./segments-snapshot.js'),
};

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
  const known = Object.keys(BENCHMARKS);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ')}.`);
    return 2;
  }
  const selected = names.length === 0 ? known : known.filter((n) => names.includes(n));
  for (const n of selected) await (await (BENCHMARKS[n] as () => Promise<Benchmark>)()).run(flags);
  return 0;
}

process.exitCode = await main();
