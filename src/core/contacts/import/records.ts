// The parsed-CSV record the import core consumes; a file adapter produces these.

export interface ParsedRecord {
  /** Field values in column order (already split by the CSV parser). */
  readonly fields: readonly string[];
  /** 1-based line of the file where the record starts (the header is line 1). */
  readonly line: number;
  /** Bytes of the file read so far, for progress reports. */
  readonly bytes?: number;
  /** Set when the CSV parser could not split this record (it is reported, never imported). */
  readonly malformed?: boolean;
  /** Set when the record holds a NUL byte, which no text holds: a damaged row (reported, never imported). */
  readonly unreadable?: boolean;
}
