// CSV file/stream -> ParsedRecord stream for the import core (csv-parse underneath).
// Handles UTF-8 with or without BOM, UTF-16 and Windows-1252 files, CRLF/CR/LF line breaks,
// quoted fields with delimiters and line breaks, ',', ';', tab or '|' delimiters, blank lines,
// and rows with too many/too few columns (reported by the core, never fatal).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';
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

/** Re-encode to UTF-8 (when needed) and normalize line breaks, chunk by chunk. */
async function* prepared(head: Buffer, rest: AsyncIterator<Buffer>, encoding: TextEncoding): AsyncGenerator<Buffer> {
  const decoder = encoding === 'utf-8' ? undefined : new TextDecoder(encoding);
  const lines = new LineEndingNormalizer();
  const convert = (chunk: Buffer): Buffer => lines.push(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk);
  yield convert(head);
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield convert(next.value);
  if (decoder) yield lines.push(Buffer.from(decoder.decode(), 'utf8'));
  yield lines.end();
}

const WS = /\s/;

/** Trim a field; a relaxed `"text" ` (space after the closing quote) loses its quotes too. */
function cleanField(field: string): string {
  if (field === '') return field;
  if (!WS.test(field[0] as string) && !WS.test(field[field.length - 1] as string)) return field;
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

  let lastEndLine = 0;
  const skipped: ParsedRecord[] = [];
  const options: Options<ParsedRecord, string[]> = {
    bom: true,
    delimiter: sniffDelimiter(headText),
    ltrim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      skipped.push({ fields: [], line: lastEndLine + 1, bytes: counter.bytes, malformed: true });
      if (error && typeof error.lines === 'number') lastEndLine = error.lines;
      return undefined;
    },
    on_record: (fields: string[], context: InfoRecord): ParsedRecord => {
      const line = context.lines - countLineBreaks(fields);
      lastEndLine = context.lines;
      return { fields: fields.map(cleanField), line, bytes: counter.bytes };
    },
  };
  // on_record turns string[] into ParsedRecord; parse()'s non-column overload only types string[] records.
  const parser = parse(options as unknown as Options);
  const feeding = pipeline(Readable.from(prepared(headBuf, chunks, encoding)), parser);
  feeding.catch(() => undefined); // surfaced through the parser's iterator or awaited below
  try {
    for await (const record of parser as AsyncIterable<ParsedRecord>) {
      yield record; // the header always comes first; skipped records follow the record after them
      if (skipped.length > 0) yield* skipped.splice(0);
    }
    await feeding;
    if (skipped.length > 0) yield* skipped.splice(0);
  } finally {
    parser.destroy();
  }
}
