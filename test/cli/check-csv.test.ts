import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { pngBytes, utf16, voterText, windows1252, withNulBytes, xlsxBytes } from '../fixtures/csv/generate-damaged.js';

const ROOT = join(import.meta.dirname, '..', '..');
const fixture = (name: string): string => relative(ROOT, join(ROOT, 'test', 'fixtures', 'csv', name));
const run = promisify(execFile);

async function cli(argv: string[], env: Record<string, string | undefined> = { TEXTBANK_LANG: 'en' }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

const QUOTED_NEWLINES_REPORT = {
  rows: 4,
  valid: 2,
  duplicates: 1,
  invalid: [{ line: 7, reason: 'toll_free' }],
  columns: { phone: 'phone', firstName: 'first_name', lastName: 'last_name', zip: 'zip', custom: ['note'] },
};

describe('textbank check-csv', () => {
  it('prints exactly one JSON object for a readable file, and nothing on stderr', async () => {
    const { code, stdout, stderr } = await cli(['check-csv', fixture('quoted-newlines.csv')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual(QUOTED_NEWLINES_REPORT);
    expect(Object.keys(JSON.parse(stdout) as object)).toEqual(['rows', 'valid', 'duplicates', 'invalid', 'columns']);
  });

  it('reports null for columns it did not find', async () => {
    const { stdout } = await cli(['check-csv', fixture('latin-headers.csv')]);
    expect(JSON.parse(stdout)).toMatchObject({ rows: 3, valid: 3 });
    const { stdout: minimal } = await cli(['check-csv', fixture('bom-crlf.csv')]);
    expect(JSON.parse(minimal).columns).toEqual({ phone: 'Phone', firstName: 'First_Name', lastName: 'last name', zip: 'ZIP', custom: ['Notes'] });
  });

  it.each([
    ['not-csv.bin', 'This file is not a CSV: save the spreadsheet as "CSV UTF-8 (comma delimited)" and try again.'],
    ['empty.csv', 'The file is empty, so there is nothing to import.'],
    ['no-phone-column.csv', 'No phone column was found (columns: first_name, last_name, zip); name the column that holds the numbers "phone", "cell" or "mobile".'],
    ['header-only.csv', 'The file has a header row but no contacts below it.'],
    ['does-not-exist.csv', `Cannot open the file ${fixture('does-not-exist.csv')}: check that it exists and that you may read it.`],
  ])('%s exits 1 with one clear sentence on stderr', async (name, sentence) => {
    const { code, stdout, stderr } = await cli(['check-csv', fixture(name)]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${sentence}\n`);
  });

  it('speaks Spanish when asked', async () => {
    const { stderr } = await cli(['check-csv', fixture('empty.csv')], { TEXTBANK_LANG: 'es' });
    expect(stderr).toBe('El archivo está vacío, así que no hay nada que importar.\n');
    const fromLang = await cli(['check-csv', fixture('empty.csv')], { LANG: 'es_MX.UTF-8' });
    expect(fromLang.stderr).toBe('El archivo está vacío, así que no hay nada que importar.\n');
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['check-csv'])).code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('frobnicate');
    expect((await cli(['help'])).code).toBe(0);
  });
});

describe('spawned: npx tsx src/cli.ts check-csv', () => {
  const env = { ...process.env, TEXTBANK_LANG: 'en' };

  it('stdout is exactly the JSON report', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli.ts', 'check-csv', fixture('quoted-newlines.csv')], { cwd: ROOT, env });
    expect(JSON.parse(stdout)).toEqual(QUOTED_NEWLINES_REPORT);
  });

  it('a file it cannot read exits non-zero with one sentence on stderr', async () => {
    const error = (await run('npx', ['tsx', 'src/cli.ts', 'check-csv', fixture('not-csv.bin')], { cwd: ROOT, env }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: number; stdout: string; stderr: string } | undefined;
    expect(error?.code).toBe(1);
    expect(error?.stdout).toBe('');
    // npm itself may print warnings about the machine's npm config; ours is the only other line.
    const ours = (error?.stderr ?? '').split('\n').filter((l) => l !== '' && !l.startsWith('npm warn'));
    expect(ours).toEqual(['This file is not a CSV: save the spreadsheet as "CSV UTF-8 (comma delimited)" and try again.']);
  });
});

describe('spawned: damaged, UTF-16 and Windows-1252 files', () => {
  const env = { ...process.env, TEXTBANK_LANG: 'en' };
  const dir = mkdtempSync(join(tmpdir(), 'textbank-check-csv-'));
  const voters = voterText(1000);
  const file = (name: string, bytes: Buffer | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const spawned = async (path: string) =>
    run('npx', ['tsx', 'src/cli.ts', 'check-csv', path], { cwd: ROOT, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const COLUMNS = { phone: 'phone', firstName: 'first_name', lastName: 'last_name', zip: 'zip', custom: ['note'] };

  it('a 1,000-row file with two NUL bytes: 998 valid, the two rows listed by their real line', async () => {
    const nul = file('nul.csv', withNulBytes(voters, [123, 877]));
    const { code, stdout } = await spawned(nul);
    expect(code).toBe(0);
    const report = {
      rows: 1000,
      valid: 998,
      duplicates: 0,
      invalid: [
        { line: voters.startLines[123], reason: 'unreadable_characters' },
        { line: voters.startLines[877], reason: 'unreadable_characters' },
      ],
      columns: COLUMNS,
    };
    expect(JSON.parse(stdout)).toEqual(report);
    // The same report in process (what the import command uses).
    expect(JSON.parse((await cli(['check-csv', nul])).stdout)).toEqual(report);
  });

  it('UTF-16LE and UTF-16BE without a BOM, and Windows-1252, print the report of the UTF-8 file', async () => {
    const utf8 = await spawned(file('utf8.csv', voters.text));
    expect(JSON.parse(utf8.stdout)).toEqual({ rows: 1000, valid: 1000, duplicates: 0, invalid: [], columns: COLUMNS });
    for (const [name, bytes] of [
      ['utf16le.csv', utf16(voters.text, 'le', false)],
      ['utf16be.csv', utf16(voters.text, 'be', false)],
      ['cp1252.csv', windows1252(voters.text)],
    ] as const) {
      const { code, stdout } = await spawned(file(name, bytes));
      expect(code, name).toBe(0);
      expect(stdout, name).toBe(utf8.stdout);
    }
  }, 60_000);

  it.each([
    ['image.png', pngBytes],
    ['book.xlsx', xlsxBytes],
  ])('%s is still refused with the clear sentence', async (name, bytes) => {
    const { code, stdout, stderr } = await spawned(file(name, bytes()));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const ours = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('npm warn'));
    expect(ours).toEqual(['This file is not a CSV: save the spreadsheet as "CSV UTF-8 (comma delimited)" and try again.']);
  });
});
