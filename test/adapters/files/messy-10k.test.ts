// The 10,000-row messy voter file: exact report (counts, invalid lines and reasons) through
// check and through a real import into the memory store. Expected outcomes come from the
// generator's row categories (test/fixtures/csv/generate-messy.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { checkRecords } from '../../../src/core/contacts/import/check.js';
import { ContactImporter } from '../../../src/core/contacts/import/importer.js';
import type { Contact } from '../../../src/core/model/contact.js';
import { generateMessy, type MessyExpected } from '../../fixtures/csv/generate-messy.js';

const FILE = join(import.meta.dirname, '..', '..', 'fixtures', 'csv', 'messy-10k.csv');
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'csv', 'messy-10k.expected.json'), 'utf8')) as MessyExpected;

describe('messy-10k.csv', () => {
  it('is exactly what the committed seeded generator produces', () => {
    const generated = generateMessy();
    expect(generated.csv === readFileSync(FILE, 'utf8')).toBe(true);
    expect(generated.expected).toEqual(expected);
  });

  it('has the messy traits it claims: BOM, CRLF, aliases, quoted commas and line breaks, blank lines', () => {
    const text = readFileSync(FILE, 'utf8');
    expect(text.startsWith('\ufeffFirst Name,Last Name,Cell Phone,Zip5,st,precinct,Preferred Language\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(expected.lines + 1);
    expect(text).toMatch(/"Ward 3, Pct \d{3}"/);
    expect(text).toMatch(/"Pct \d{3}\r\nAnnex B"/);
    expect(text).toMatch(/\r\n\r\n/);
    expect(text).toMatch(/1\.\d{10}E\+10/);
    expect(expected.report.invalid.length).toBeGreaterThan(500);
    expect(new Set(expected.report.invalid.map((i) => i.reason))).toEqual(
      new Set(['too_short', 'not_a_number', 'toll_free', 'extension', 'missing_phone', 'too_many_columns', 'too_few_columns', 'invalid_area_code', 'invalid', 'premium', 'too_long', 'not_us']),
    );
  });

  it('check reports exactly the expected counts, lines and reasons', async () => {
    const source = await openCsvFile(FILE);
    expect(await checkRecords(source.records)).toEqual(expected.report);
  });

  it('imports into the memory store with the same report, languages and custom fields', async () => {
    const store = createMemoryStore();
    const org = await store.orgs.create({ platform: 'sandbox', externalId: 'M', name: 'Messy Org' });
    const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'messy', name: 'Messy', createdBy: 'm1' });
    const source = await openCsvFile(FILE);
    const progress: number[] = [];
    const report = await new ContactImporter(store, { now: () => new Date() }).run(source.records, {
      orgId: org.id,
      campaignId: campaign.id,
      totalBytes: source.totalBytes,
      onProgress: (p) => progress.push(p.bytes),
    });
    const { rows, valid, duplicates, invalid, columns } = expected.report;
    expect(report).toEqual({
      rows,
      imported: valid,
      duplicates,
      optedOut: 0,
      invalid,
      invalidTotal: invalid.length,
      missingFields: [],
      columns: { ...columns, state: 'st', language: 'Preferred Language' },
    });
    expect(progress.length).toBeGreaterThanOrEqual(9); // one per 1,000-contact chunk, plus the end
    expect(progress.at(-1)).toBe(source.totalBytes);

    const contacts: Contact[] = [];
    for await (const c of store.contacts.streamByCampaign(org.id, campaign.id)) contacts.push(c);
    expect(contacts).toHaveLength(valid);
    expect(new Set(contacts.map((c) => c.phone)).size).toBe(valid);
    expect({ en: contacts.filter((c) => c.language === 'en').length, es: contacts.filter((c) => c.language === 'es').length }).toEqual(expected.languages);
    expect(contacts.every((c) => /^P-\d{3}$|^Ward 3, Pct \d{3}$|^Pct \d{3}\nAnnex B$/.test(c.customFields.precinct ?? ''))).toBe(true);
    expect(contacts.some((c) => c.customFields.precinct?.includes('\n'))).toBe(true);
    expect(contacts.some((c) => c.lastName.endsWith(', Jr.'))).toBe(true);
    expect(contacts.some((c) => c.lastName.endsWith(' de la Cruz'))).toBe(true); // a quoted line break folded into a space
    expect(contacts.every((c) => c.windowKey !== '' && c.importLine !== undefined && c.importLine >= 2)).toBe(true);
    expect((await store.campaigns.get(org.id, campaign.id))?.counters.contacts).toBe(valid);
  });
});
