// Stable reason codes for rows an import skips. i18n: `import:reason.<code>` (locales/<lng>/import.json).
import { PHONE_REJECT_REASONS, type PhoneRejectReason } from '../phone.js';

/** A phone the normalizer refused (an empty cell is reported as `missing_phone`). */
export type PhoneRowReason = Exclude<PhoneRejectReason, 'empty'>;

export type RowRejectReason =
  | PhoneRowReason
  | 'missing_phone'
  | 'too_many_columns'
  | 'too_few_columns'
  /** The CSV itself was broken on this record (e.g. text after a closing quote). */
  | 'malformed_row'
  /** The record holds a NUL byte (the file is damaged there). */
  | 'unreadable_characters';

export const ROW_REJECT_REASONS: readonly RowRejectReason[] = [
  ...PHONE_REJECT_REASONS.filter((r): r is PhoneRowReason => r !== 'empty'),
  'missing_phone',
  'too_many_columns',
  'too_few_columns',
  'malformed_row',
  'unreadable_characters',
];

/** A skipped row: the 1-based line of the file where the record starts (header = line 1). */
export interface RowRejection {
  line: number;
  reason: RowRejectReason;
}

/** Reason codes of the errors that stop a whole file. i18n: `import:error.<code>`. */
export type FileErrorCode = 'empty' | 'no_rows' | 'not_csv' | 'no_phone_column' | 'no_header' | 'unreadable';
