import { beforeEach, describe, expect, it } from 'vitest';
import { engineTestStore } from '../engine/harness.js';
import { ContactImporter, type ImportProgress } from '../../../src/core/contacts/import/importer.js';
import { checkRecords } from '../../../src/core/contacts/import/check.js';
import type { PhoneBatchNormalizer } from '../../../src/core/contacts/import/pipeline.js';
import type { ParsedRecord } from '../../../src/core/contacts/import/records.js';
import { normalizePhone } from '../../../src/core/contacts/phone.js';
import { UserError } from '../../../src/core/errors.js';
import type { Clock, Store } from '../../../src/core/ports.js';

class ManualClock implements Clock {
  t = Date.parse('2026-03-02T15:00:00Z');
  now(): Date {
    return new Date(this.t);
  }
}

/** Records as a CSV adapter would produce them: header on line 1, one line per record. */
async function* records(rows: string[][], onEach?: (i: number) => void): AsyncGenerator<ParsedRecord> {
  for (let i = 0; i < rows.length; i += 1) {
    onEach?.(i);
    yield { fields: rows[i] as string[], line: i + 1, bytes: (i + 1) * 10 };
  }
}

const HEADER = ['phone', 'first_name', 'last_name', 'zip', 'precinct'];

let clock: ManualClock;
let store: Store;
let orgId: string;
let campaignId: string;

beforeEach(async () => {
  clock = new ManualClock();
  store = await engineTestStore(clock);
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'T1', name: 'Test Org' });
  orgId = org.id;
  const campaign = await store.campaigns.create(orgId, { orgId, slug: 'gotv', name: 'GOTV', createdBy: 'm1' });
  campaignId = campaign.id;
});

async function storedPhones(): Promise<string[]> {
  const out: string[] = [];
  for await (const c of store.contacts.streamByCampaign(orgId, campaignId)) out.push(c.phone);
  return out;
}

async function fatal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('ContactImporter', () => {
  it('imports valid rows, reports bad ones with their lines, and bumps the campaign counter', async () => {
    const importer = new ContactImporter(store, clock);
    const report = await importer.run(
      records([
        HEADER,
        ['(202) 555-0143', 'Ana', 'López', '20001', 'P1'],
        ['CALL ME', 'Bad', 'Row', '', ''],
        ['312.555.0101', 'Bob', 'Smith', '60601', ''],
        ['', 'No', 'Phone', '', ''],
        ['202-555-0143', 'Ana', 'Again', '', ''],
        ['2025550150', 'too', 'many', '', '', 'x'],
      ]),
      { orgId, campaignId },
    );
    expect(report).toEqual({
      rows: 6,
      imported: 2,
      duplicates: 1,
      optedOut: 0,
      invalid: [
        { line: 3, reason: 'not_a_number' },
        { line: 5, reason: 'missing_phone' },
        { line: 7, reason: 'too_many_columns' },
      ],
      invalidTotal: 3,
      missingFields: [],
      columns: { phone: 'phone', firstName: 'first_name', lastName: 'last_name', zip: 'zip', custom: ['precinct'] },
    });
    expect(await storedPhones()).toEqual(['+12025550143', '+13125550101']);
    const campaign = await store.campaigns.get(orgId, campaignId);
    expect(campaign?.counters.contacts).toBe(2);
    const counts = await store.contacts.countByStatus(orgId, campaignId);
    expect(counts.pending).toBe(2);
  });

  it('stores the mapped contact: names, zones, window key, custom fields and import line', async () => {
    await new ContactImporter(store, clock).run(records([HEADER, ['(305) 555-0143', ' José ', 'Muñoz', '33101', 'P-7']]), { orgId, campaignId });
    const [contact] = await (async () => {
      const all = [];
      for await (const c of store.contacts.streamByCampaign(orgId, campaignId)) all.push(c);
      return all;
    })();
    expect(contact).toMatchObject({
      phone: '+13055550143',
      firstName: 'José',
      lastName: 'Muñoz',
      zip: '33101',
      timezones: ['America/New_York'],
      windowKey: 'America/New_York|FL|FL',
      customFields: { precinct: 'P-7' },
      importLine: 2,
      status: 'pending',
    });
  });

  it('dedupes against contacts already in the campaign (a second import adds nothing)', async () => {
    const file = [HEADER, ['2025550143', 'A', 'B', '', ''], ['3125550101', 'C', 'D', '', '']];
    const importer = new ContactImporter(store, clock);
    await importer.run(records(file), { orgId, campaignId });
    const again = await importer.run(records([...file, ['4155550199', 'E', 'F', '', '']]), { orgId, campaignId });
    expect(again).toMatchObject({ rows: 3, imported: 1, duplicates: 2, optedOut: 0 });
    expect((await store.campaigns.get(orgId, campaignId))?.counters.contacts).toBe(3);
  });

  it('R1.2/R1.5: never imports a phone on the org opt-out list, in any campaign', async () => {
    await store.optOuts.record(orgId, { orgId, phone: '+13125550101', source: 'keyword', rule: 'keyword:STOP', at: clock.now() });
    const report = await new ContactImporter(store, clock).run(
      records([HEADER, ['2025550143', 'A', 'B', '', ''], ['(312) 555-0101', 'Opted', 'Out', '', ''], ['4155550199', 'E', 'F', '', '']]),
      { orgId, campaignId },
    );
    expect(report).toMatchObject({ rows: 3, imported: 2, duplicates: 0, optedOut: 1 });
    expect(await storedPhones()).toEqual(['+12025550143', '+14155550199']);
  });

  it('writes in chunks through insertMany, with at most one write in flight', async () => {
    const sizes: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const insertMany = store.contacts.insertMany.bind(store.contacts);
    store.contacts.insertMany = async (o, c, contacts) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sizes.push(contacts.length);
      await new Promise((r) => setTimeout(r, 2));
      try {
        return await insertMany(o, c, contacts);
      } finally {
        inFlight -= 1;
      }
    };
    const rows = [HEADER, ...Array.from({ length: 25 }, (_, i) => [`20255501${String(i).padStart(2, '0')}`, 'n', 'm', '', ''])];
    const report = await new ContactImporter(store, clock).run(records(rows), { orgId, campaignId, chunkSize: 10 });
    expect(report.imported).toBe(25);
    expect(sizes).toEqual([10, 10, 5]);
    expect(maxInFlight).toBe(1);
  });

  it('reports progress per chunk and at most every 250 ms of clock time in between', async () => {
    const seen: { p: ImportProgress; at: number }[] = [];
    const rows = [HEADER, ...Array.from({ length: 1000 }, (_, i) => [`2025550${String(100 + (i % 100))}`.slice(0, 10), 'n', 'm', '', ''])];
    const report = await new ContactImporter(store, clock).run(
      records(rows, () => {
        clock.t += 5; // every record takes 5 ms of clock time
      }),
      { orgId, campaignId, chunkSize: 5000, batchSize: 50, totalBytes: 12_345, onProgress: (p) => seen.push({ p, at: clock.t }) },
    );
    expect(report.rows).toBe(1000);
    const last = seen.at(-1);
    expect(last?.p).toEqual({ rows: 1000, bytes: 10_010, totalBytes: 12_345 });
    const between = seen.filter((s) => s.p.rows < 1000);
    expect(between.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.p.rows).toBeGreaterThanOrEqual(seen[i - 1]!.p.rows);
    for (let i = 1; i < between.length; i += 1) expect(between[i]!.at - between[i - 1]!.at).toBeGreaterThanOrEqual(250);
  });

  it('phones normalized by a batch normalizer, finishing in any order, give the same result as in-thread', async () => {
    const rows = [HEADER, ...Array.from({ length: 40 }, (_, i) => [i % 7 === 0 ? 'bad' : `20255501${String(i % 25).padStart(2, '0')}`, 'n', 'm', '', ''])];
    const inThread = await checkRecords(records(rows));
    let calls = 0;
    const slowFirst: PhoneBatchNormalizer = {
      parallelism: 3,
      async normalizeMany(inputs, region) {
        const delay = 20 - 5 * calls++; // later batches finish first
        await new Promise((r) => setTimeout(r, Math.max(0, delay)));
        return inputs.map((i) => normalizePhone(i, region));
      },
    };
    const report = await new ContactImporter(store, clock).run(records(rows), { orgId, campaignId, phones: slowFirst, batchSize: 6 });
    expect(calls).toBe(7);
    expect(report).toMatchObject({ rows: inThread.rows, imported: inThread.valid, duplicates: inThread.duplicates, invalid: inThread.invalid });
  });

  it('lists the script merge fields no column provides', async () => {
    const report = await new ContactImporter(store, clock).run(records([HEADER, ['2025550143', 'A', 'B', '', '']]), {
      orgId,
      campaignId,
      templateFields: ['firstName', 'first_name', 'Precinct', 'texterName', 'orgName', 'favorite color', 'favoriteColor'],
    });
    expect(report.missingFields).toEqual(['favorite color']);
  });

  it('caps the listed rejections but counts them all', async () => {
    const rows = [HEADER, ...Array.from({ length: 30 }, () => ['nope', 'a', 'b', '', '']), ['2025550143', 'a', 'b', '', '']];
    const report = await new ContactImporter(store, clock).run(records(rows), { orgId, campaignId, maxInvalid: 5 });
    expect(report.invalid).toHaveLength(5);
    expect(report.invalidTotal).toBe(30);
    expect(report.imported).toBe(1);
  });

  it('skips blank records (every cell empty) without counting them as rows', async () => {
    const report = await new ContactImporter(store, clock).run(records([HEADER, ['', '', '', '', ''], ['2025550143', 'a', 'b', '', '']]), { orgId, campaignId });
    expect(report).toMatchObject({ rows: 1, imported: 1, invalid: [] });
  });

  it('a store failure rejects the import', async () => {
    store.contacts.insertMany = async () => {
      throw new Error('disk full');
    };
    await expect(new ContactImporter(store, clock).run(records([HEADER, ['2025550143', 'a', 'b', '', '']]), { orgId, campaignId })).rejects.toThrow('disk full');
  });

  describe('files that cannot be imported fail with one UserError and write nothing', () => {
    it.each([
      ['no records at all', [], 'import:error.empty'],
      ['a header without a phone column', [['first_name', 'last_name'], ['Ana', 'G']], 'import:error.no_phone_column'],
      ['one column that is not a phone', [['Dear friends, hello'], ['how are you']], 'import:error.not_csv'],
      ['only a header', [HEADER], 'import:error.no_rows'],
      ['phone numbers without a header', [['2025550143'], ['3125550101']], 'import:error.no_header'],
    ])('%s', async (_name, rows, key) => {
      const error = await fatal(new ContactImporter(store, clock).run(records(rows), { orgId, campaignId }));
      expect(error.identifier).toBe(key);
      expect(await storedPhones()).toEqual([]);
    });

    it('names the columns it found when there is no phone column', async () => {
      const error = await fatal(new ContactImporter(store, clock).run(records([['first_name', 'zip'], ['Ana', '20001']]), { orgId, campaignId }));
      expect(error.context).toEqual({ columns: 'first_name, zip' });
    });
  });
});

describe('checkRecords', () => {
  it('runs the same mapping and in-file dedupe without a store', async () => {
    const report = await checkRecords(
      records([HEADER, ['2025550143', 'A', 'B', '', ''], ['+1 202 555 0143', 'A', 'B', '', ''], ['x', 'y', 'z', '', ''], ['3125550101', 'C', 'D', '', '']]),
    );
    expect(report).toEqual({
      rows: 4,
      valid: 2,
      duplicates: 1,
      invalid: [{ line: 4, reason: 'not_a_number' }],
      columns: { phone: 'phone', firstName: 'first_name', lastName: 'last_name', zip: 'zip', custom: ['precinct'] },
    });
  });

  it('fails like the import does', async () => {
    expect((await fatal(checkRecords(records([])))).identifier).toBe('import:error.empty');
  });
});
