// Recipient time zone resolution, R2.4:
//  (a) voter-file ZIP -> IANA zone (zipcode-to-timezone, includes Indiana/Phoenix/Boise splits);
//  (b) otherwise the phone's area code -> every IANA zone it covers (AREA_CODE_ZONES);
//  (c) none -> no zones (the texting window then applies its fallback, see texting-window.ts);
//  (e) both states are reported so the stricter state rule can be applied.
import { lookup as zipLookup } from 'zipcode-to-timezone';
import { AREA_CODE_ZONES } from './area-code-zones.js';
import { areaCodeOf } from './phone.js';

export interface ResolveTimezonesInput {
  /** E.164, as produced by normalizePhone. */
  readonly phone: string;
  readonly zip?: string | null;
  /** Voter-file state column (USPS code, e.g. 'FL'); used when the ZIP gives no state. */
  readonly state?: string | null;
}

export interface ResolvedTimezones {
  /** Candidate IANA zones; R2.4(c) requires every one to be inside the window. */
  readonly zones: string[];
  readonly source: 'zip' | 'area_code' | 'none';
  /** State of the phone's area code (R2.4e: FL/OK presume in-state area codes are residents). */
  readonly areaCodeState?: string;
  /** State of the voter's address: from the ZIP prefix, else the voter-file state column. */
  readonly zipState?: string;
}

/**
 * Normalize a ZIP as found in voter files to 5 digits: '46201-1234' and '462011234' -> '46201',
 * '2134' (leading zero lost by a spreadsheet) -> '02134', '2134.0' -> '02134'. Undefined if not a ZIP.
 */
export function normalizeZip(zip: string | null | undefined): string | undefined {
  if (zip === null || zip === undefined) return undefined;
  const text = zip.trim().replace(/^["']|["']$/g, '').replace(/\.0+$/, '');
  const plus4 = /^(\d{3,5})[-\s]\d{4}$/.exec(text);
  if (plus4?.[1]) return plus4[1].padStart(5, '0');
  if (/^\d{8,9}$/.test(text)) return text.padStart(9, '0').slice(0, 5);
  if (/^\d{3,5}$/.test(text)) return text.padStart(5, '0');
  return undefined;
}

/** USPS ZIP3 ranges -> state (approximate at range edges; military APO/FPO prefixes map to nothing). */
const ZIP3_RANGES: readonly (readonly [from: number, to: number, state: string])[] = [
  [5, 5, 'NY'], [6, 7, 'PR'], [8, 8, 'VI'], [9, 9, 'PR'],
  [10, 27, 'MA'], [28, 29, 'RI'], [30, 38, 'NH'], [39, 49, 'ME'],
  [50, 54, 'VT'], [55, 55, 'MA'], [56, 59, 'VT'], [60, 69, 'CT'],
  [70, 89, 'NJ'], [100, 149, 'NY'], [150, 196, 'PA'], [197, 199, 'DE'],
  [200, 200, 'DC'], [201, 201, 'VA'], [202, 205, 'DC'], [206, 219, 'MD'],
  [220, 246, 'VA'], [247, 268, 'WV'], [270, 289, 'NC'], [290, 299, 'SC'],
  [300, 319, 'GA'], [320, 339, 'FL'], [341, 349, 'FL'], [350, 369, 'AL'],
  [370, 385, 'TN'], [386, 397, 'MS'], [398, 399, 'GA'], [400, 427, 'KY'],
  [430, 459, 'OH'], [460, 479, 'IN'], [480, 499, 'MI'], [500, 528, 'IA'],
  [530, 549, 'WI'], [550, 567, 'MN'], [569, 569, 'DC'], [570, 577, 'SD'],
  [580, 588, 'ND'], [590, 599, 'MT'], [600, 629, 'IL'], [630, 658, 'MO'],
  [660, 679, 'KS'], [680, 693, 'NE'], [700, 714, 'LA'], [716, 729, 'AR'],
  [730, 732, 'OK'], [733, 733, 'TX'], [734, 749, 'OK'], [750, 799, 'TX'],
  [800, 816, 'CO'], [820, 831, 'WY'], [832, 838, 'ID'], [840, 847, 'UT'],
  [850, 865, 'AZ'], [870, 884, 'NM'], [885, 885, 'TX'], [889, 898, 'NV'],
  [900, 961, 'CA'], [967, 968, 'HI'], [969, 969, 'GU'], [970, 979, 'OR'],
  [980, 994, 'WA'], [995, 999, 'AK'],
];

/** State (USPS code) for a ZIP from its 3-digit prefix; undefined for unknown or military prefixes. */
export function stateForZip(zip: string | null | undefined): string | undefined {
  const zip5 = normalizeZip(zip);
  if (zip5 === undefined) return undefined;
  const prefix = Number(zip5.slice(0, 3));
  return ZIP3_RANGES.find(([from, to]) => prefix >= from && prefix <= to)?.[2];
}

/**
 * ZIP3 prefixes where zipcode-to-timezone (2016 data) puts Central-time areas in an Eastern zone
 * (or Mountain in a Pacific one). Their zones are ADDED to the ZIP's zone, never substituted, so
 * R2.4(c) (all candidates must be open) keeps the check safe even where the prefix is mixed.
 */
const ZIP3_EXTRA_ZONES: Readonly<Record<string, readonly string[]>> = {
  '420': ['America/Chicago'], // KY Paducah
  '421': ['America/Chicago'], // KY Bowling Green
  '422': ['America/Chicago'], // KY Bowling Green / Hopkinsville
  '423': ['America/Chicago'], // KY Owensboro
  '424': ['America/Chicago'], // KY Henderson / Madisonville
  '426': ['America/Chicago'], // KY Somerset area (Russell, Adair, Cumberland, Clinton are Central)
  '427': ['America/Chicago'], // KY Elizabethtown area (mixed)
  '463': ['America/Chicago'], // IN Lake / Porter / LaPorte (Chicago area)
  '464': ['America/Chicago'], // IN Gary
  '476': ['America/Chicago'], // IN Evansville area (Posey, Warrick, Gibson, Spencer)
  '477': ['America/Chicago'], // IN Evansville
  '898': ['America/Denver'], // NV Elko County (West Wendover, Jackpot)
  '979': ['America/Boise'], // OR Malheur County (Ontario)
};

function normalizeState(state: string | null | undefined): string | undefined {
  const code = state?.trim().toUpperCase();
  return code !== undefined && /^[A-Z]{2}$/.test(code) ? code : undefined;
}

/** R2.4: candidate IANA zones for a contact, ZIP first, then area code, else none. */
export function resolveTimezones(input: ResolveTimezonesInput): ResolvedTimezones {
  const areaCode = areaCodeOf(input.phone);
  const areaInfo = areaCode === undefined ? undefined : AREA_CODE_ZONES[areaCode];
  const zip5 = normalizeZip(input.zip);
  const zipState = stateForZip(zip5) ?? normalizeState(input.state);
  const states = {
    ...(areaInfo ? { areaCodeState: areaInfo.state } : {}),
    ...(zipState ? { zipState } : {}),
  };
  const zipZone = zip5 === undefined ? null : zipLookup(zip5);
  if (zipZone && zip5 !== undefined) {
    const zones = [...new Set([zipZone, ...(ZIP3_EXTRA_ZONES[zip5.slice(0, 3)] ?? [])])];
    return { zones, source: 'zip', ...states };
  }
  if (areaInfo && areaInfo.zones.length > 0) return { zones: [...areaInfo.zones], source: 'area_code', ...states };
  return { zones: [], source: 'none', ...states };
}
