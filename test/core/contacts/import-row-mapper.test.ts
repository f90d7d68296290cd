import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../../src/core/contacts/import/header-map.js';
import { createRowMapper, phoneCellOf } from '../../../src/core/contacts/import/row-mapper.js';
import { parseWindowKey, windowKeyFor } from '../../../src/core/contacts/window-key.js';
import { Contact } from '../../../src/core/model/contact.js';

const header = ['Cell Phone', 'First Name', 'Last Name', 'Zip5', 'st', 'Idioma', 'precinct'];
const map = createRowMapper(mapHeader(header));
const row = (fields: string[], line = 2) => map({ fields, line });

describe('windowKeyFor (R2.4)', () => {
  it('sorts and de-duplicates zones, then appends the ZIP state and the area-code state', () => {
    expect(windowKeyFor({ zones: ['America/New_York', 'America/Chicago'], zipState: 'FL', areaCodeState: 'FL' })).toBe('America/Chicago,America/New_York|FL|FL');
    expect(windowKeyFor({ zones: ['America/Chicago', 'America/Chicago'] })).toBe('America/Chicago||');
    expect(windowKeyFor({ zones: [] , areaCodeState: 'OK' })).toBe('||OK');
  });

  it('is the same for the same inputs in any order, and parses back', () => {
    const a = windowKeyFor({ zones: ['B', 'A'], zipState: 'TX' });
    expect(a).toBe(windowKeyFor({ zones: ['A', 'B'], zipState: 'TX' }));
    expect(parseWindowKey(a)).toEqual({ zones: ['A', 'B'], zipState: 'TX' });
    expect(parseWindowKey('||')).toEqual({ zones: [] });
  });
});

describe('createRowMapper', () => {
  it('maps a row to a NewContact that the Contact schema accepts', () => {
    const r = row(['(305) 555-0143', ' José ', 'Muñoz  Peña', '33101', 'fl', 'Español', 'P-12'], 7);
    expect(r).toEqual({
      ok: true,
      contact: {
        phone: '+13055550143',
        firstName: 'José',
        lastName: 'Muñoz Peña',
        zip: '33101',
        state: 'FL',
        timezones: ['America/New_York'],
        windowKey: 'America/New_York|FL|FL',
        language: 'es',
        customFields: { precinct: 'P-12' },
        importLine: 7,
      },
    });
    if (!r.ok) return;
    const parsed = Contact.safeParse({ ...r.contact, id: 'c1', orgId: 'o1', campaignId: 'k1', status: 'pending', createdAt: new Date(), updatedAt: new Date() });
    expect(parsed.success).toBe(true);
  });

  it('R2.4(b): without a ZIP the area code gives the zones; the key records the area-code state', () => {
    const r = row(['3125550101', 'Bob', '', '', '', '', '']);
    expect(r.ok && r.contact.timezones).toEqual(['America/Chicago']);
    expect(r.ok && r.contact.windowKey).toBe('America/Chicago||IL');
    expect(r.ok && r.contact.zip).toBeUndefined();
    expect(r.ok && r.contact.customFields).toEqual({});
    expect(r.ok && r.contact.language).toBe('en');
  });

  it('R2.4(e): a FL area code with an out-of-state ZIP keeps both states in the key', () => {
    const r = row(['(305) 555-0143', 'Ana', 'G', '10001', '', '', '']);
    expect(r.ok && r.contact.windowKey).toBe('America/New_York|NY|FL');
    expect(r.ok && r.contact.state).toBe('NY');
  });

  it('normalizes ZIPs that lost a leading zero or carry +4', () => {
    const r = row(['2025550143', 'a', 'b', '2134', '', '', '']);
    expect(r.ok && r.contact.zip).toBe('02134');
    const plus4 = row(['2025550143', 'a', 'b', '46201-1234', '', '', '']);
    expect(plus4.ok && plus4.contact.zip).toBe('46201');
  });

  it.each([
    ['', 'missing_phone'], ['   ', 'missing_phone'], ['555-0143', 'too_short'], ['CALL ME', 'not_a_number'], ['800-555-0143', 'toll_free'],
    ['202-555-0143 x12', 'extension'], ['(123) 555-0143', 'invalid_area_code'], ['1.20256E+10', 'invalid'], ['+44 20 7946 0958', 'not_us'],
    ['(900) 555-0143', 'premium'], ['202555014312', 'too_long'],
  ])('R4.7: phone %j is rejected as %s', (phone, reason) => {
    expect(row([phone, 'a', 'b', '', '', '', ''])).toEqual({ ok: false, reason });
  });

  it('rejects rows with more or fewer fields than the header, and malformed records', () => {
    expect(row(['2025550143', 'a', 'b', '', '', '', '', 'extra'])).toEqual({ ok: false, reason: 'too_many_columns' });
    expect(row(['2025550143', 'a', 'b', '', '', '', ''].concat(['']))).toEqual({ ok: false, reason: 'too_many_columns' });
    expect(row(['2025550143', 'a', 'b'])).toEqual({ ok: false, reason: 'too_few_columns' });
    expect(map({ fields: [], line: 3, malformed: true })).toEqual({ ok: false, reason: 'malformed_row' });
  });

  it('rejects a record the file adapter marked unreadable (a NUL byte), even when its phone is fine', () => {
    const record = { fields: ['2025550143', 'A\u0000na', 'b', '', '', '', ''], line: 9, unreadable: true };
    expect(map(record)).toEqual({ ok: false, reason: 'unreadable_characters' });
    expect(phoneCellOf(record, mapHeader(header))).toBeUndefined();
  });

  it('uses the default language and region options', () => {
    const es = createRowMapper(mapHeader(['phone']), { defaultLanguage: 'es' });
    expect(es({ fields: ['2025550143'], line: 2 })).toMatchObject({ ok: true, contact: { language: 'es' } });
  });

  it('refuses a mapping without a phone column', () => {
    expect(() => createRowMapper(mapHeader(['name']))).toThrow(RangeError);
  });
});
