// Reply triage accuracy on a labelled corpus of voter replies (JSON lines: {text, intent, lang}).
//   npm run bench -- triage [--corpus test/fixtures/triage/corpus.jsonl] [--errors 20]
// Prints accuracy per intent and overall, the opt-outs read as yes/maybe (R1.4: must be 0), the
// most frequent confusions and the reading speed. Pass another --corpus (e.g. a held-out file)
// to measure lines the rules were not written against.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { classifyInbound } from '../src/core/compliance/classify-inbound.js';
import { TriageIntent } from '../src/core/triage/intent.js';
import { triageReply } from '../src/core/triage/rules.js';
import { flag } from './support/measure.js';

export const name = 'triage';

const Line = z.object({ text: z.string(), intent: TriageIntent, lang: z.enum(['en', 'es']).optional() });
type Line = z.infer<typeof Line>;

async function load(path: string): Promise<Line[]> {
  const raw = await readFile(path, 'utf8');
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) return z.array(Line).parse(JSON.parse(trimmed));
  return trimmed.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    const parsed = Line.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`${path} line ${i + 1}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

const pct = (n: number, d: number): string => (d === 0 ? '   -  ' : `${(100 * n / d).toFixed(1).padStart(5)}%`);

export async function run(args: string[]): Promise<void> {
  const path = flag(args, 'corpus') ?? 'test/fixtures/triage/corpus.jsonl';
  const showErrors = Number(flag(args, 'errors') ?? 15);
  const lines = await load(path);
  const perIntent = new Map<string, { n: number; ok: number }>();
  const confusion = new Map<string, number>();
  const errors: string[] = [];
  let ok = 0;
  let optOutsAsYes = 0;
  let legalOptOutsAsYes = 0;
  for (const line of lines) {
    const got = triageReply(line.text, line.lang);
    const bucket = perIntent.get(line.intent) ?? { n: 0, ok: 0 };
    bucket.n += 1;
    if (got.intent === line.intent) {
      bucket.ok += 1;
      ok += 1;
    } else {
      const key = `${line.intent} -> ${got.intent}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      errors.push(`  ${key.padEnd(30)} ${JSON.stringify(line.text)} (${got.rule ?? ''})`);
    }
    perIntent.set(line.intent, bucket);
    const positive = got.intent === 'yes' || got.intent === 'maybe';
    if (line.intent === 'opt_out' && positive) optOutsAsYes += 1;
    const legal = classifyInbound(line.text, line.lang ?? 'en').kind;
    if ((legal === 'opt_out' || legal === 'probable_opt_out') && positive) legalOptOutsAsYes += 1;
  }
  // Timed on a second pass, after the first one compiled the patterns (steady state).
  const started = performance.now();
  for (const line of lines) triageReply(line.text, line.lang);
  const micros = ((performance.now() - started) * 1000) / Math.max(1, lines.length);
  const langs = lines.reduce<Record<string, number>>((acc, l) => ({ ...acc, [l.lang ?? 'en']: (acc[l.lang ?? 'en'] ?? 0) + 1 }), {});
  console.log(`triage: ${lines.length} labelled replies from ${path} (${Object.entries(langs).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  for (const intent of TriageIntent.options) {
    const b = perIntent.get(intent);
    if (b) console.log(`  ${intent.padEnd(14)} ${pct(b.ok, b.n)}  (${b.ok}/${b.n})`);
  }
  console.log(`  overall        ${pct(ok, lines.length)}  (${ok}/${lines.length})`);
  console.log(`  opt-outs read as yes/maybe: ${optOutsAsYes} labelled, ${legalOptOutsAsYes} that classifyInbound calls (probable) opt-out (R1.4: both must be 0)`);
  const top = [...confusion.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`  confusions (expected -> read): ${top.length === 0 ? 'none' : top.map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  if (showErrors > 0 && errors.length > 0) {
    console.log(`  first ${Math.min(showErrors, errors.length)} misreadings:`);
    for (const e of errors.slice(0, showErrors)) console.log(e);
  }
  console.log(`  speed: ${micros.toFixed(1)} µs per reply (rules and the legal check)`);
  if (optOutsAsYes > 0 || legalOptOutsAsYes > 0) process.exitCode = 1;
}
