import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportContactsCsv, exportMessagesCsv } from '../../../src/adapters/files/csv-export.js';
import { csvRecords, openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { ContactImporter } from '../../../src/core/contacts/import/importer.js';
import type { Contact } from '../../../src/core/model/contact.js';
import type { Store } from '../../../src/core/ports.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'csv');
const clock = { now: () => new Date('2026-03-02T15:00:00Z') };

let store: Store;
let orgId: string;
let campaignId: string;
let ana: string;

async function newCampaign(slug: string): Promise<string> {
  const c = await store.campaigns.create(orgId, {
    orgId,
    slug,
    name: slug,
    createdBy: ana,
    survey: [
      { id: 'support', text: 'Will you support Maria?', answers: [{ id: 'yes', label: 'Yes, strongly' }, { id: 'no', label: 'No' }] },
      { id: 'vote', text: 'How will you vote?', answers: [{ id: 'mail', label: 'By mail' }, { id: 'day', label: 'On election day' }] },
    ],
    tags: [{ id: 'vol', label: 'Volunteer prospect' }, { id: 'es', label: 'Prefers Spanish' }],
  });
  return c.id;
}

async function collect(out: PassThrough, run: Promise<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await run;
  return Buffer.concat(chunks).toString('utf8');
}

async function contactsOf(id: string): Promise<Contact[]> {
  const all: Contact[] = [];
  for await (const c of store.contacts.streamByCampaign(orgId, id)) all.push(c);
  return all;
}

beforeEach(async () => {
  store = createMemoryStore({ clock });
  orgId = (await store.orgs.create({ platform: 'sandbox', externalId: 'E', name: 'Export Org' })).id;
  ana = (await store.members.upsert(orgId, { platformUserId: 'U1', displayName: 'Ana Volunteer', role: 'volunteer' })).id;
  campaignId = await newCampaign('first');
});

describe('contact export', () => {
  it('round trip: import -> export -> import again gives the same contacts; opted-out ones are flagged and not re-imported', async () => {
    const source = await openCsvFile(join(FIXTURES, 'messy-10k.csv'));
    const first = await new ContactImporter(store, clock).run(source.records, { orgId, campaignId });
    const before = await contactsOf(campaignId);
    const optedOut = before[3] as Contact;
    await store.optOuts.record(orgId, { orgId, phone: optedOut.phone, source: 'keyword', at: clock.now() });

    const out = new PassThrough();
    const text = await collect(out, exportContactsCsv(store, { orgId, campaignId }, out));
    expect(text.startsWith('\ufeffphone,first_name,last_name,zip,state,language,status,volunteer,Will you support Maria?,How will you vote?,tags,opted_out,outcome,line_type,precinct\n')).toBe(true);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(first.imported);
    expect(rows.filter((r) => r.opted_out === 'true').map((r) => r.phone)).toEqual([optedOut.phone]);

    const secondId = await newCampaign('second');
    const again = await new ContactImporter(store, clock).run(csvRecords(Readable.from([Buffer.from(text)])), { orgId, campaignId: secondId });
    expect(again).toMatchObject({ rows: first.imported, imported: first.imported - 1, optedOut: 1, duplicates: 0, invalidTotal: 0 });
    const shape = (c: Contact) => ({
      phone: c.phone, firstName: c.firstName, lastName: c.lastName, zip: c.zip, state: c.state, language: c.language,
      timezones: c.timezones, windowKey: c.windowKey, precinct: c.customFields.precinct,
    });
    expect((await contactsOf(secondId)).map(shape)).toEqual(before.filter((c) => c.phone !== optedOut.phone).map(shape));
  });

  it('one column per survey question with the answer label, tags by label, the volunteer display name', async () => {
    await new ContactImporter(store, clock).run((await openCsvFile(join(FIXTURES, 'bom-crlf.csv'))).records, { orgId, campaignId });
    const [first, second] = await contactsOf(campaignId);
    await store.contacts.setSurveyAnswer(orgId, first!.id, 'support', 'yes');
    await store.contacts.setSurveyAnswer(orgId, first!.id, 'vote', 'day');
    await store.contacts.setSurveyAnswer(orgId, second!.id, 'vote', 'unknown-answer');
    await store.contacts.addTag(orgId, first!.id, 'vol');
    await store.contacts.addTag(orgId, first!.id, 'es');
    const claim = await store.claims.create(orgId, { campaignId, volunteerId: ana, now: clock.now() });
    const keys = await store.contacts.pendingWindowKeys(orgId, campaignId);
    await store.contacts.claimPending({ orgId, campaignId, claimId: claim.id, volunteerId: ana, limit: 1, windowKeys: keys, now: clock.now() });

    const out = new PassThrough();
    const rows = parse(await collect(out, exportContactsCsv(store, { orgId, campaignId }, out)), { bom: true, columns: true }) as Record<string, string>[];
    const byPhone = new Map(rows.map((r) => [r.phone, r]));
    expect(byPhone.get(first!.phone)).toMatchObject({
      first_name: 'Ana',
      last_name: 'López',
      'Will you support Maria?': 'Yes, strongly',
      'How will you vote?': 'On election day',
      tags: 'Volunteer prospect; Prefers Spanish',
      opted_out: 'false',
      Notes: 'likes tacos, and pizza',
    });
    expect(byPhone.get(second!.phone)).toMatchObject({ 'Will you support Maria?': '', 'How will you vote?': 'unknown-answer', tags: '' });
    const assigned = rows.filter((r) => r.status === 'assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]?.volunteer).toBe('Ana Volunteer');
    expect(rows.filter((r) => r.status === 'pending').every((r) => r.volunteer === '')).toBe(true);
  });

  it('looks each volunteer up once per export', async () => {
    await new ContactImporter(store, clock).run((await openCsvFile(join(FIXTURES, 'bom-crlf.csv'))).records, { orgId, campaignId });
    const claim = await store.claims.create(orgId, { campaignId, volunteerId: ana, now: clock.now() });
    await store.contacts.claimPending({ orgId, campaignId, claimId: claim.id, volunteerId: ana, limit: 10, windowKeys: await store.contacts.pendingWindowKeys(orgId, campaignId), now: clock.now() });
    let lookups = 0;
    const get = store.members.get.bind(store.members);
    store.members.get = async (o, id) => {
      lookups += 1;
      return get(o, id);
    };
    const out = new PassThrough();
    const rows = parse(await collect(out, exportContactsCsv(store, { orgId, campaignId }, out)), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.volunteer === 'Ana Volunteer')).toHaveLength(3);
    expect(lookups).toBe(1);
  });

  it('guards cells against spreadsheet formulas (CSV injection)', async () => {
    const text = 'phone,first_name,last_name,note\n2025550143,=HYPERLINK("http://x"),@SUM(A1),+cmd\n';
    await new ContactImporter(store, clock).run(csvRecords(Readable.from([Buffer.from(text)])), { orgId, campaignId });
    const out = new PassThrough();
    const [row] = parse(await collect(out, exportContactsCsv(store, { orgId, campaignId }, out)), { bom: true, columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ phone: '+12025550143', first_name: `'=HYPERLINK("http://x")`, last_name: "'@SUM(A1)", note: "'+cmd" });
  });

  it('respects backpressure: contacts are read only as fast as the destination takes rows', async () => {
    const contacts = Array.from({ length: 10_000 }, (_, i) => ({ phone: `+1202555${String(i).padStart(4, '0')}`, firstName: `N${i}`, lastName: 'L' }));
    for (let i = 0; i < contacts.length; i += 1000) await store.contacts.insertMany(orgId, campaignId, contacts.slice(i, i + 1000));
    let read = 0;
    const stream = store.contacts.streamByCampaign.bind(store.contacts);
    store.contacts.streamByCampaign = async function* (o, c) {
      for await (const contact of stream(o, c)) {
        read += 1;
        yield contact;
      }
    };
    let lines = 0;
    let maxLag = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        for (const b of chunk) if (b === 0x0a) lines += 1;
        maxLag = Math.max(maxLag, read - lines);
        setImmediate(done);
      },
    });
    const { rows } = await exportContactsCsv(store, { orgId, campaignId }, slow, { customFields: [], chunkSize: 500 });
    expect(rows).toBe(10_000);
    expect(lines).toBe(10_001);
    // Without backpressure every contact would be read before the slow writer took the first rows.
    expect(maxLag).toBeLessThan(1500);
  });

  it('fails for an unknown campaign', async () => {
    await expect(exportContactsCsv(store, { orgId, campaignId: 'nope' }, new PassThrough())).rejects.toThrow('campaign not found');
  });
});

describe('message export', () => {
  it('writes one row per message with the sender display name', async () => {
    await new ContactImporter(store, clock).run((await openCsvFile(join(FIXTURES, 'bom-crlf.csv'))).records, { orgId, campaignId });
    const [contact] = await contactsOf(campaignId);
    await store.messages.create(orgId, {
      orgId, campaignId, contactId: contact!.id, direction: 'outbound', kind: 'initial', voterPhone: contact!.phone,
      body: 'Hi Ana, this is Ana Volunteer with Export Org. Reply STOP to opt out.', status: 'queued', sentBy: ana, interactionId: 'i-1',
    });
    await store.messages.create(orgId, {
      orgId, campaignId, contactId: contact!.id, direction: 'inbound', kind: 'inbound', voterPhone: contact!.phone,
      body: '=cmd|"/c calc"!A1, sí', status: 'received', providerId: 'SM1',
    });
    const out = new PassThrough();
    const rows = parse(await collect(out, exportMessagesCsv(store, { orgId, campaignId }, out)), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ direction: 'outbound', kind: 'initial', status: 'queued', voter_phone: contact!.phone, sent_by: 'Ana Volunteer', segments: '1' });
    expect(rows[1]).toMatchObject({ direction: 'inbound', body: `'=cmd|"/c calc"!A1, sí`, provider_id: 'SM1', sent_by: '' });
    expect(rows[0]?.created_at).toBe('2026-03-02T15:00:00.000Z');
  });
});
