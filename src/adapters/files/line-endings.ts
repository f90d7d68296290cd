// Turns CRLF and lone CR line breaks into LF before csv-parse sees the bytes: csv-parse counts a
// CRLF inside a quoted field as two lines, which would put every later line number off by one.
// (Line breaks inside quoted cells therefore come out as '\n'.)

const CR = 0x0d;
const LF = 0x0a;

export class LineEndingNormalizer {
  private pendingCr = false;

  /** Normalize one chunk; a CR at the very end is held until the next chunk shows what follows. */
  push(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    const startsWithLf = chunk[0] === LF;
    if (chunk.indexOf(CR) === -1) {
      if (!this.pendingCr) return chunk;
      this.pendingCr = false;
      // A held CR followed by LF is the same break as that LF; otherwise the CR was a break itself.
      return startsWithLf ? chunk : Buffer.concat([Buffer.of(LF), chunk]);
    }
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let n = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (!startsWithLf) out[n++] = LF;
    }
    let from = 0;
    while (from < chunk.length) {
      const cr = chunk.indexOf(CR, from);
      if (cr === -1) {
        n += chunk.copy(out, n, from);
        break;
      }
      n += chunk.copy(out, n, from, cr);
      from = cr + 1;
      if (from === chunk.length) this.pendingCr = true;
      else if (chunk[from] !== LF) out[n++] = LF;
    }
    return out.subarray(0, n);
  }

  /** End of input: a held CR is a final line break. */
  end(): Buffer {
    if (!this.pendingCr) return Buffer.alloc(0);
    this.pendingCr = false;
    return Buffer.of(LF);
  }
}
