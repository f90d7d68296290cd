// CSV file/stream -> ParsedRecord stream for the import core (csv-parse underneath).
// Handles UTF-8 with or without BOM, UTF-16 (LE/BE, with or without BOM) and Windows-1252 files,
// CRLF/CR/LF line breaks, quoted fields with delimiters and line breaks, ',', ';', tab or '|'
// delimiters, blank lines, rows with too many/too few columns, and rows holding NUL bytes (a
// damaged file; all reported by the core, never fatal).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import type { ParsedRecord } from '../../core/contacts/import/records.js';
import { fileError } from '../../core/contacts/import/scan.js';
import { LineEndingNormalizer } from './line-endings.js';
import { SNIFF_BYTES, sniffDelimiter, sniffEncoding, type TextEncoding } from './sniff.js';

export type ByteSource = Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export interface CsvSource {
  records: AsyncIterable<ParsedRecord>;
  /** File size, when known (for progress). */
  totalBytes?: number;
}

/** Open a CSV file by path. Throws UserError `import:error.unreadable` when it cannot be opened. */
export async function openCsvFile(path: string): Promise<CsvSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    throw fileError('unreadable', { file: path });
  }
  return { records: csvRecords(createReadStream(path, { highWaterMark: SNIFF_BYTES })), totalBytes: size };
}

async function* byteChunks(input: ByteSource, counter: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    counter.bytes += buf.length;
    yield buf;
  }
}

/** True when a sample holds nothing but a BOM and whitespace. */
function isBlankText(head: Buffer): boolean {
  return head.toString('utf8').replace(/^\ufeff/, '').trim() === '';
}

/**
 * True when a record's fields hold a NUL: no text holds one, so the row was damaged (a disk or
 * transfer fault, a tool padding a cell) and its values cannot be trusted. Other control
 * characters stay as before: FileMaker, for one, writes a vertical tab for a line break in a cell.
 */
function hasNul(fields: readonly string[]): boolean {
  for (const f of fields) if (f.includes('\u0000')) return true;
  return false;
}

/**
 * Re-encode to UTF-8 (when needed) and normalize line breaks, chunk by chunk. `seen.nul` turns
 * true before the first chunk holding a NUL byte goes to the parser, so only records parsed after
 * that need their fields checked (most files have none; the chunk test is one native search).
 */
async function* prepared(head: Buffer, rest: AsyncIterator<Buffer>, encoding: TextEncoding, seen: { nul: boolean }): AsyncGenerator<Buffer> {
  const decoder = encoding === 'utf-8' ? undefined : new TextDecoder(encoding);
  const lines = new LineEndingNormalizer();
  const normalize = (utf8: Buffer): Buffer => {
    const out = lines.push(utf8);
    if (!seen.nul && out.indexOf(0) !== -1) seen.nul = true;
    return out;
  };
  const convert = (chunk: Buffer): Buffer => normalize(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk);
  yield convert(head);
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield convert(next.value);
  if (decoder) yield normalize(Buffer.from(decoder.decode(), 'utf8'));
  yield lines.end();
}

/** Whitespace as String.prototype.trim sees it, for the common one-byte cases and NBSP. */
function isSpace(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && (code <= 0x200a || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000));
}

/** Trim a field; a relaxed `"text" ` (space after the closing quote) loses its quotes too. */
function cleanField(field: string): string {
  if (field === '' || (!isSpace(field.charCodeAt(0)) && !isSpace(field.charCodeAt(field.length - 1)))) return field;
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

function countLineBreaks(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let at = f.indexOf('\n'); at !== -1; at = f.indexOf('\n', at + 1)) n += 1;
  }
  return n;
}

/**
 * Parse CSV bytes into records; the first record is the header. Throws UserError
 * `import:error.not_csv` for binary input; yields nothing for an empty file.
 */
export async function* csvRecords(input: ByteSource): AsyncGenerator<ParsedRecord> {
  const counter = { bytes: 0 };
  const chunks = byteChunks(input, counter);
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const headBuf = Buffer.concat(head);
  const encoding = sniffEncoding(headBuf);
  if (encoding === 'binary') {
    await chunks.return(undefined);
    throw fileError('not_csv');
  }
  const headText = encoding === 'utf-8' ? headBuf.toString('utf8') : new TextDecoder(encoding).decode(headBuf);
  if (isBlankText(Buffer.from(headText, 'utf8'))) {
    await chunks.return(undefined);
    return;
  }

  // Line numbers are counted here, not taken from csv-parse's per-record info (costly, and it
  // counts a CRLF inside quotes twice): every record, blank ones included, starts on the line
  // after the previous record's last line, so line = 1 + records' own line breaks + records.
  const skips: { after: number }[] = [];
  const seen = { nul: false };
  const parser = parse({
    bom: true,
    delimiter: sniffDelimiter(headText),
    record_delimiter: '\n', // line breaks are normalized to LF before parsing
    ltrim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      // The only error left with relax_quotes is an unclosed quote (at the end of the input) or an
      // oversized record; it comes after `records` records were emitted.
      skips.push({ after: typeof error?.records === 'number' ? error.records : Number.MAX_SAFE_INTEGER });
      return undefined;
    },
  });
  const feeding = pipeline(Readable.from(prepared(headBuf, chunks, encoding, seen)), parser);
  feeding.catch(() => undefined); // surfaced through the parser's iterator or awaited below
  let line = 1;
  let consumed = 0;
  const malformed = (): ParsedRecord => ({ fields: [], line, bytes: counter.bytes, malformed: true });
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      while (skips.length > 0 && (skips[0]?.after ?? 0) <= consumed) {
        skips.shift();
        yield malformed();
      }
      consumed += 1;
      const start = line;
      line += 1 + countLineBreaks(fields);
      if (fields.length === 1 && fields[0] === '') continue; // a blank line
      for (let i = 0; i < fields.length; i += 1) fields[i] = cleanField(fields[i] as string);
      if (seen.nul && hasNul(fields)) yield { fields, line: start, bytes: counter.bytes, unreadable: true };
      else yield { fields, line: start, bytes: counter.bytes };
    }
    await feeding;
    for (; skips.length > 0; skips.shift()) yield malformed();
  } finally {
    parser.destroy();
  }
}
