// What libphonenumber-js ('max' metadata) decides about a 10-digit NANP national number (+1):
// which country it belongs to, and its type (undefined = not a valid number). The same metadata
// and the same steps as the library's getCountryByNationalNumber / getNumberType / isValid,
// with every pattern compiled once instead of on each call (the library builds a new RegExp
// from a kilobyte of pattern text per check: 10-20 µs a number; this takes well under 1 µs).
// Used only by normalizePhone's fast path; test/core/contacts/phone-fast-path.test.ts checks it
// against the library over generated numbers of every +1 country and type.
import metadata from 'libphonenumber-js/max/metadata';

export type NanpNumberType =
  | 'FIXED_LINE'
  | 'MOBILE'
  | 'FIXED_LINE_OR_MOBILE'
  | 'TOLL_FREE'
  | 'PREMIUM_RATE'
  | 'SHARED_COST'
  | 'VOIP'
  | 'PERSONAL_NUMBER'
  | 'PAGER'
  | 'UAN'
  | 'VOICEMAIL';

export interface NanpNumberInfo {
  /** The country libphonenumber assigns ('US', 'CA', 'PR', ...); undefined when none matches. */
  readonly country: string | undefined;
  /** libphonenumber's getType(); undefined exactly when isValid() is false. */
  readonly type: NanpNumberType | undefined;
}

/** Looks up a 10-digit national number (no +1); see NanpNumberInfo. */
export type NanpClassifier = (national: string) => NanpNumberInfo;

/** Positions in a version-4 metadata country array and in its types array (libphonenumber's metadata.js). */
const NATIONAL_NUMBER_PATTERN = 2;
const POSSIBLE_LENGTHS = 3;
const LEADING_DIGITS = 10;
const TYPES = 11;
const TYPE_INDEX: Readonly<Record<Exclude<NanpNumberType, 'FIXED_LINE_OR_MOBILE'>, number>> = {
  FIXED_LINE: 0,
  MOBILE: 1,
  TOLL_FREE: 2,
  PREMIUM_RATE: 3,
  PERSONAL_NUMBER: 4,
  VOICEMAIL: 5,
  UAN: 6,
  PAGER: 7,
  VOIP: 8,
  SHARED_COST: 9,
};
/** getNumberType's order after the fixed-line check. */
const NON_FIXED_LINE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

interface TypeRule {
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

interface CountryRules {
  readonly code: string;
  readonly leadingDigits: RegExp | undefined;
  readonly nationalNumber: RegExp;
  /** By TYPE_INDEX; undefined where the metadata has no pattern (or an empty one). */
  readonly types: readonly (TypeRule | undefined)[];
  /** The MOBILE entry exists with an empty pattern: "same as fixed line". */
  readonly mobileSameAsFixed: boolean;
  readonly hasMobile: boolean;
}

const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
const isNumberArray = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');

function compileCountry(code: string, raw: unknown, entire: (pattern: string) => RegExp): CountryRules | undefined {
  if (!Array.isArray(raw)) return undefined;
  const nnp: unknown = raw[NATIONAL_NUMBER_PATTERN];
  const lengths: unknown = raw[POSSIBLE_LENGTHS];
  const lead: unknown = raw[LEADING_DIGITS];
  const types: unknown = raw[TYPES];
  if (typeof nnp !== 'string' || !isNumberArray(lengths) || !Array.isArray(types) || types.length === 0) return undefined;
  if (lead !== undefined && lead !== 0 && typeof lead !== 'string') return undefined;
  const rules: (TypeRule | undefined)[] = [];
  for (let i = 0; i < 10; i += 1) {
    const t: unknown = types[i];
    if (t === undefined || t === 0) {
      rules.push(undefined);
      continue;
    }
    if (!Array.isArray(t) || typeof t[0] !== 'string' || (t[1] !== undefined && !isNumberArray(t[1]))) return undefined;
    // Type.possibleLengths(): `type[1] || plan.possibleLengths()`.
    const own = t[1] as number[] | undefined;
    rules.push(t[0] === '' ? undefined : { pattern: entire(t[0]), lengths: own ?? lengths });
  }
  const mobile: unknown = types[TYPE_INDEX.MOBILE];
  return {
    code,
    // `nationalNumber.search(leadingDigits) === 0` in the library: a match starting at the first digit.
    leadingDigits: typeof lead === 'string' && lead !== '' ? new RegExp(lead) : undefined,
    nationalNumber: entire(nnp),
    types: rules,
    mobileSameAsFixed: Array.isArray(mobile) && mobile[0] === '',
    hasMobile: Array.isArray(mobile),
  };
}

function isType(rules: CountryRules, national: string, index: number): boolean {
  const rule = rules.types[index];
  if (rule === undefined) return false;
  if (rule.lengths !== undefined && !rule.lengths.includes(national.length)) return false;
  return rule.pattern.test(national);
}

/** libphonenumber's getNumberType for one country's rules. */
function numberType(rules: CountryRules, national: string): NanpNumberType | undefined {
  if (!rules.nationalNumber.test(national)) return undefined;
  if (isType(rules, national, TYPE_INDEX.FIXED_LINE)) {
    if (rules.mobileSameAsFixed || !rules.hasMobile) return 'FIXED_LINE_OR_MOBILE';
    return isType(rules, national, TYPE_INDEX.MOBILE) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const type of NON_FIXED_LINE_TYPES) if (isType(rules, national, TYPE_INDEX[type])) return type;
  return undefined;
}

/**
 * Compiles the +1 rules of a libphonenumber metadata object (default: the 'max' metadata the
 * library itself uses). Undefined when the metadata is not shaped as expected (another metadata
 * version): normalizePhone then always takes the library's own path.
 */
export function createNanpClassifier(json: unknown = metadata): NanpClassifier | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { version, country_calling_codes: callingCodes, countries } = json as Record<string, unknown>;
  if (version !== 4 || typeof callingCodes !== 'object' || callingCodes === null || typeof countries !== 'object' || countries === null) return undefined;
  const codes: unknown = (callingCodes as Record<string, unknown>)['1'];
  if (!isStringArray(codes) || codes.length === 0) return undefined;
  const compiled = new Map<string, RegExp>();
  const entire = (pattern: string): RegExp => {
    let re = compiled.get(pattern);
    if (!re) compiled.set(pattern, (re = new RegExp(`^(?:${pattern})$`)));
    return re;
  };
  const plans: CountryRules[] = [];
  for (const code of codes) {
    const rules = compileCountry(code, (countries as Record<string, unknown>)[code], entire);
    if (!rules) return undefined;
    plans.push(rules);
  }
  // The main country (US) is tried first and has no leading-digits shortcut, so a number no
  // country claims is invalid under the main country too: `country` then never matters.
  const main = plans[0];
  if (!main || main.leadingDigits !== undefined) return undefined;

  return (national) => {
    for (const rules of plans) {
      if (rules.leadingDigits) {
        if (national.search(rules.leadingDigits) === 0) return { country: rules.code, type: numberType(rules, national) };
        continue;
      }
      const type = numberType(rules, national);
      if (type !== undefined) return { country: rules.code, type };
    }
    return { country: undefined, type: undefined };
  };
}
