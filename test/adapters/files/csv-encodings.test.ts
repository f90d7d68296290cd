// Voter files in other encodings and damaged files, through the real pipeline: file on disk ->
// openCsvFile (sniff, decode, csv-parse) -> ContactImporter -> memory store, and through check.
// Files are generated here (test/fixtures/csv/generate-damaged.ts); line numbers are compared
// with the lines the generator wrote and with a count of the file's own line-feed bytes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csvRecords, openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { sniffEncoding } from '../../../src/adapters/files/sniff.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { checkRecords } from '../../../src/core/contacts/import/check.js';
import { ContactImporter } from '../../../src/core/contacts/import/importer.js';
import type { ImportReport } from '../../../src/core/contacts/import/report.js';
import { UserError } from '../../../src/core/errors.js';
import type { Contact } from '../../../src/core/model/contact.js';
import type { Clock, Store } from '../../../src/core/ports.js';
import {
  noise,
  pngBytes,
  uint16Table,
  utf16,
  voterText,
  windows1252,
  withNulBytes,
  xlsBytes,
  xlsxBytes,
  type VoterText,
} from '../../fixtures/csv/generate-damaged.js';

const clock: Clock = { now: () => new Date('2026-03-02T15:00:00Z') };
const DIR = mkdtempSync(join(tmpdir(), 'textbank-encodings-'));
const NUL_ROWS = [123, 877];

let voters: VoterText;
let store: Store;
let orgId: string;
let campaignId: string;

beforeAll(() => {
  voters = voterText(1000);
});

beforeEach(async () => {
  store = createMemoryStore({ clock });
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'T1', name: 'Test Org' });
  orgId = org.id;
  campaignId = (await store.campaigns.create(orgId, { orgId, slug: 'gotv', name: 'GOTV', createdBy: 'm1' })).id;
});

function write(name: string, bytes: Buffer | string): string {
  const path = join(DIR, name);
  writeFileSync(path, bytes);
  return path;
}

async function importFile(path: string): Promise<ImportReport> {
  const source = await openCsvFile(path);
  return new ContactImporter(store, clock).run(source.records, { orgId, campaignId });
}

/** What a voter becomes in the store, without ids and timestamps. */
async function storedVoters(): Promise<Partial<Contact>[]> {
  const out: Partial<Contact>[] = [];
  for await (const c of store.contacts.streamByCampaign(orgId, campaignId)) {
    out.push({ phone: c.phone, firstName: c.firstName, lastName: c.lastName, zip: c.zip, customFields: c.customFields, importLine: c.importLine });
  }
  return out.sort((a, b) => (a.importLine ?? 0) - (b.importLine ?? 0));
}

/** The 1-based line of each NUL byte, counted from the file's own LF bytes. */
function linesOfNulBytes(bytes: Buffer): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const b of bytes) {
    if (b === 0x0a) line += 1;
    else if (b === 0x00) lines.push(line);
  }
  return lines;
}

async function notCsv(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).identifier;
}

describe('sniffEncoding tells text, UTF-16 and binary apart', () => {
  it.each([
    ['UTF-8', () => Buffer.from(voterText(50).text, 'utf8'), 'utf-8'],
    ['Windows-1252', () => windows1252(voterText(50).text), 'windows-1252'],
    ['UTF-16LE with BOM', () => utf16(voterText(50).text, 'le', true), 'utf-16le'],
    ['UTF-16BE with BOM', () => utf16(voterText(50).text, 'be', true), 'utf-16be'],
    ['UTF-16LE without BOM', () => utf16(voterText(50).text, 'le', false), 'utf-16le'],
    ['UTF-16BE without BOM', () => utf16(voterText(50).text, 'be', false), 'utf-16be'],
    ['UTF-16LE without BOM, header only', () => utf16('phone\r\n', 'le', false), 'utf-16le'],
    ['UTF-8 with two NUL bytes', () => withNulBytes(voterText(1000), NUL_ROWS), 'utf-8'],
    ['a small file with one NUL byte', () => Buffer.from('phone,name\n2025550143,A\u0000na\n'), 'utf-8'],
    ['a PNG image', pngBytes, 'binary'],
    ['an .xlsx workbook (zip)', xlsxBytes, 'binary'],
    ['an .xls workbook (OLE2)', xlsBytes, 'binary'],
    ['a PDF', () => Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), 'binary'],
    ['gzip', () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), noise(1024)]), 'binary'],
    ['compressed-looking bytes with no signature', () => noise(8192), 'binary'],
    ['16-bit numbers (every other byte 0x00, but not text)', () => uint16Table(), 'binary'],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffEncoding(bytes())).toBe(expected);
  });
});

describe('a 1,000-row file with two NUL bytes (a damaged file)', () => {
  it('imports the other 998 rows and reports the two by their real line, with reason unreadable_characters', async () => {
    const bytes = withNulBytes(voters, NUL_ROWS);
    const expectedLines = NUL_ROWS.map((i) => voters.startLines[i] as number);
    // The generator's lines are the file's lines: rows spanning two lines moved them past index + 2.
    expect(linesOfNulBytes(bytes)).toEqual(expectedLines);
    expect(expectedLines).toEqual([129, 903]);

    const report = await importFile(write('nul.csv', bytes));
    expect(report).toMatchObject({ rows: 1000, imported: 998, duplicates: 0, optedOut: 0, invalidTotal: 2 });
    expect(report.invalid).toEqual(expectedLines.map((line) => ({ line, reason: 'unreadable_characters' })));

    const stored = await storedVoters();
    expect(stored).toHaveLength(998);
    const skipped = new Set(NUL_ROWS.map((i) => voters.phones[i]));
    expect(stored.map((c) => c.phone)).toEqual(voters.phones.filter((p) => !skipped.has(p)));
    // Every imported contact remembers the line its record starts on.
    expect(stored.map((c) => c.importLine)).toEqual(voters.startLines.filter((_l, i) => !NUL_ROWS.includes(i)));
    expect(stored.some((c) => JSON.stringify(c).includes('\\u0000'))).toBe(false);
  });

  it('check reports the same rows and lines', async () => {
    const source = await openCsvFile(write('nul-check.csv', withNulBytes(voters, NUL_ROWS)));
    expect(await checkRecords(source.records)).toEqual({
      rows: 1000,
      valid: 998,
      duplicates: 0,
      invalid: [
        { line: 129, reason: 'unreadable_characters' },
        { line: 903, reason: 'unreadable_characters' },
      ],
      columns: { phone: 'phone', firstName: 'first_name', lastName: 'last_name', zip: 'zip', custom: ['note'] },
    });
  });

  it('finds NUL bytes past the first 64 KB the sniffer reads, whatever the chunk size', async () => {
    const big = voterText(3000);
    const bytes = withNulBytes(big, [2500]);
    expect(bytes.indexOf(0)).toBeGreaterThan(64 * 1024);
    for (const size of [1000, 4093]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const report = await checkRecords(csvRecords(Readable.from(chunks)));
      expect(report, `chunks of ${size}`).toMatchObject({ rows: 3000, valid: 2999, invalid: [{ line: big.startLines[2500], reason: 'unreadable_characters' }] });
    }
  });

  it('a NUL byte in a column name does not hide the column', async () => {
    const report = await importFile(write('nul-header.csv', 'pho\u0000ne,first_name\r\n2025550143,Ana\r\n'));
    expect(report).toMatchObject({ rows: 1, imported: 1, invalid: [] });
    expect(report.columns.phone).toBe('phone');
  });

  it('other control characters do not make a row unreadable (FileMaker writes a vertical tab for a line break in a cell)', async () => {
    const report = await importFile(write('vt.csv', 'phone,first_name,note\r\n2025550143,Ana,Apt 4\u000bBuzz twice\r\n2025550144,Bo,x\r\n'));
    expect(report).toMatchObject({ rows: 2, imported: 2, invalid: [] });
    expect((await storedVoters())[0]?.customFields).toEqual({ note: 'Apt 4\u000bBuzz twice' });
  });

  it('a file padded with NUL bytes after its last row imports its rows and reports the padding as one row', async () => {
    const bytes = Buffer.concat([Buffer.from(voterText(100).text, 'utf8'), Buffer.alloc(2048)]);
    expect(sniffEncoding(bytes)).toBe('utf-8');
    const report = await importFile(write('padded.csv', bytes));
    expect(report).toMatchObject({ rows: 101, imported: 100, invalid: [{ line: voterText(100).startLines.at(-1)! + 1, reason: 'unreadable_characters' }] });
  });
});

describe('UTF-16, Windows-1252 and UTF-8 files import the same contacts', () => {
  let expected: Partial<Contact>[];

  beforeAll(async () => {
    const own = createMemoryStore({ clock });
    const org = await own.orgs.create({ platform: 'sandbox', externalId: 'T0', name: 'Reference' });
    const campaign = await own.campaigns.create(org.id, { orgId: org.id, slug: 'ref', name: 'Ref', createdBy: 'm1' });
    const source = await openCsvFile(write('utf8.csv', voters.text));
    const report = await new ContactImporter(own, clock).run(source.records, { orgId: org.id, campaignId: campaign.id });
    expect(report).toMatchObject({ rows: 1000, imported: 1000, invalid: [] });
    expected = [];
    for await (const c of own.contacts.streamByCampaign(org.id, campaign.id)) {
      expected.push({ phone: c.phone, firstName: c.firstName, lastName: c.lastName, zip: c.zip, customFields: c.customFields, importLine: c.importLine });
    }
    expected.sort((a, b) => (a.importLine ?? 0) - (b.importLine ?? 0));
    // The reference itself is right: accents kept, quoted line breaks inside the note, real lines.
    expect(expected[0]).toMatchObject({ firstName: 'José', lastName: 'Peña', importLine: 2 });
    expect(expected[5]?.customFields).toEqual({ note: 'Apt 4\nBuzz twice' });
    expect(expected.map((c) => c.importLine)).toEqual(voters.startLines);
  });

  it.each([
    ['UTF-16LE without BOM', () => utf16(voters.text, 'le', false)],
    ['UTF-16BE without BOM', () => utf16(voters.text, 'be', false)],
    ['UTF-16LE with BOM', () => utf16(voters.text, 'le', true)],
    ['UTF-16BE with BOM', () => utf16(voters.text, 'be', true)],
    ['Windows-1252', () => windows1252(voters.text)],
  ])('%s', async (name, bytes) => {
    const report = await importFile(write(`${name.replace(/\W+/g, '-')}.csv`, bytes()));
    expect(report).toMatchObject({ rows: 1000, imported: 1000, duplicates: 0, invalid: [] });
    expect(await storedVoters()).toEqual(expected);
  });

  it('UTF-16 without BOM read in 7-byte chunks (code units split between chunks) gives the same report', async () => {
    const bytes = utf16(voters.text, 'be', false);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    expect(await checkRecords(csvRecords(Readable.from(chunks)))).toMatchObject({ rows: 1000, valid: 1000, invalid: [] });
  });

  it('a UTF-16 file with a U+0000 character in one row reports that row only', async () => {
    const text = withNulBytes(voters, [42]).toString('utf8');
    const report = await importFile(write('utf16-nul.csv', utf16(text, 'le', false)));
    expect(report).toMatchObject({ rows: 1000, imported: 999, invalid: [{ line: voters.startLines[42], reason: 'unreadable_characters' }] });
  });
});

describe('binary files are still refused with import:error.not_csv', () => {
  it.each([
    ['a PNG image', pngBytes],
    ['an .xlsx workbook', xlsxBytes],
    ['an .xls workbook', xlsBytes],
    ['compressed-looking bytes', () => noise(100_000)],
    ['16-bit numbers', uint16Table],
  ])('%s', async (name, bytes) => {
    expect(await notCsv(importFile(write(`${name.replace(/\W+/g, '-')}.bin`, bytes())))).toBe('import:error.not_csv');
    expect(await storedVoters()).toEqual([]);
  });
});
