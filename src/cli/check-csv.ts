// `npm run textbank -- check-csv <file>`: run a voter file through the import pipeline (same
// mapping, normalization and in-file dedupe) without writing anything, and print one JSON object:
// { rows, valid, duplicates, invalid: [{ line, reason }], columns: { phone, firstName, lastName, zip, custom } }.
import { openCsvFile } from '../adapters/files/csv-source.js';
import { createPhoneWorkerPool } from '../adapters/files/phone-worker-pool.js';
import { checkRecords } from '../core/contacts/import/check.js';
import type { CheckReport } from '../core/contacts/import/report.js';
import { UserError } from '../core/errors.js';
import { EXIT, type CliIo } from './io.js';

/** Above this size phones are normalized on worker threads (starting them costs ~0.5 s). */
const WORKERS_FROM_BYTES = 8 * 1024 * 1024;

/** Check a CSV file by path. Throws UserError (`import:error.*`) when the file cannot be used. */
export async function checkCsvFile(path: string): Promise<CheckReport> {
  const source = await openCsvFile(path);
  const pool = (source.totalBytes ?? 0) > WORKERS_FROM_BYTES ? createPhoneWorkerPool() : undefined;
  try {
    return await checkRecords(source.records, pool ? { phones: pool } : {});
  } finally {
    await pool?.close();
  }
}

function oneSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(flat) ? flat : `${flat}.`;
}

export async function checkCsvCommand(args: readonly string[], io: CliIo): Promise<number> {
  const file = args[0];
  if (file === undefined || file === '') {
    io.stderr.write(`${io.t('import:cli.missingFile')}\n`);
    return EXIT.usage;
  }
  try {
    const report = await checkCsvFile(file);
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return EXIT.ok;
  } catch (error) {
    const message =
      error instanceof UserError
        ? io.t(error.identifier, { ...error.context })
        : io.t('import:cli.failed', { file, why: error instanceof Error ? error.message.replace(/[.\s]+$/, '') : String(error) });
    io.stderr.write(`${oneSentence(message)}\n`);
    return EXIT.failed;
  }
}
