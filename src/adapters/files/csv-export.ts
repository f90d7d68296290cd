// Streaming CSV exports: the campaign's contacts (with volunteer, survey answers, tags and the
// opt-out flag) and its message log. Reads through the store's streaming cursors and writes
// through csv-stringify into any Node Writable, awaiting 'drain' so memory stays flat at any size.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import { contactExportLayout } from '../../core/contacts/export/contact-row.js';
import { MESSAGE_EXPORT_HEADER, messageExportRow } from '../../core/contacts/export/message-row.js';
import { NotFoundError } from '../../core/errors.js';
import type { Contact } from '../../core/model/contact.js';
import type { MemberRepository, Store } from '../../core/ports.js';
import type { Segment } from '../../core/segments/segment.js';

export interface ExportTarget {
  orgId: string;
  campaignId: string;
  /** Contacts export only: just the contacts that match (streamed by the store, flat memory). */
  segment?: Segment;
}

export interface ExportOptions {
  /** End `out` when done (default true). */
  end?: boolean;
  /** Start with a UTF-8 BOM so Excel reads accented names correctly (default true). */
  bom?: boolean;
}

export interface ContactExportOptions extends ExportOptions {
  /** Custom-field columns, in order. Default: every key found, discovered by a first pass over the contacts. */
  customFields?: readonly string[];
  /** Contacts per opt-out lookup (default 1000). */
  chunkSize?: number;
}

/** Display names of volunteers, looked up once per export. */
class MemberNames {
  private readonly cache = new Map<string, string | undefined>();
  constructor(
    private readonly members: MemberRepository,
    private readonly orgId: string,
  ) {}

  /** Look up every id not seen yet (one call per volunteer per export). */
  async load(ids: Iterable<string | undefined>): Promise<void> {
    for (const id of ids) {
      if (id === undefined || this.cache.has(id)) continue;
      const member = await this.members.get(this.orgId, id);
      this.cache.set(id, member?.displayName);
    }
  }

  /** A loaded name (undefined when unknown or not loaded). */
  name(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.cache.get(id);
  }
}

/**
 * A csv-stringify sink piped into `out`. `write` returns a promise only when the buffer is full
 * (the caller awaits it: that is the 'drain'), so rows are not paid an await each.
 */
function csvSink(out: Writable, options: ExportOptions): { write(row: readonly string[]): Promise<void> | undefined; close(): Promise<void> } {
  const csv: Stringifier = stringify({ bom: options.bom ?? true });
  const piping = pipeline(csv, out, { end: options.end ?? true });
  let failed: unknown;
  piping.catch((error: unknown) => {
    failed = error ?? new Error('export stream failed');
  });
  return {
    write(row) {
      if (failed !== undefined) return Promise.reject(failed);
      return csv.write(row) ? undefined : Promise.race([once(csv, 'drain').then(() => undefined), piping]);
    },
    async close() {
      csv.end();
      await piping;
    },
  };
}

/** The campaign's contacts, or only a segment's (opted-out and unreachable ones are never in a segment). */
function contactsOf(store: Store, target: ExportTarget): AsyncIterable<Contact> {
  return target.segment ? store.contacts.streamSegment(target.orgId, [target.campaignId], target.segment) : store.contacts.streamByCampaign(target.orgId, target.campaignId);
}

/** Every custom-field key of the campaign's contacts, in first-seen order (one streaming pass). */
export async function discoverCustomFields(store: Store, target: ExportTarget): Promise<string[]> {
  const keys = new Set<string>();
  for await (const c of contactsOf(store, target)) {
    for (const key in c.customFields) keys.add(key);
  }
  return [...keys];
}

export async function exportContactsCsv(store: Store, target: ExportTarget, out: Writable, options: ContactExportOptions = {}): Promise<{ rows: number }> {
  const { orgId, campaignId } = target;
  const campaign = await store.campaigns.get(orgId, campaignId);
  if (!campaign) throw new NotFoundError('campaign', campaignId);
  const layout = contactExportLayout(campaign, options.customFields ?? (await discoverCustomFields(store, target)));
  const names = new MemberNames(store.members, orgId);
  const chunkSize = Math.max(1, options.chunkSize ?? 1000);
  const sink = csvSink(out, options);
  let rows = 0;

  const flush = async (batch: Contact[]): Promise<void> => {
    const optedOut = await store.optOuts.filterOptedOut(orgId, batch.map((c) => c.phone));
    await names.load(batch.map((c) => c.volunteerId));
    for (const contact of batch) {
      const volunteerName = names.name(contact.volunteerId);
      const full = sink.write(layout.row(contact, { optedOut: optedOut.has(contact.phone), ...(volunteerName === undefined ? {} : { volunteerName }) }));
      if (full) await full;
      rows += 1;
    }
  };

  await sink.write(layout.header);
  let batch: Contact[] = [];
  for await (const contact of contactsOf(store, target)) {
    batch.push(contact);
    if (batch.length >= chunkSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch);
  await sink.close();
  return { rows };
}

export async function exportMessagesCsv(store: Store, target: ExportTarget, out: Writable, options: ExportOptions = {}): Promise<{ rows: number }> {
  const { orgId, campaignId } = target;
  const names = new MemberNames(store.members, orgId);
  const sink = csvSink(out, options);
  let rows = 0;
  await sink.write(MESSAGE_EXPORT_HEADER);
  for await (const message of store.messages.streamByCampaign(orgId, campaignId)) {
    await names.load([message.sentBy]);
    const full = sink.write(messageExportRow(message, names.name(message.sentBy)));
    if (full) await full;
    rows += 1;
  }
  await sink.close();
  return { rows };
}
