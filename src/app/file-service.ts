import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Clock, Store } from '../core/ports.js';
import { ContactImporter } from '../core/contacts/import/importer.js';
import { UserError } from '../core/errors.js';
import { fileError } from '../core/contacts/import/scan.js';
import { csvRecords, openCsvFile, type CsvSource } from '../adapters/files/csv-source.js';
import { exportContactsCsv, exportMessagesCsv } from '../adapters/files/csv-export.js';
import { vanBulkExport } from '../core/crm/van-bulk-export.js';
import { vanBulkCsv } from '../core/crm/van-bulk-csv.js';
import type { FileService, FileSource } from '../commands/services.js';

export interface FileServiceOptions {
  store: Store;
  clock: Clock;
  /** Headers for downloading an attachment URL (e.g. Slack's bot token for url_private_download). */
  headersFor?(url: string): Record<string, string> | undefined;
  /** Largest file accepted, in bytes (default 200 MB). */
  maxBytes?: number;
}

/** The app's FileService: downloads or opens a CSV, streams it through the core importer; streams exports. */
export function createFileService(opts: FileServiceOptions): FileService {
  const maxBytes = opts.maxBytes ?? 200 * 1024 * 1024;

  async function open(source: FileSource): Promise<CsvSource> {
    if ('path' in source) return openCsvFile(source.path);
    let url: URL;
    try {
      url = new URL(source.url);
    } catch {
      throw fileError('unreadable', { file: source.name });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fileError('unreadable', { file: source.name });
    const res = await fetch(url, { headers: opts.headersFor?.(source.url) ?? {} }).catch(() => null);
    if (!res || !res.ok || !res.body) throw fileError('unreadable', { file: source.name });
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > maxBytes) throw new UserError('common:files.too_large', { file: source.name, max: Math.round(maxBytes / 1_048_576) });
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    return { records: csvRecords(body), ...(Number.isFinite(length) ? { totalBytes: length } : {}) };
  }

  return {
    async importCsv(input) {
      const csv = await open(input.source);
      const importer = new ContactImporter(opts.store, opts.clock);
      return importer.run(csv.records, {
        orgId: input.orgId,
        campaignId: input.campaignId,
        ...(input.templateFields ? { templateFields: input.templateFields } : {}),
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        ...(csv.totalBytes !== undefined ? { totalBytes: csv.totalBytes } : {}),
      });
    },
    async exportCsv(input) {
      if (input.kind === 'van') {
        const campaign = await opts.store.campaigns.get(input.orgId, input.campaignId);
        if (!campaign) throw new UserError('engine:campaign.not_found');
        const file = await vanBulkExport(opts.store, { orgId: input.orgId, campaign });
        const lines: Buffer[] = [];
        for await (const line of vanBulkCsv(file.layout, file.records)) lines.push(Buffer.from(line, 'utf8'));
        const day = opts.clock.now().toISOString().slice(0, 10);
        return { name: `${campaign.slug}-van-bulk-upload-${day}.csv`, content: Buffer.concat(lines), rows: file.counts.rows, skipped: { noVanId: file.counts.noVanId } };
      }
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const target = { orgId: input.orgId, campaignId: input.campaignId, ...(input.segment ? { segment: input.segment } : {}) };
      if (input.kind === 'contacts') await exportContactsCsv(opts.store, target, out);
      else await exportMessagesCsv(opts.store, target, out);
      const campaign = await opts.store.campaigns.get(input.orgId, input.campaignId);
      const day = opts.clock.now().toISOString().slice(0, 10);
      return { name: `${campaign?.slug ?? 'campaign'}-${input.kind}-${day}.csv`, content: Buffer.concat(chunks) };
    },
    openCsv: open,
  };
}
