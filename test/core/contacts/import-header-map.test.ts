import { describe, expect, it } from 'vitest';
import { headerKey, mapHeader } from '../../../src/core/contacts/import/header-map.js';
import { cleanName, parseLanguage, parseState } from '../../../src/core/contacts/import/values.js';

describe('mapHeader: aliases', () => {
  it.each([
    'phone', 'Phone', 'cell', 'Cell Phone', 'cell_phone', 'mobile', 'Mobile Phone', 'mobile_phone', 'phone_number',
    'Phone Number', 'number', 'tel', 'telephone', 'wireless', 'PHONE', ' phone ', 'Teléfono', 'Celular', 'Teléfono Móvil',
  ])('%j is the phone column', (name) => {
    const m = mapHeader(['x', name, 'y']);
    expect(m.phoneColumnMissing).toBe(false);
    expect(m.index.phone).toBe(1);
    expect(m.columns.phone).toBe(name.trim());
  });

  it.each([
    ['firstName', ['first_name', 'First Name', 'first', 'fname', 'given_name', 'FIRSTNAME', 'Nombre']],
    ['lastName', ['last_name', 'Last Name', 'last', 'lname', 'surname', 'family_name', 'Apellidos']],
    ['zip', ['zip', 'zip5', 'Zip5', 'zipcode', 'zip_code', 'ZIP Code', 'postal_code', 'postcode', 'Código Postal']],
    ['state', ['state', 'st', 'state_code', 'ST', 'Estado']],
    ['language', ['language', 'lang', 'preferred_language', 'idioma', 'Preferred Language']],
  ] as const)('%s aliases', (column, names) => {
    for (const name of names) {
      const m = mapHeader(['phone', name]);
      expect(m.index[column], name).toBe(1);
      expect(m.columns[column], name).toBe(name);
      expect(m.columns.custom, name).toEqual([]);
    }
  });

  it('everything else becomes a custom field keyed by the trimmed original header', () => {
    const m = mapHeader(['Cell Phone', ' precinct ', 'Van ID', 'First Name']);
    expect(m.columns).toEqual({ phone: 'Cell Phone', firstName: 'First Name', custom: ['precinct', 'Van ID'] });
    expect(m.index.custom).toEqual([
      { key: 'precinct', index: 1 },
      { key: 'Van ID', index: 2 },
    ]);
    expect(m.width).toBe(4);
  });

  it('a mobile column outranks a generic phone column; the other one is kept as a custom field', () => {
    const m = mapHeader(['Phone', 'Cell Phone', 'number']);
    expect(m.columns.phone).toBe('Cell Phone');
    expect(m.columns.custom).toEqual(['Phone', 'number']);
  });

  it('duplicate and empty custom headers get distinct keys', () => {
    const m = mapHeader(['phone', 'note', 'note', '']);
    expect(m.columns.custom).toEqual(['note', 'note (2)', 'column_4']);
  });

  it('reports a missing phone column', () => {
    const m = mapHeader(['first_name', 'last_name']);
    expect(m.phoneColumnMissing).toBe(true);
    expect(m.index.phone).toBeUndefined();
  });

  it('headerKey ignores case, accents, spaces and punctuation', () => {
    expect(headerKey(' Teléfono-Móvil_ ')).toBe('telefonomovil');
    expect(headerKey('Zip Code')).toBe(headerKey('zip_code'));
  });
});

describe('import values', () => {
  it.each([
    ['en', 'en'], ['EN', 'en'], ['English', 'en'], ['inglés', 'en'], ['es', 'es'], ['ES', 'es'], ['Spanish', 'es'],
    ['Español', 'es'], ['espanol', 'es'], ['es-MX', 'es'], ['fr', undefined], ['', undefined],
  ] as const)('language %j -> %j', (text, lang) => {
    expect(parseLanguage(text)).toBe(lang);
  });

  it.each([
    ['FL', 'FL'], [' fl ', 'FL'], ['Florida', 'FL'], ['new york', 'NY'], ['District of Columbia', 'DC'], ['XX', undefined], ['', undefined],
  ] as const)('state %j -> %j', (text, code) => {
    expect(parseState(text)).toBe(code);
  });

  it('cleans names: trims, folds inner whitespace and line breaks, caps at 100 characters', () => {
    expect(cleanName('  María  José ')).toBe('María José');
    expect(cleanName('Ana\nMaría')).toBe('Ana María');
    expect(cleanName('x'.repeat(150))).toHaveLength(100);
    expect(cleanName(undefined)).toBe('');
  });
});
