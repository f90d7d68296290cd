// Cleaning of single voter-file values (names, language, state). Pure and synchronous.
import type { Lang } from '../../model/common.js';
import { headerKey } from './header-map.js';

/** Longest name the Contact schema allows. */
export const MAX_NAME_LENGTH = 100;

/** Trim, fold inner whitespace (including line breaks from quoted cells) to one space, cap the length. */
export function cleanName(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  const folded = /\s\s|[\t\r\n\u00a0]/.test(value) ? value.replace(/\s+/g, ' ') : value;
  const trimmed = folded.trim();
  return trimmed.length > MAX_NAME_LENGTH ? trimmed.slice(0, MAX_NAME_LENGTH).trimEnd() : trimmed;
}

const LANGUAGE_WORDS: Record<string, Lang> = {
  en: 'en', eng: 'en', english: 'en', ingles: 'en', enus: 'en', engb: 'en',
  es: 'es', esp: 'es', spa: 'es', sp: 'es', spanish: 'es', espanol: 'es', castellano: 'es', esus: 'es', esmx: 'es', eses: 'es',
};

/** 'Español', 'SPANISH', 'es-MX' -> 'es'; 'English', 'en' -> 'en'; anything else -> undefined. */
export function parseLanguage(value: string | undefined): Lang | undefined {
  if (value === undefined || value === '') return undefined;
  return LANGUAGE_WORDS[value] ?? LANGUAGE_WORDS[headerKey(value)];
}

const STATE_NAMES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', districtofcolumbia: 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL',
  indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT',
  nebraska: 'NE', nevada: 'NV', newhampshire: 'NH', newjersey: 'NJ', newmexico: 'NM', newyork: 'NY',
  northcarolina: 'NC', northdakota: 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA',
  rhodeisland: 'RI', southcarolina: 'SC', southdakota: 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT',
  vermont: 'VT', virginia: 'VA', washington: 'WA', westvirginia: 'WV', wisconsin: 'WI', wyoming: 'WY',
  puertorico: 'PR', guam: 'GU', virginislands: 'VI', usvirginislands: 'VI', americansamoa: 'AS',
  northernmarianaislands: 'MP',
};
const STATE_CODES: ReadonlySet<string> = new Set(Object.values(STATE_NAMES));

/** 'fl', ' FL ', 'Florida' -> 'FL'; unknown values -> undefined. */
export function parseState(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const code = value.trim().toUpperCase();
  if (code.length === 2) return STATE_CODES.has(code) ? code : undefined;
  return STATE_NAMES[headerKey(value)];
}
