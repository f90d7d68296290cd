// Streaming contact import: parsed records in, contacts written in chunks through the Store.
// Bad rows never stop an import; only an unusable file does (one UserError, `import:error.*`).
// R1.2/R1.5: phones on the org's opt-out list are never imported into a campaign.
// Chunks are written while the next records are mapped (at most one write in flight); phones are
// normalized in batches by a PhoneBatchNormalizer (this thread by default, or worker threads).
import type { Lang } from '../../model/common.js';
import type { NewContact } from '../../model/contact.js';
import type { Clock, Store } from '../../ports.js';
import { ScanPipeline, type PhoneBatchNormalizer } from './pipeline.js';
import type { ParsedRecord } from './records.js';
import { missingFields, type ImportReport } from './report.js';
import { fileError, type ImportScan } from './scan.js';

export interface ImportProgress {
  /** Data records processed so far. */
  rows: number;
  /** Bytes of the file read so far. */
  bytes: number;
  totalBytes?: number;
}

export interface ImportOptions {
  orgId: string;
  campaignId: string;
  defaultRegion?: string;
  defaultLanguage?: Lang;
  /** Merge fields the campaign's scripts use (e.g. templateFields(script)), for `missingFields`. */
  templateFields?: readonly string[];
  /** Contacts per store write. Default 1000. */
  chunkSize?: number;
  /** Where phones are normalized (e.g. a worker pool). Default: this thread. */
  phones?: PhoneBatchNormalizer;
  /** Records per phone batch (default 1000) and batches in flight (default max(4, 2 x the normalizer's parallelism)). */
  batchSize?: number;
  depth?: number;
  /** Rejections listed in the report (all are counted). Default 10,000. */
  maxInvalid?: number;
  totalBytes?: number;
  /** Called per written chunk and at most every `progressIntervalMs` in between, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  progressIntervalMs?: number;
}

const DEFAULT_CHUNK = 1000;

interface Tally {
  imported: number;
  duplicates: number;
  optedOut: number;
}

export class ContactImporter {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async run(records: AsyncIterable<ParsedRecord>, options: ImportOptions): Promise<ImportReport> {
    const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
    const interval = options.progressIntervalMs ?? 250;
    const tally: Tally = { imported: 0, duplicates: 0, optedOut: 0 };
    let scan: ImportScan | undefined;
    let chunk: NewContact[] = [];
    let inflight: Promise<void> = Promise.resolve();
    let failure: { error: unknown } | undefined;
    let lastProgress = this.clock.now().getTime();

    const progress = (): void => {
      if (!options.onProgress || !scan) return;
      lastProgress = this.clock.now().getTime();
      options.onProgress({ rows: scan.rows, bytes: scan.bytes, ...(options.totalBytes === undefined ? {} : { totalBytes: options.totalBytes }) });
    };
    const write = async (): Promise<void> => {
      await inflight;
      if (failure) throw failure.error;
      const batch = chunk;
      chunk = [];
      inflight = this.writeChunk(batch, options, tally).then(progress, (error: unknown) => {
        failure = { error };
      });
    };

    const pipeline = new ScanPipeline({ ...options, maxInvalid: options.maxInvalid ?? 10_000 });
    for await (const contacts of pipeline.contacts(records)) {
      scan = pipeline.scan;
      for (const contact of contacts) {
        chunk.push(contact);
        if (chunk.length >= chunkSize) await write();
      }
      if (options.onProgress && this.clock.now().getTime() - lastProgress >= interval) progress();
    }
    scan = pipeline.scan;
    if (scan === undefined) throw fileError('empty');
    if (chunk.length > 0) await write();
    await inflight;
    if (failure) throw failure.error;
    if (scan.rows === 0) throw fileError('no_rows');
    progress();
    return {
      rows: scan.rows,
      imported: tally.imported,
      duplicates: scan.duplicates + tally.duplicates,
      optedOut: tally.optedOut,
      invalid: scan.sortedInvalid(),
      invalidTotal: scan.invalidTotal,
      missingFields: missingFields(options.templateFields ?? [], scan.mapping.columns),
      columns: scan.mapping.columns,
    };
  }

  /** Drop phones already in the campaign or opted out in the org, insert the rest, bump the counter. */
  private async writeChunk(batch: NewContact[], options: ImportOptions, tally: Tally): Promise<void> {
    const { orgId, campaignId } = options;
    const phones = batch.map((c) => c.phone);
    const [existing, optedOut] = await Promise.all([
      this.store.contacts.existingPhones(orgId, campaignId, phones),
      this.store.optOuts.filterOptedOut(orgId, phones),
    ]);
    const fresh: NewContact[] = [];
    for (const contact of batch) {
      if (existing.has(contact.phone)) tally.duplicates += 1;
      else if (optedOut.has(contact.phone)) tally.optedOut += 1;
      else fresh.push(contact);
    }
    if (fresh.length === 0) return;
    const result = await this.store.contacts.insertMany(orgId, campaignId, fresh);
    tally.imported += result.inserted;
    tally.duplicates += result.duplicates.length;
    if (result.inserted > 0) await this.store.campaigns.increment(orgId, campaignId, { contacts: result.inserted });
  }
}
