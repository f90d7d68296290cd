// `check-csv`: run a file through the import pipeline (mapping, normalization, dedupe within the
// file) without writing anything.
import type { ParsedRecord } from './records.js';
import { checkColumns, type CheckReport } from './report.js';
import { fileError, ImportScan, type ScanOptions } from './scan.js';

/** Throws UserError `import:error.empty|no_rows|not_csv|no_phone_column|no_header` for unusable files. */
export async function checkRecords(records: AsyncIterable<ParsedRecord>, options: ScanOptions = {}): Promise<CheckReport> {
  let scan: ImportScan | undefined;
  for await (const record of records) {
    if (scan === undefined) scan = new ImportScan(record, options);
    else scan.next(record);
  }
  if (scan === undefined) throw fileError('empty');
  if (scan.rows === 0) throw fileError('no_rows');
  return {
    rows: scan.rows,
    valid: scan.valid,
    duplicates: scan.duplicates,
    invalid: scan.sortedInvalid(),
    columns: checkColumns(scan.mapping.columns),
  };
}
