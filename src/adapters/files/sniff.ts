// Look at the first bytes of an upload to decide how to read it: text encoding, or "not a CSV"
// (binary: a spreadsheet workbook, a PDF, an image), and which field delimiter the header uses.

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many bytes are read before deciding. */
export const SNIFF_BYTES = 64 * 1024;

const CONTROL_SHARE_LIMIT = 0.01;

function isUtf8(head: Uint8Array): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Share of bytes that never appear in text files (C0 controls other than tab, LF, FF, CR). */
function controlShare(head: Uint8Array): number {
  let controls = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) controls += 1;
  return head.length === 0 ? 0 : controls / head.length;
}

/** The encoding of a text file from its first bytes, or 'binary' when it is not text at all. */
export function sniffEncoding(head: Uint8Array): TextEncoding | 'binary' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.includes(0x00) || controlShare(head) > CONTROL_SHARE_LIMIT) return 'binary';
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
