// Phone normalization to E.164 for voter-file imports and sends.
// R4.7 (21211/21408): validate E.164 and block non-US numbers before sending.
// R5.2(d): numbers only come from imported lists; this module never invents one,
// which is why lossy spreadsheet values (1.20256E+10) are rejected, not guessed.
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { AREA_CODE_ZONES } from './area-code-zones.js';
import { createNanpClassifier, type NanpNumberInfo } from './nanp-numbering.js';

/** Stable reason codes; i18n keys are `rules:phone.<reason>` (locales/<lng>/rules.json). */
export type PhoneRejectReason =
  | 'empty'
  | 'not_a_number'
  | 'too_short'
  | 'too_long'
  | 'invalid_area_code'
  | 'invalid'
  | 'not_us'
  | 'toll_free'
  | 'premium'
  | 'extension';

export const PHONE_REJECT_REASONS: readonly PhoneRejectReason[] = [
  'empty',
  'not_a_number',
  'too_short',
  'too_long',
  'invalid_area_code',
  'invalid',
  'not_us',
  'toll_free',
  'premium',
  'extension',
];

export type NormalizePhoneResult = { ok: true; e164: string } | { ok: false; reason: PhoneRejectReason };

export interface NormalizePhoneOptions {
  /** Accept numbers outside the US and its territories (e.g. Canada, UK). Default false (R4.7 21408). */
  readonly allowNonUs?: boolean;
}

/** US and territories sharing +1: these count as US (their area codes are in AREA_CODE_ZONES). */
const US_REGIONS: ReadonlySet<string> = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);
const TOLL_FREE_NPAS: ReadonlySet<string> = new Set(['800', '833', '844', '855', '866', '877', '888']);
const PREMIUM_NPAS: ReadonlySet<string> = new Set(['900']);

const EXTENSION_RE = /(?:[,;]\s*|\s*(?:#|ext\.?|extension|x)\s*)\d{1,6}\s*$/i;
const SURROUNDING_QUOTES_RE = /^[\s"'\u2018\u2019\u201C\u201D`]+|[\s"'\u2018\u2019\u201C\u201D`]+$/g;
/** Characters a written phone number may contain once extensions are handled. */
const PHONE_CHARS_RE = /^[+\d\s().\-/\u00A0\u2010-\u2015]+$/;
const SCIENTIFIC_RE = /^\+?(\d)(?:\.(\d+))?e\+?(\d{1,2})$/i;
const TRAILING_DECIMAL_ZERO_RE = /^(\+?\d+)\.0+$/;

/** Expand spreadsheet scientific notation exactly; null when digits were lost (e.g. 1.20256E+10). */
function expandScientific(text: string): string | null {
  const m = SCIENTIFIC_RE.exec(text);
  if (!m) return text;
  const [, lead = '', frac = '', expText = '0'] = m;
  const exp = Number(expText);
  // Every digit must be written out: padding with zeros would invent a number (R5.2d).
  if (frac.length !== exp) return null;
  return lead + frac;
}

/** Strip the wrapping a CSV cell or spreadsheet adds around a phone number. */
function unwrap(input: string): string {
  let text = input.normalize('NFKC').replace(SURROUNDING_QUOTES_RE, '');
  if (text.startsWith('=')) text = text.slice(1).replace(SURROUNDING_QUOTES_RE, ''); // Excel ="2025550143"
  return text.trim();
}

function isValidNpaFormat(npa: string): boolean {
  // NANP area codes are NXX (N = 2-9) and never N11 (service codes).
  return /^[2-9]\d\d$/.test(npa) && npa.slice(1) !== '11';
}

/** 555-0100..555-0199 are reserved for fiction; the sandbox and samples use them (accepted on purpose). */
function isFictionalNanp(national: string): boolean {
  return /^\d{3}55501\d\d$/.test(national);
}

/** What classifyNanp asks about a +1 number: libphonenumber's isValid(), getType() and country. */
interface NanpVerdict extends NanpNumberInfo {
  readonly valid: boolean;
}

/** `national` is the number's national part; `verdict` is only asked when the NANP rules here do not decide. */
function classifyNanp(national: string, verdict: () => NanpVerdict, opts: NormalizePhoneOptions): NormalizePhoneResult {
  if (national.length < 10) return { ok: false, reason: 'too_short' };
  if (national.length > 10) return { ok: false, reason: 'too_long' };
  const npa = national.slice(0, 3);
  if (!isValidNpaFormat(npa)) return { ok: false, reason: 'invalid_area_code' };
  if (TOLL_FREE_NPAS.has(npa)) return { ok: false, reason: 'toll_free' };
  if (PREMIUM_NPAS.has(npa)) return { ok: false, reason: 'premium' };
  const usAreaCode = AREA_CODE_ZONES[npa] !== undefined;
  if (usAreaCode && isFictionalNanp(national)) return { ok: true, e164: `+1${national}` };
  const { valid, type, country } = verdict();
  if (!valid) return { ok: false, reason: usAreaCode ? 'invalid' : 'invalid_area_code' };
  if (type === 'TOLL_FREE') return { ok: false, reason: 'toll_free' };
  if (type === 'PREMIUM_RATE') return { ok: false, reason: 'premium' };
  const isUs = country !== undefined && US_REGIONS.has(country);
  if (!isUs && !opts.allowNonUs) return { ok: false, reason: 'not_us' };
  return { ok: true, e164: `+1${national}` };
}

function classifyOther(phone: PhoneNumber, opts: NormalizePhoneOptions): NormalizePhoneResult {
  if (!phone.isValid()) return { ok: false, reason: phone.isPossible() ? 'invalid' : lengthReason(phone) };
  if (!opts.allowNonUs) return { ok: false, reason: 'not_us' };
  const type = phone.getType();
  if (type === 'TOLL_FREE') return { ok: false, reason: 'toll_free' };
  if (type === 'PREMIUM_RATE') return { ok: false, reason: 'premium' };
  return { ok: true, e164: phone.number };
}

function lengthReason(phone: PhoneNumber): PhoneRejectReason {
  const length = phone.nationalNumber.length;
  return length < 7 ? 'too_short' : length > 12 ? 'too_long' : 'invalid';
}

function parseErrorReason(error: unknown): PhoneRejectReason {
  if (!(error instanceof ParseError)) return 'invalid';
  switch (error.message) {
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    default:
      return 'invalid';
  }
}

/**
 * The +1 rules of libphonenumber's metadata, compiled once (see nanp-numbering.ts). Undefined
 * only if the installed metadata has an unexpected shape; every number then takes the library path.
 */
const NANP_RULES = createNanpClassifier();

/**
 * How most voter files write a US number: 10 digits (area code 2-9), optionally after `1` or
 * `+1`, grouped as `2025550143`, `202-555-0143`, `202.555.0143`, `202 555 0143` (one separator
 * throughout) or `(202) 555-0143`. Nothing else (no quotes, spaces around, extensions, letters).
 */
const CLEAN_NANP_RE = /^(?:\+?1[-. ]?)?(?:\(([2-9]\d\d)\) ?(\d{3})-(\d{4})|([2-9]\d\d)([-. ]?)(\d{3})\5(\d{4}))$/;

/**
 * normalizePhone(input, 'US', opts) for inputs written the common clean way (CLEAN_NANP_RE),
 * without libphonenumber's per-call pattern compilation; undefined for any other input (the
 * caller then takes the full path). The results are the full path's, exactly: checked against
 * it over generated numbers of every +1 country and type in test/core/contacts/phone-fast-path.test.ts.
 */
export function normalizeCleanNanp(input: string, opts: NormalizePhoneOptions = {}): NormalizePhoneResult | undefined {
  const rules = NANP_RULES;
  if (rules === undefined || input.length < 10 || input.length > 17) return undefined;
  const m = CLEAN_NANP_RE.exec(input);
  if (!m) return undefined;
  const national = m[1] === undefined ? `${m[4]}${m[6]}${m[7]}` : `${m[1]}${m[2]}${m[3]}`;
  return classifyNanp(national, () => {
    const info = rules(national);
    return { valid: info.type !== undefined, type: info.type, country: info.country };
  }, opts);
}

/**
 * Normalize a phone number as written in a voter file to E.164.
 * Accepts punctuation, spaces, a leading 1 or +1, surrounding quotes, `="..."`,
 * spreadsheet renderings (`1.2025550143E+10`, `2025550143.0`).
 * Rejects extensions, letters, toll-free/premium and (unless `allowNonUs`) non-US numbers.
 */
export function normalizePhone(
  input: string,
  defaultRegion: string = 'US',
  opts: NormalizePhoneOptions = {},
): NormalizePhoneResult {
  if (defaultRegion === 'US') {
    const fast = normalizeCleanNanp(input, opts);
    if (fast !== undefined) return fast;
  }
  return normalizePhoneWithLibrary(input, defaultRegion, opts);
}

/**
 * normalizePhone without the clean-NANP shortcut: every input through libphonenumber. Same
 * results as normalizePhone; exported as the reference the shortcut is tested against.
 */
export function normalizePhoneWithLibrary(
  input: string,
  defaultRegion: string = 'US',
  opts: NormalizePhoneOptions = {},
): NormalizePhoneResult {
  if (!isSupportedCountry(defaultRegion)) throw new RangeError(`normalizePhone: unsupported region ${defaultRegion}`);
  const region: CountryCode = defaultRegion;
  let text = unwrap(input);
  if (text === '') return { ok: false, reason: 'empty' };
  if (EXTENSION_RE.test(text) && /\d{7}/.test(text.replace(/\D/g, ''))) return { ok: false, reason: 'extension' };

  const decimal = TRAILING_DECIMAL_ZERO_RE.exec(text);
  if (decimal?.[1]) text = decimal[1];
  const expanded = expandScientific(text.replace(/\s+/g, ''));
  if (expanded === null) return { ok: false, reason: 'invalid' };
  if (expanded !== text.replace(/\s+/g, '')) text = expanded;

  if (!PHONE_CHARS_RE.test(text)) return { ok: false, reason: 'not_a_number' };
  const digits = text.replace(/\D/g, '');
  if (digits === '') return { ok: false, reason: 'not_a_number' };

  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, { defaultCountry: region, extract: false });
  } catch (error) {
    return { ok: false, reason: parseErrorReason(error) };
  }
  if (phone.ext) return { ok: false, reason: 'extension' };
  if (phone.countryCallingCode !== '1') return classifyOther(phone, opts);
  return classifyNanp(String(phone.nationalNumber), () => {
    const valid = phone.isValid();
    return { valid, type: valid ? phone.getType() : undefined, country: phone.country };
  }, opts);
}

/** The NANP area code (NPA) of an E.164 number, e.g. '202' for '+12025550143'; undefined otherwise. */
export function areaCodeOf(e164: string): string | undefined {
  const m = /^\+1(\d{3})\d{7}$/.exec(e164);
  return m?.[1];
}

/**
 * A voter's number as shown in chat, hiding the exchange: '+12025550143' -> '(202) •••-0143'.
 * Non-NANP numbers keep the country code and last 4 digits: '+44 •••• 8750'.
 */
export function maskPhone(e164: string): string {
  const nanp = /^\+1(\d{3})\d{3}(\d{4})$/.exec(e164);
  if (nanp) return `(${nanp[1]}) •••-${nanp[2]}`;
  const digits = e164.replace(/\D/g, '');
  const last4 = digits.slice(-4);
  try {
    const phone = parsePhoneNumberWithError(e164);
    return `+${phone.countryCallingCode} •••• ${last4}`;
  } catch {
    return `•••• ${last4}`;
  }
}
