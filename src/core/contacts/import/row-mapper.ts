// One voter-file record -> a NewContact, or the reason it cannot be imported.
// R4.7 (21211/21408): phones are validated to US E.164 here, so sends never see a bad number.
// R2.4: time zones come from the ZIP first, then the area code; the window key groups contacts
// whose texting window is identical.
import type { Lang } from '../../model/common.js';
import type { NewContact } from '../../model/contact.js';
import { areaCodeOf, normalizePhone, type NormalizePhoneResult } from '../phone.js';
import { normalizeZip, resolveTimezones } from '../timezone.js';
import { windowKeyFor } from '../window-key.js';
import type { HeaderMapping } from './header-map.js';
import type { ParsedRecord } from './records.js';
import type { RowRejectReason } from './reasons.js';
import { cleanName, parseLanguage, parseState } from './values.js';

export interface RowMapperOptions {
  /** Region for numbers written without a country code. Default 'US'. */
  defaultRegion?: string;
  /** Language for rows whose language cell is empty or unknown. Default 'en'. */
  defaultLanguage?: Lang;
}

export type RowResult = { ok: true; contact: NewContact } | { ok: false; reason: RowRejectReason };

const MAX_CUSTOM_VALUE = 500;

/** A record is blank when every field is empty (e.g. a trailing ',,,,' line): it is not a row. */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '') return false;
  return true;
}

/**
 * Maps one record. `phone` is the record's phone cell already normalized (batched, maybe in a
 * worker); without it the mapper normalizes the cell itself.
 */
export type RowMapper = (record: ParsedRecord, phone?: NormalizePhoneResult) => RowResult;

/** The phone cell a record needs normalized, or undefined when the record is rejected or skipped anyway. */
export function phoneCellOf(record: ParsedRecord, mapping: HeaderMapping): string | undefined {
  if (record.malformed || record.unreadable || record.fields.length !== mapping.width || mapping.index.phone === undefined) return undefined;
  return record.fields[mapping.index.phone];
}

/** A contact's R2.4 zones, window key and address state. */
interface ContactZones {
  readonly zones: readonly string[];
  readonly windowKey: string;
  readonly zipState: string | undefined;
}

/** Distinct (area code, ZIP, state) combinations remembered per file; past this the memo starts over. */
const ZONE_MEMO_LIMIT = 50_000;

/**
 * resolveTimezones + windowKeyFor, remembered per (area code, ZIP, state column): the only inputs
 * they read (resolveTimezones looks at the phone through areaCodeOf alone), so a voter file's many
 * rows from the same area cost one resolution, and contacts share their window-key string.
 */
function createZoneResolver(): (e164: string, zip: string | undefined, state: string | undefined) => ContactZones {
  const memo = new Map<string, ContactZones>();
  return (e164, zip, state) => {
    const key = `${areaCodeOf(e164) ?? ''}|${zip ?? ''}|${state ?? ''}`;
    let found = memo.get(key);
    if (found === undefined) {
      const resolved = resolveTimezones({ phone: e164, zip, state });
      found = { zones: resolved.zones, windowKey: windowKeyFor(resolved), zipState: resolved.zipState };
      if (memo.size >= ZONE_MEMO_LIMIT) memo.clear();
      memo.set(key, found);
    }
    return found;
  };
}

/** Build the mapper for one file; the mapping decides which field feeds which contact property. */
export function createRowMapper(mapping: HeaderMapping, options: RowMapperOptions = {}): RowMapper {
  const region = options.defaultRegion ?? 'US';
  const defaultLanguage = options.defaultLanguage ?? 'en';
  const { index, width } = mapping;
  const phoneAt = index.phone;
  if (phoneAt === undefined) throw new RangeError('createRowMapper: the mapping has no phone column');
  const zonesFor = createZoneResolver();

  return (record, normalized) => {
    const { fields } = record;
    if (record.malformed) return { ok: false, reason: 'malformed_row' };
    if (record.unreadable) return { ok: false, reason: 'unreadable_characters' };
    // Strict on purpose: an unquoted comma shifts every later value, so even an empty extra
    // field means the values may not sit under their headers.
    if (fields.length > width) return { ok: false, reason: 'too_many_columns' };
    if (fields.length < width) return { ok: false, reason: 'too_few_columns' };

    const phone = normalized ?? normalizePhone(fields[phoneAt] ?? '', region);
    if (!phone.ok) return { ok: false, reason: phone.reason === 'empty' ? 'missing_phone' : phone.reason };

    const zip = index.zip === undefined ? undefined : normalizeZip(fields[index.zip]);
    const stateColumn = index.state === undefined ? undefined : parseState(fields[index.state]);
    const zones = zonesFor(phone.e164, zip, stateColumn);
    const state = stateColumn ?? zones.zipState;
    const language = (index.language === undefined ? undefined : parseLanguage(fields[index.language])) ?? defaultLanguage;

    const customFields: Record<string, string> = {};
    for (const { key, index: at } of index.custom) {
      const value = fields[at];
      if (value !== undefined && value !== '') customFields[key] = value.length > MAX_CUSTOM_VALUE ? value.slice(0, MAX_CUSTOM_VALUE) : value;
    }

    const contact: NewContact = {
      phone: phone.e164,
      firstName: cleanName(index.firstName === undefined ? undefined : fields[index.firstName]),
      lastName: cleanName(index.lastName === undefined ? undefined : fields[index.lastName]),
      timezones: [...zones.zones],
      windowKey: zones.windowKey,
      language,
      customFields,
      importLine: record.line,
    };
    if (zip !== undefined) contact.zip = zip;
    if (state !== undefined) contact.state = state;
    return { ok: true, contact };
  };
}
