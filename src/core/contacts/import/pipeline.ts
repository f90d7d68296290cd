// Drives an ImportScan over a record stream in batches. Phone normalization (costly for numbers
// libphonenumber has to parse; clean US spellings take a shortcut) is handed to a PhoneBatchNormalizer per batch, and up to
// `depth` batches are in flight, so a normalizer that runs elsewhere (worker threads) works
// while this thread keeps parsing. Records are still mapped and de-duplicated in file order.
import type { NewContact } from '../../model/contact.js';
import { normalizePhone, type NormalizePhoneResult } from '../phone.js';
import type { ParsedRecord } from './records.js';
import { ImportScan, type ScanOptions } from './scan.js';

export interface PhoneBatchNormalizer {
  /** Batches it can work on at the same time (worker threads); the pipeline keeps twice that in flight. */
  readonly parallelism?: number;
  /** normalizePhone(input, defaultRegion) for every input, same order. */
  normalizeMany(inputs: readonly string[], defaultRegion: string): Promise<readonly NormalizePhoneResult[]>;
}

/** Normalizes on the calling thread (small files, tests, environments without workers). */
export const inThreadPhoneNormalizer: PhoneBatchNormalizer = {
  async normalizeMany(inputs, defaultRegion) {
    return inputs.map((input) => normalizePhone(input, defaultRegion));
  },
};

export interface PipelineOptions extends ScanOptions {
  phones?: PhoneBatchNormalizer;
  /** Records per phone batch. Default 1000. */
  batchSize?: number;
  /** Batches in flight at once. Default max(4, 2 x the normalizer's parallelism). */
  depth?: number;
}

interface Pending {
  records: ParsedRecord[];
  phones: Promise<readonly NormalizePhoneResult[]>;
}

export class ScanPipeline {
  /** Set once the header has been read. */
  scan: ImportScan | undefined;

  constructor(private readonly options: PipelineOptions = {}) {}

  /** Valid, new-in-file contacts, one array per batch, in file order. Header errors throw (UserError). */
  async *contacts(records: AsyncIterable<ParsedRecord>): AsyncGenerator<NewContact[]> {
    const phones = this.options.phones ?? inThreadPhoneNormalizer;
    const region = this.options.defaultRegion ?? 'US';
    const batchSize = Math.max(1, this.options.batchSize ?? 1000);
    const depth = Math.max(1, this.options.depth ?? Math.max(4, 2 * (phones.parallelism ?? 1)));
    const queue: Pending[] = [];
    let batch: ParsedRecord[] = [];

    const submit = (scan: ImportScan): void => {
      const inputs: string[] = [];
      for (const record of batch) {
        const cell = scan.phoneCell(record);
        if (cell !== undefined) inputs.push(cell);
      }
      const pending = inputs.length === 0 ? Promise.resolve([]) : phones.normalizeMany(inputs, region);
      pending.catch(() => undefined); // awaited in order by drain(); this only silences early rejections
      queue.push({ records: batch, phones: pending });
      batch = [];
    };
    const drain = async (scan: ImportScan): Promise<NewContact[]> => {
      const { records: batchRecords, phones: pending } = queue.shift() as Pending;
      const results = await pending;
      const out: NewContact[] = [];
      let k = 0;
      for (const record of batchRecords) {
        const phone = scan.phoneCell(record) === undefined ? undefined : results[k++];
        const contact = scan.next(record, phone);
        if (contact) out.push(contact);
      }
      return out;
    };

    for await (const record of records) {
      if (this.scan === undefined) {
        this.scan = new ImportScan(record, this.options);
        continue;
      }
      batch.push(record);
      if (batch.length >= batchSize) {
        submit(this.scan);
        if (queue.length >= depth) yield await drain(this.scan);
      }
    }
    const scan = this.scan;
    if (scan === undefined) return;
    if (batch.length > 0) submit(scan);
    while (queue.length > 0) yield await drain(scan);
  }
}
