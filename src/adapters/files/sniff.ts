// Look at the first bytes of an upload to decide how to read it: text encoding, or "not a CSV"
// (binary: a spreadsheet workbook, a PDF, an image), and which field delimiter the header uses.
//
// NUL bytes alone do not make a file binary: UTF-16 text is half NULs (told apart by where they
// sit), and a voter file damaged by a few stray NULs is still text whose other rows import (the
// rows holding them are reported). Binary files are known by their signature, or by control
// bytes spread over most of their "lines" rather than sitting in a few rows.

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many bytes are read before deciding. */
export const SNIFF_BYTES = 64 * 1024;

/** Control bytes above this share of the sample may mean binary (see looksBinary). */
const CONTROL_SHARE_LIMIT = 0.01;
/** ...when they sit in more than this share of the sample's lines. */
const CONTROL_LINE_SHARE_LIMIT = 0.5;

/** Bytes looked at for UTF-16 without a BOM. */
const UTF16_SAMPLE_BYTES = 4096;
/** UTF-16 of ASCII-range text: at least this share of the high bytes is 0x00... */
const UTF16_MIN_ZERO_HIGH = 0.5;
/** ...and at most this share of the low bytes (U+0000 itself, or U+xx00 letters). */
const UTF16_MAX_ZERO_LOW = 0.05;

/** File signatures of formats people upload by mistake instead of a CSV (magic numbers). */
const SIGNATURES: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04], // zip: .xlsx, .ods, .docx, .numbers
  [0x50, 0x4b, 0x05, 0x06], // empty zip
  [0x50, 0x4b, 0x07, 0x08], // spanned zip
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE2: .xls, .doc
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], // Rar!
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], // SQLite format 3
];

function startsWith(head: Uint8Array, signature: readonly number[]): boolean {
  if (head.length < signature.length) return false;
  for (let i = 0; i < signature.length; i += 1) if (head[i] !== signature[i]) return false;
  return true;
}

/** True when the sample starts with the signature of a known binary format. */
export function hasBinarySignature(head: Uint8Array): boolean {
  return SIGNATURES.some((signature) => startsWith(head, signature));
}

/** A byte (or UTF-16 code unit) that never appears in text files: C0 controls other than tab, LF, FF, CR. */
function isControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

function isUtf8(head: Uint8Array): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Binary when control bytes are more than 1% of the sample and sit in most of its lines: a text
 * file with a few damaged rows has them in those rows only, while compressed or executable data
 * has them everywhere (and few line breaks).
 */
function looksBinary(head: Uint8Array): boolean {
  let controls = 0;
  let lines = 0;
  let linesWithControls = 0;
  let lineHasText = false;
  let lineHasControl = false;
  for (const b of head) {
    if (b === 0x0a || b === 0x0d) {
      if (lineHasText) {
        lines += 1;
        if (lineHasControl) linesWithControls += 1;
      }
      lineHasText = false;
      lineHasControl = false;
    } else {
      lineHasText = true;
      if (isControl(b)) {
        controls += 1;
        lineHasControl = true;
      }
    }
  }
  if (lineHasText) {
    lines += 1;
    if (lineHasControl) linesWithControls += 1;
  }
  if (head.length === 0 || controls / head.length <= CONTROL_SHARE_LIMIT) return false;
  return linesWithControls / lines > CONTROL_LINE_SHARE_LIMIT;
}

/**
 * UTF-16 written without a BOM (some exports do that): in ASCII-range text every other byte is
 * 0x00, the high byte of each code unit; little-endian puts it second, big-endian first.
 */
export function sniffUtf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(head.length, UTF16_SAMPLE_BYTES) & ~1;
  const units = n / 2;
  if (units < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros += 1;
    if (head[i + 1] === 0) oddZeros += 1;
  }
  const guess =
    oddZeros >= units * UTF16_MIN_ZERO_HIGH && evenZeros <= units * UTF16_MAX_ZERO_LOW
      ? 'utf-16le'
      : evenZeros >= units * UTF16_MIN_ZERO_HIGH && oddZeros <= units * UTF16_MAX_ZERO_LOW
        ? 'utf-16be'
        : undefined;
  if (guess === undefined) return undefined;
  // Binary made of 16-bit numbers can show the same pattern: the decoded text must read as text.
  const text = new TextDecoder(guess).decode(head.subarray(0, n));
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) if (isControl(text.charCodeAt(i))) controls += 1;
  return controls / text.length <= CONTROL_SHARE_LIMIT ? guess : undefined;
}

/** The encoding of a text file from its first bytes, or 'binary' when it is not text at all. */
export function sniffEncoding(head: Uint8Array): TextEncoding | 'binary' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (hasBinarySignature(head)) return 'binary';
  const utf16 = head.includes(0x00) ? sniffUtf16WithoutBom(head) : undefined;
  if (utf16 !== undefined) return utf16;
  if (looksBinary(head)) return 'binary';
  // Excel on Windows saves "CSV" in Windows-1252: accented names are single bytes there.
  return isUtf8(head) ? 'utf-8' : 'windows-1252';
}

const CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

/** The delimiter used most often in the first non-blank line outside quotes; ',' when none. */
export function sniffDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  let started = false;
  for (const ch of text.startsWith('\ufeff') ? text.slice(1) : text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (started) break;
    } else if (!quoted) {
      if (ch.trim() !== '') started = true;
      if ((CANDIDATES as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
