// What an import or a check reports back to the organizer.
import { fieldKey } from '../../scripts/template.js';
import type { MappedColumns, StandardColumn } from './header-map.js';
import type { RowRejection } from './reasons.js';

export interface ImportReport {
  /** Data records in the file (header and blank lines excluded). */
  rows: number;
  /** Contacts written to the campaign. */
  imported: number;
  /** Records skipped because the phone repeats an earlier record or is already in the campaign. */
  duplicates: number;
  /** Records skipped because the phone is on the org's opt-out list (R1.2, R1.5). */
  optedOut: number;
  /** Rejected records in file order (capped at `maxInvalid`; `invalidTotal` counts them all). */
  invalid: RowRejection[];
  invalidTotal: number;
  /** Merge fields the script uses that no column provides. */
  missingFields: string[];
  columns: MappedColumns;
}

/** Result of `check-csv`: the same pipeline, nothing written. */
export interface CheckReport {
  rows: number;
  /** Unique importable contacts. */
  valid: number;
  /** Records whose phone repeats an earlier record. */
  duplicates: number;
  invalid: RowRejection[];
  columns: {
    phone: string | null;
    firstName: string | null;
    lastName: string | null;
    zip: string | null;
    custom: string[];
  };
}

/** Merge fields every send provides without a column (scripts/template STANDARD_FIELDS minus the contact's). */
export const SYSTEM_FIELDS: readonly string[] = ['texterName', 'orgName'];

const STANDARD_FIELD_NAMES: readonly StandardColumn[] = ['phone', 'firstName', 'lastName', 'zip', 'state', 'language'];

/**
 * Merge fields used by the script (e.g. templateFields(script)) that no column of this file
 * provides; names compare like the template engine does (case, spaces, '_' and '-' ignored).
 */
export function missingFields(fields: readonly string[], columns: MappedColumns, systemFields: readonly string[] = SYSTEM_FIELDS): string[] {
  const provided = new Set<string>(systemFields.map(fieldKey));
  for (const name of STANDARD_FIELD_NAMES) if (columns[name] !== undefined) provided.add(fieldKey(name));
  for (const key of columns.custom) provided.add(fieldKey(key));
  const missing: string[] = [];
  const reported = new Set<string>();
  for (const field of fields) {
    const key = fieldKey(field);
    if (provided.has(key) || reported.has(key)) continue;
    reported.add(key);
    missing.push(field);
  }
  return missing;
}

/** The check-csv view of the mapped columns (null where nothing matched). */
export function checkColumns(columns: MappedColumns): CheckReport['columns'] {
  return {
    phone: columns.phone ?? null,
    firstName: columns.firstName ?? null,
    lastName: columns.lastName ?? null,
    zip: columns.zip ?? null,
    custom: [...columns.custom],
  };
}
