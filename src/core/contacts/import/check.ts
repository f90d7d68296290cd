// `check-csv`: run a file through the import pipeline (mapping, normalization, dedupe within the
// file) without writing anything.
import { ScanPipeline, type PipelineOptions } from './pipeline.js';
import type { ParsedRecord } from './records.js';
import { checkColumns, type CheckReport } from './report.js';
import { fileError } from './scan.js';

/** Throws UserError `import:error.empty|no_rows|not_csv|no_phone_column|no_header` for unusable files. */
export async function checkRecords(records: AsyncIterable<ParsedRecord>, options: PipelineOptions = {}): Promise<CheckReport> {
  const pipeline = new ScanPipeline(options);
  for await (const _contacts of pipeline.contacts(records)) {
    // counted by the scan
  }
  const scan = pipeline.scan;
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
