// The part of an import shared by `check-csv` and the real import: read the header, map every
// record, drop duplicates within the file, and count what happened. No store, no I/O.
import type { Lang } from '../../model/common.js';
import type { NewContact } from '../../model/contact.js';
import { UserError } from '../../errors.js';
import { normalizePhone, type NormalizePhoneResult } from '../phone.js';
import { mapHeader, standardColumnOf, type HeaderMapping } from './header-map.js';
import { PhoneSet } from './phone-set.js';
import type { ParsedRecord } from './records.js';
import type { FileErrorCode, RowRejection } from './reasons.js';
import { createRowMapper, isBlankRecord, phoneCellOf, type RowMapper } from './row-mapper.js';

export interface ScanOptions {
  defaultRegion?: string;
  defaultLanguage?: Lang;
  /** Keep at most this many rejections in `invalid` (all are counted in `invalidTotal`). Default: no limit. */
  maxInvalid?: number;
}

/** The error that stops a whole file; `identifier` is `import:error.<code>`. */
export function fileError(code: FileErrorCode, context: Record<string, string | number> = {}): UserError {
  return new UserError(`import:error.${code}`, context);
}

const MAX_LISTED_HEADERS = 8;

/** A header cell without NUL characters: a stray NUL in a column name still names the column. */
function withoutNul(cell: string): string {
  return cell.replaceAll('\u0000', '').trim();
}

/** Decide why a header without a phone column cannot be imported (always throws). */
function rejectHeader(header: ParsedRecord, mapping: HeaderMapping, region: string): never {
  const cells = header.fields.map((f) => f.trim()).filter((f) => f !== '');
  if (cells.length === 0) throw fileError('not_csv');
  if (cells.some((cell) => normalizePhone(cell, region).ok)) throw fileError('no_header');
  if (mapping.width === 1 && !standardColumnOf(cells[0] ?? '')) throw fileError('not_csv');
  const listed = cells.slice(0, MAX_LISTED_HEADERS).join(', ') + (cells.length > MAX_LISTED_HEADERS ? ', …' : '');
  throw fileError('no_phone_column', { columns: listed });
}

export class ImportScan {
  readonly mapping: HeaderMapping;
  /** Data records seen (blank lines and the header excluded). */
  rows = 0;
  /** Unique importable contacts so far. */
  valid = 0;
  /** Records whose phone repeats an earlier record of the file. */
  duplicates = 0;
  invalidTotal = 0;
  readonly invalid: RowRejection[] = [];
  /** Bytes read so far (from the last record that carried it). */
  bytes = 0;
  private readonly mapRow: RowMapper;
  private readonly seen = new PhoneSet();
  private readonly maxInvalid: number;

  /** Throws a UserError (`import:error.*`) when the header has no usable phone column. */
  constructor(record: ParsedRecord, options: ScanOptions = {}) {
    const region = options.defaultRegion ?? 'US';
    const header = record.unreadable ? { ...record, fields: record.fields.map(withoutNul) } : record;
    this.mapping = mapHeader(header.fields);
    if (this.mapping.phoneColumnMissing) rejectHeader(header, this.mapping, region);
    this.mapRow = createRowMapper(this.mapping, options);
    this.maxInvalid = options.maxInvalid ?? Number.POSITIVE_INFINITY;
  }

  /** The phone cell of a record that will need normalizing (for batching), else undefined. */
  phoneCell(record: ParsedRecord): string | undefined {
    return isBlankRecord(record.fields) ? undefined : phoneCellOf(record, this.mapping);
  }

  /**
   * Map one record; returns the contact when it is valid and new in this file. `phone` is the
   * normalized phoneCell(record), when the caller normalized it ahead (in a batch).
   */
  next(record: ParsedRecord, phone?: NormalizePhoneResult): NewContact | undefined {
    if (record.bytes !== undefined) this.bytes = record.bytes;
    if (!record.malformed && isBlankRecord(record.fields)) return undefined;
    this.rows += 1;
    const result = this.mapRow(record, phone);
    if (!result.ok) {
      this.invalidTotal += 1;
      if (this.invalid.length < this.maxInvalid) this.invalid.push({ line: record.line, reason: result.reason });
      return undefined;
    }
    if (!this.seen.add(result.contact.phone)) {
      this.duplicates += 1;
      return undefined;
    }
    this.valid += 1;
    return result.contact;
  }

  /** Rejections in file order. */
  sortedInvalid(): RowRejection[] {
    return [...this.invalid].sort((a, b) => a.line - b.line);
  }
}
