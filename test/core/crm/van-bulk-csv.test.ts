import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine, vanBulkCsv, vanBulkLayout, vanPhoneDigits, type VanBulkRecord } from '../../../src/core/crm/van-bulk-csv.js';

const layout = () => vanBulkLayout({ surveyQuestions: ['Support', 'Vote plan'], activistCodes: ['Volunteer', 'Donor'], timeZone: 'America/New_York' });

async function text(records: Iterable<VanBulkRecord> | AsyncIterable<VanBulkRecord>, counts?: { rows: number; unmapped: number }): Promise<string> {
  let out = '';
  for await (const line of vanBulkCsv(layout(), records, counts ? { counts } : {})) out += line;
  return out;
}

const texted: VanBulkRecord = {
  vanId: '100479',
  contactedAt: new Date('2026-11-02T02:30:00Z'),
  phone: '+12025550143',
  surveyResponses: [{ question: 'Support', response: 'Yes' }],
  activistCodes: ['Donor'],
};

describe('VAN bulk upload CSV', () => {
  it('writes the wizard columns left to right: VAN ID, date, phone, contact type, result, one column per question and per activist code', async () => {
    const rows = parse(await text([texted, { vanId: '100480', contactedAt: new Date('2026-11-01T15:00:00Z'), phone: '+12025550144', result: 'Wrong Number', surveyResponses: [], activistCodes: [] }]), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['VANID', 'Date Contacted', 'Phone Number', 'Contact Type', 'Canvass Result', 'Support', 'Vote plan', 'Activist Code: Volunteer', 'Activist Code: Donor']);
    // 02:30 UTC on Nov 2 is still Nov 1 in New York: the date is the campaign's.
    expect(rows[1]).toEqual(['100479', '2026-11-01', '2025550143', 'SMS Text', '', 'Yes', '', '', 'Donor']);
    expect(rows[2]).toEqual(['100480', '2026-11-01', '2025550144', 'SMS Text', 'Wrong Number', '', '', '', '']);
  });

  it('an undelivered text is no contact attempt: no date, phone, contact type, result or answers; activist codes stay', async () => {
    const rows = parse(await text([{ ...texted, contactedAt: undefined, result: 'Moved' }]), { bom: true }) as string[][];
    expect(rows[1]).toEqual(['100479', '', '', '', '', '', '', '', 'Donor']);
  });

  it('is safe against formula injection and quotes commas, quotes and newlines (RFC 4180)', async () => {
    const hostile: VanBulkRecord = { ...texted, result: '=HYPERLINK("x")', surveyResponses: [{ question: 'Support', response: 'Yes, "strongly"\nreally' }] };
    const out = await text([hostile]);
    const rows = parse(out, { bom: true }) as string[][];
    expect(rows[1]?.[4]).toBe(`'=HYPERLINK("x")`);
    expect(rows[1]?.[5]).toBe('Yes, "strongly"\nreally');
    expect(csvLine(['a', 'b,c', 'd"e'])).toBe('a,"b,c","d""e"\r\n');
    const l = vanBulkLayout({ surveyQuestions: ['@SUM(A1)'], activistCodes: [] });
    expect(l.header.at(-1)).toBe("'@SUM(A1)");
  });

  it('never repeats a header, and counts answers or codes without a column', async () => {
    const l = vanBulkLayout({ surveyQuestions: ['VANID', 'Support', 'support'], activistCodes: ['Volunteer'] });
    expect(l.header).toEqual(['VANID', 'Date Contacted', 'Phone Number', 'Contact Type', 'Canvass Result', 'VANID (2)', 'Support', 'support (2)', 'Activist Code: Volunteer']);
    const counts = { rows: 0, unmapped: 0 };
    await text([{ ...texted, surveyResponses: [{ question: 'Issue', response: 'Housing' }], activistCodes: ['Host', 'Volunteer'] }], counts);
    expect(counts).toEqual({ rows: 1, unmapped: 2 });
  });

  it('streams: reads records from an async source one at a time, header first, BOM optional', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<VanBulkRecord> {
      for (let i = 0; i < 3; i++) {
        pulled += 1;
        yield { ...texted, vanId: String(200 + i) };
      }
    }
    const gen = vanBulkCsv(layout(), source(), { bom: false });
    const first = await gen.next();
    expect(first.value).toMatch(/^VANID,/);
    expect(pulled).toBe(0);
    const second = await gen.next();
    expect(second.value).toMatch(/^200,/);
    expect(pulled).toBe(1);
    let rest = 0;
    for await (const _ of gen) rest += 1;
    expect(rest).toBe(2);
  });

  it('writes VAN phone digits: 10 digits for +1, country code and number otherwise', () => {
    expect(vanPhoneDigits('+12025550143')).toBe('2025550143');
    expect(vanPhoneDigits('+5215512345678')).toBe('5215512345678');
  });
});
