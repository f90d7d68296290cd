/**
 * Arrows point inward (DESIGN: Layout; CONVENTIONS §1-2): src/core imports no I/O or platform
 * package and nothing from commands/adapters/app; no adapter imports another adapter.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier in import/export-from/dynamic import/require. */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  return out;
}

const FORBIDDEN_IN_CORE = [
  /^mongoose$/, /^mongodb(\/|$)/, /^bullmq$/, /^ioredis$/, /^twilio(\/|$)/, /^@slack\//, /^discord\.js$/, /^@discordjs\//,
  /^fastify(\/|$)/, /^@fastify\//, /^(node:)?fs(\/promises)?$/, /^(node:)?net$/, /^(node:)?http2?$/, /^(node:)?https$/,
  /^(node:)?child_process$/, /^pino$/, /^csv-parse/, /^csv-stringify/,
];

describe('architecture boundaries', () => {
  it('the import scanner sees every import form (so the rules below can fail)', () => {
    const sample = `import x from 'mongoose';\nimport type { Y } from "../adapters/slack/a.js";\nexport * from './z.js';\nconst f = await import('node:fs');\nimport 'twilio';`;
    expect(importsOf(sample)).toEqual(['mongoose', '../adapters/slack/a.js', './z.js', 'node:fs', 'twilio']);
  });

  it('src/core imports no I/O or platform package', () => {
    const offenders = tsFiles(join(SRC, 'core')).flatMap((f) =>
      importsOf(readFileSync(f, 'utf8'))
        .filter((spec) => FORBIDDEN_IN_CORE.some((re) => re.test(spec)))
        .map((spec) => `${relative(ROOT, f)} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/core imports nothing from commands, adapters or app', () => {
    const core = join(SRC, 'core');
    const offenders = tsFiles(core).flatMap((f) =>
      importsOf(readFileSync(f, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .filter((spec) => !resolve(dirname(f), spec).startsWith(core + sep))
        .map((spec) => `${relative(ROOT, f)} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/commands imports nothing from adapters or app', () => {
    const offenders = tsFiles(join(SRC, 'commands')).flatMap((f) =>
      importsOf(readFileSync(f, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(f), spec))
        .filter((target) => target.startsWith(join(SRC, 'adapters')) || target.startsWith(join(SRC, 'app')))
        .map((target) => `${relative(ROOT, f)} -> ${relative(ROOT, target)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no adapter imports another adapter (shared helpers live in src/adapters/shared)', () => {
    const adaptersDir = join(SRC, 'adapters');
    const offenders = tsFiles(adaptersDir).flatMap((f) => {
      const own = relative(adaptersDir, f).split(sep)[0];
      return importsOf(readFileSync(f, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(f), spec))
        .filter((target) => target.startsWith(adaptersDir + sep))
        .map((target) => relative(adaptersDir, target).split(sep)[0])
        .filter((other) => other !== own && other !== 'shared')
        .map((other) => `${relative(ROOT, f)} -> adapters/${other}`);
    });
    expect(offenders).toEqual([]);
  });
});
