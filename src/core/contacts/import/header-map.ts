// Voter-file header mapping: which column holds the phone, names, ZIP, state and language.
// Names compare case-, accent-, space- and punctuation-insensitively ('Cell Phone', 'cell_phone',
// 'CELLPHONE' and 'Teléfono Móvil' all work). Every other column becomes a custom field.

export type StandardColumn = 'phone' | 'firstName' | 'lastName' | 'zip' | 'state' | 'language';

/** Matched header names (as written in the file, trimmed); `custom` lists the custom-field keys. */
export interface MappedColumns {
  phone?: string;
  firstName?: string;
  lastName?: string;
  zip?: string;
  state?: string;
  language?: string;
  custom: string[];
}

/** Where each value lives in a record (0-based field index). */
export interface ColumnIndex {
  phone?: number;
  firstName?: number;
  lastName?: number;
  zip?: number;
  state?: number;
  language?: number;
  custom: { key: string; index: number }[];
}

export interface HeaderMapping {
  columns: MappedColumns;
  phoneColumnMissing: boolean;
  index: ColumnIndex;
  /** Number of header fields: records with more or fewer fields are rejected. */
  width: number;
}

/**
 * Aliases per standard column, best first. For the phone, mobile columns outrank generic ones
 * (we text people), so a file with both "Phone" and "Cell Phone" uses "Cell Phone"; the other
 * becomes a custom field.
 */
const ALIASES: Record<StandardColumn, readonly string[]> = {
  phone: [
    'cell', 'cellphone', 'cellnumber', 'cellphonenumber', 'cellular', 'mobile', 'mobilephone', 'mobilenumber',
    'mobilephonenumber', 'wireless', 'wirelessphone', 'celular', 'movil', 'telefonomovil', 'telefonocelular',
    'numerocelular', 'phone', 'phonenumber', 'telephone', 'telephonenumber', 'tel', 'telefono', 'numerodetelefono',
    'number', 'numero',
  ],
  firstName: ['firstname', 'first', 'fname', 'givenname', 'nombre', 'primernombre'],
  lastName: ['lastname', 'last', 'lname', 'surname', 'familyname', 'apellido', 'apellidos'],
  zip: ['zip', 'zip5', 'zipcode', 'postalcode', 'postcode', 'codigopostal'],
  state: ['state', 'st', 'statecode', 'estado'],
  language: ['language', 'lang', 'preferredlanguage', 'idioma', 'lengua'],
};

const STANDARD_ORDER: readonly StandardColumn[] = ['phone', 'firstName', 'lastName', 'zip', 'state', 'language'];

/** 'Teléfono Móvil ' -> 'telefonomovil': lowercase, accents removed, only letters and digits kept. */
export function headerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Which standard column a header name stands for, and its rank (lower is better). */
export function standardColumnOf(name: string): { column: StandardColumn; rank: number } | undefined {
  const key = headerKey(name);
  if (key === '') return undefined;
  for (const column of STANDARD_ORDER) {
    const rank = ALIASES[column].indexOf(key);
    if (rank !== -1) return { column, rank };
  }
  return undefined;
}

/** The name a custom column is stored under: the header trimmed, de-duplicated, never empty. */
function customKey(raw: string, position: number, taken: Set<string>): string {
  const base = raw.trim() === '' ? `column_${position + 1}` : raw.trim();
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base} (${n})`;
  taken.add(key);
  return key;
}

/** Map a header row to standard columns and custom fields. */
export function mapHeader(headers: readonly string[]): HeaderMapping {
  const best = new Map<StandardColumn, { index: number; rank: number }>();
  headers.forEach((name, index) => {
    const hit = standardColumnOf(name);
    if (!hit) return;
    const current = best.get(hit.column);
    if (!current || hit.rank < current.rank) best.set(hit.column, { index, rank: hit.rank });
  });
  const columns: MappedColumns = { custom: [] };
  const index: ColumnIndex = { custom: [] };
  const standardAt = new Set<number>();
  for (const [column, { index: at }] of best) {
    columns[column] = (headers[at] ?? '').trim();
    index[column] = at;
    standardAt.add(at);
  }
  const taken = new Set<string>();
  headers.forEach((name, at) => {
    if (standardAt.has(at)) return;
    const key = customKey(name, at, taken);
    columns.custom.push(key);
    index.custom.push({ key, index: at });
  });
  return { columns, phoneColumnMissing: index.phone === undefined, index, width: headers.length };
}
