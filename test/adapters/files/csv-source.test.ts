import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRecords, openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { LineEndingNormalizer } from '../../../src/adapters/files/line-endings.js';
import { sniffDelimiter, sniffEncoding } from '../../../src/adapters/files/sniff.js';
import { checkRecords } from '../../../src/core/contacts/import/check.js';
import type { ParsedRecord } from '../../../src/core/contacts/import/records.js';
import { UserError } from '../../../src/core/errors.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'csv');
const fixture = (name: string): string => join(FIXTURES, name);

async function collect(input: Readable | AsyncIterable<Uint8Array>): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const r of csvRecords(input)) out.push(r);
  return out;
}
const fromText = (text: string | Buffer, chunkSize?: number): Readable => {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (!chunkSize) return Readable.from([buf]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize));
  return Readable.from(chunks);
};
const simple = (records: ParsedRecord[]) => records.map((r) => ({ line: r.line, fields: [...r.fields], ...(r.malformed ? { malformed: true } : {}) }));

async function fileError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).identifier;
}

describe('csvRecords: messy input', () => {
  const messy = '\ufeffphone,name\r\n\r\n2025550143,"a\r\nb"\r\n\r\n\r\n2025550144,c\r\n"x\r\n\r\ny",z,extra\r\n   \r\nlast,one\r\n';
  const expected = [
    { line: 1, fields: ['phone', 'name'] },
    { line: 3, fields: ['2025550143', 'a\nb'] },
    { line: 7, fields: ['2025550144', 'c'] },
    { line: 8, fields: ['x\n\ny', 'z', 'extra'] },
    { line: 12, fields: ['last', 'one'] },
  ];

  it('BOM, CRLF, blank and whitespace-only lines, quoted line breaks: each record gets the line it starts on', async () => {
    expect(simple(await collect(fromText(messy)))).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries (1 byte, 2 bytes, 7 bytes)', async () => {
    for (const size of [1, 2, 7]) expect(simple(await collect(fromText(messy, size))), `chunks of ${size}`).toEqual(expected);
  });

  it('handles LF-only and CR-only (old Mac) files the same way', async () => {
    expect(simple(await collect(fromText(messy.replace(/\r\n/g, '\n'))))).toEqual(expected);
    expect(simple(await collect(fromText(messy.replace(/\r\n/g, '\r'))))).toEqual(expected);
  });

  it('trims fields, keeps commas inside quotes, unescapes doubled quotes', async () => {
    const records = await collect(fromText('phone , name\n 2025550143 ,  "Smith, Jr." \n2025550144,"Bob ""B"" Jones"\n'));
    expect(simple(records)).toEqual([
      { line: 1, fields: ['phone', 'name'] },
      { line: 2, fields: ['2025550143', 'Smith, Jr.'] },
      { line: 3, fields: ['2025550144', 'Bob "B" Jones'] },
    ]);
  });

  it('keeps going after a stray quote ("Bob" Smith) and reports an unclosed quote as one malformed record', async () => {
    const records = await collect(fromText('phone,name\n2025550143,"Bob" Smith\n2025550144,ok\n2025550145,"unclosed\n2025550146,z\n'));
    // A skipped record may come out after later ones (the header always comes first); the report sorts by line.
    expect(records[0]?.line).toBe(1);
    expect(simple(records).sort((a, b) => a.line - b.line)).toEqual([
      { line: 1, fields: ['phone', 'name'] },
      { line: 2, fields: ['2025550143', '"Bob" Smith'] },
      { line: 3, fields: ['2025550144', 'ok'] },
      { line: 4, fields: [], malformed: true },
    ]);
  });

  it.each([
    [';', 'phone;name;zip\n2025550143;Ana;20001\n'],
    ['\t', 'phone\tname\tzip\n2025550143\tAna\t20001\n'],
    ['|', 'phone|name|zip\n2025550143|Ana|20001\n'],
  ])('detects the %j delimiter from the header', async (_d, text) => {
    expect(simple(await collect(fromText(text)))).toEqual([
      { line: 1, fields: ['phone', 'name', 'zip'] },
      { line: 2, fields: ['2025550143', 'Ana', '20001'] },
    ]);
  });

  it('reads UTF-16 (with BOM) and Windows-1252 files', async () => {
    const text = 'phone,name\r\n2025550143,José Peña\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(simple(await collect(fromText(utf16, 5)))).toEqual([
      { line: 1, fields: ['phone', 'name'] },
      { line: 2, fields: ['2025550143', 'José Peña'] },
    ]);
    const read = async (name: string) => {
      const out: ParsedRecord[] = [];
      for await (const r of (await openCsvFile(fixture(name))).records) out.push(r);
      return simple(out);
    };
    const cp1252 = await read('latin-headers-cp1252.csv');
    expect(cp1252[0]?.fields).toEqual(['Teléfono Móvil', 'Nombre', 'Apellidos', 'Código Postal', 'Idioma', 'Distrito']);
    expect(cp1252).toEqual(await read('latin-headers.csv'));
  });

  it('accepts a web ReadableStream', async () => {
    const web = Readable.toWeb(fromText('phone\n2025550143\n')) as ReadableStream<Uint8Array>;
    expect(simple(await collect(web))).toEqual([
      { line: 1, fields: ['phone'] },
      { line: 2, fields: ['2025550143'] },
    ]);
  });

  it('reports bytes read, ending at the file size', async () => {
    const source = await openCsvFile(fixture('bom-crlf.csv'));
    const records: ParsedRecord[] = [];
    for await (const r of source.records) records.push(r);
    expect(source.totalBytes).toBe(211);
    expect(records.at(-1)?.bytes).toBe(211);
  });
});

describe('fixtures through check', () => {
  it('bom-crlf.csv: the BOM is not part of the first header, the blank line still counts', async () => {
    const source = await openCsvFile(fixture('bom-crlf.csv'));
    expect(await checkRecords(source.records)).toEqual({
      rows: 4,
      valid: 3,
      duplicates: 0,
      invalid: [{ line: 6, reason: 'too_short' }],
      columns: { phone: 'Phone', firstName: 'First_Name', lastName: 'last name', zip: 'ZIP', custom: ['Notes'] },
    });
  });

  it('quoted-newlines.csv: records spanning lines report the line they start on', async () => {
    const source = await openCsvFile(fixture('quoted-newlines.csv'));
    expect(await checkRecords(source.records)).toEqual({
      rows: 4,
      valid: 2,
      duplicates: 1,
      invalid: [{ line: 7, reason: 'toll_free' }],
      columns: { phone: 'phone', firstName: 'first_name', lastName: 'last_name', zip: 'zip', custom: ['note'] },
    });
  });

  it('latin-headers.csv (Spanish headers, ";" delimiter) and its Windows-1252 twin map the same columns', async () => {
    for (const name of ['latin-headers.csv', 'latin-headers-cp1252.csv']) {
      const source = await openCsvFile(fixture(name));
      expect(await checkRecords(source.records), name).toEqual({
        rows: 3,
        valid: 3,
        duplicates: 0,
        invalid: [],
        columns: { phone: 'Teléfono Móvil', firstName: 'Nombre', lastName: 'Apellidos', zip: 'Código Postal', custom: ['Distrito'] },
      });
    }
  });

  describe('files that cannot be imported fail with one UserError', () => {
    it.each([
      ['not-csv.bin', 'import:error.not_csv'],
      ['empty.csv', 'import:error.empty'],
      ['no-phone-column.csv', 'import:error.no_phone_column'],
      ['header-only.csv', 'import:error.no_rows'],
      ['phones-no-header.csv', 'import:error.no_header'],
    ])('%s -> %s', async (name, key) => {
      const source = await openCsvFile(fixture(name));
      expect(await fileError(checkRecords(source.records))).toBe(key);
    });

    it('a missing path or a directory is import:error.unreadable', async () => {
      expect(await fileError(openCsvFile(fixture('does-not-exist.csv')))).toBe('import:error.unreadable');
      expect(await fileError(openCsvFile(mkdtempSync(join(tmpdir(), 'textbank-dir-'))))).toBe('import:error.unreadable');
    });

    it('a BOM and whitespace only is empty', async () => {
      expect(await fileError(checkRecords(csvRecords(fromText('\ufeff \r\n\r\n'))))).toBe('import:error.empty');
    });
  });
});

describe('sniffing helpers', () => {
  it('sniffEncoding', () => {
    expect(sniffEncoding(Buffer.from('phone\n2025550143\n'))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from([0x70, 0x68, 0xe9, 0x0a]))).toBe('windows-1252');
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x70, 0x00]))).toBe('utf-16le');
    expect(sniffEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe('binary'); // an .xlsx (zip)
    expect(sniffEncoding(Buffer.from('%PDF-1.7\n\x01\x02\x03\x04\x05\x06\x07\x08'))).toBe('binary');
  });

  it('sniffDelimiter ignores delimiters inside quotes and leading blank lines', () => {
    expect(sniffDelimiter('\n"a;b;c",d,e\n')).toBe(',');
    expect(sniffDelimiter('phone;name;first,x\n')).toBe(';');
    expect(sniffDelimiter('phone;name,first\n')).toBe(','); // a tie keeps the comma
    expect(sniffDelimiter('phone\n')).toBe(',');
  });

  it('LineEndingNormalizer handles a CR at a chunk boundary', () => {
    const n = new LineEndingNormalizer();
    const out = Buffer.concat([n.push(Buffer.from('a\r')), n.push(Buffer.from('\nb\r')), n.push(Buffer.from('c\r')), n.end()]).toString();
    expect(out).toBe('a\nb\nc\n');
    const m = new LineEndingNormalizer();
    expect(Buffer.concat([m.push(Buffer.from('x\r')), m.push(Buffer.alloc(0)), m.push(Buffer.from('\ny')), m.end()]).toString()).toBe('x\ny');
  });
});
