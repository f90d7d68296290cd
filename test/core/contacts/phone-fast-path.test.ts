import { describe, expect, it } from 'vitest';
import metadata from 'libphonenumber-js/max/metadata';
import { createNanpClassifier } from '../../../src/core/contacts/nanp-numbering.js';
import { normalizeCleanNanp, normalizePhone, normalizePhoneWithLibrary, type NormalizePhoneResult } from '../../../src/core/contacts/phone.js';

// normalizePhone's shortcut for clean US numbers (R4.7 21211/21408) must give exactly the results
// of the full libphonenumber path: compared here over generated numbers of every +1 country,
// type and edge (N11, 0xx/1xx area codes and exchanges, toll-free, premium, 555-01xx fiction,
// Canada, the Caribbean), in every clean format and in near-miss formats that must fall through.

/** Deterministic PRNG (mulberry32), so a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = (random: () => number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i += 1) s += String(Math.floor(random() * 10));
  return s;
};
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Every clean way CLEAN_NANP_RE accepts, plus prefixes the shortcut must also get right. */
const CLEAN_FORMATS: readonly ((d: string) => string)[] = [
  (d) => d,
  (d) => `1${d}`,
  (d) => `+1${d}`,
  (d) => `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
  (d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `(${d.slice(0, 3)})${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `1.${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => `1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
  (d) => `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
  (d) => `+1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `+1 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `1 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `+1.${d}`,
  (d) => `1-${d}`,
];

/** Formats outside the shortcut (mixed separators, spreadsheet renderings, wrapping): the full path decides. */
const OTHER_FORMATS: readonly ((d: string) => string)[] = [
  (d) => `${d.slice(0, 3)}-${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => `${d.slice(0, 6)}.${d.slice(6)}`,
  (d) => `${d}.0`,
  (d) => ` ${d}`,
  (d) => `"${d}"`,
  (d) => `=${d}`,
  (d) => `${d} x12`,
  (d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6)}`,
  (d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => `11${d}`,
  (d) => `+11${d}`,
  (d) => `+${d}`,
  (d) => `0${d}`,
  (d) => `${d}0`,
  (d) => d.slice(1),
  (d) => `${d.slice(0, 1)}.${d.slice(1)}E+9`,
];

/** Area codes the +1 metadata treats specially: each +1 country's leading digits, and patterns reaching the 7th digit. */
function specialAreaCodes(): string[] {
  const countries = (metadata as unknown as { countries: Record<string, unknown[]> }).countries;
  const codes = (metadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes['1'] ?? [];
  const npas = new Set<string>(['246', '876', '658', '800', '809', '829', '849', '983', '523', '524', '600', '622', '633', '264', '684']);
  for (const code of codes) {
    const lead = countries[code]?.[10];
    if (typeof lead === 'string') for (const m of lead.matchAll(/\d{3}/g)) npas.add(m[0]);
  }
  return [...npas].sort();
}

function expectSame(input: string, fast: NormalizePhoneResult | undefined, allowNonUs: boolean): void {
  const full = normalizePhoneWithLibrary(input, 'US', { allowNonUs });
  if (fast !== undefined) expect({ input, allowNonUs, result: fast }).toEqual({ input, allowNonUs, result: full });
  expect({ input, allowNonUs, result: normalizePhone(input, 'US', { allowNonUs }) }).toEqual({ input, allowNonUs, result: full });
}

describe('normalizePhone clean-NANP shortcut = libphonenumber path (R4.7)', () => {
  it('the compiled +1 rules load from the installed metadata (otherwise there is no shortcut at all)', () => {
    const classify = createNanpClassifier();
    expect(classify).toBeDefined();
    expect(classify?.('2127365000')).toEqual({ country: 'US', type: 'FIXED_LINE_OR_MOBILE' });
    expect(classify?.('6135550143')?.country).toBe('CA');
    expect(classify?.('8095551234')?.country).toBe('DO');
    expect(classify?.('2225551234')).toEqual({ country: undefined, type: undefined });
    expect(createNanpClassifier({ version: 3 })).toBeUndefined();
  });

  it('takes the shortcut for every clean format of a 10-digit number with a 2-9 area code, and only then', () => {
    for (const format of CLEAN_FORMATS) expect(normalizeCleanNanp(format('2025550143')), format('2025550143')).toBeDefined();
    for (const format of OTHER_FORMATS) expect(normalizeCleanNanp(format('2025550143')), format('2025550143')).toBeUndefined();
    for (const input of ['1202555014', '(202)-555-0143', '202 555-0143', '(202 555-0143', '202) 555-0143', '+2025550143', '+1+2025550143', '1 202 5550143']) {
      expect(normalizeCleanNanp(input), input).toBeUndefined();
    }
  });

  it('every area code 000-999 with random, N11, 0xx/1xx and 555-01xx exchanges, in random clean formats', () => {
    const random = rng(0x5eed);
    let fastTaken = 0;
    for (let npa = 0; npa < 1000; npa += 1) {
      const exchanges = ['555', '211', '411', '911', '011', '123', '000', '999', ...Array.from({ length: 12 }, () => digits(random, 3))];
      for (const nxx of exchanges) {
        const line = nxx === '555' ? `01${digits(random, 2)}` : digits(random, 4);
        const national = `${pad(npa, 3)}${nxx}${line}`;
        const input = (CLEAN_FORMATS[Math.floor(random() * CLEAN_FORMATS.length)] as (d: string) => string)(national);
        const allowNonUs = random() < 0.25;
        const fast = normalizeCleanNanp(input, { allowNonUs });
        if (fast !== undefined) fastTaken += 1;
        expectSame(input, fast, allowNonUs);
      }
    }
    expect(fastTaken).toBeGreaterThan(15_000); // 800 area codes x 20 exchanges take the shortcut
  });

  it('every exchange of every non-US +1 area code (Canada, Caribbean, personal numbers) and every 7th digit where patterns reach it', () => {
    const random = rng(0xca5e);
    const npas = specialAreaCodes();
    expect(npas.length).toBeGreaterThan(25);
    for (const npa of npas) {
      for (let nxx = 0; nxx < 1000; nxx += 1) {
        const national = `${npa}${pad(nxx, 3)}${digits(random, 4)}`;
        const input = (CLEAN_FORMATS[nxx % CLEAN_FORMATS.length] as (d: string) => string)(national);
        const allowNonUs = nxx % 3 === 0;
        expectSame(input, normalizeCleanNanp(input, { allowNonUs }), allowNonUs);
      }
    }
    // BB 246-521-x, JM 876-6060, DO 800-14: the 7th digit decides.
    for (const prefix of ['246521', '876606', '800140', '800141', '246520', '441560']) {
      for (let d7 = 0; d7 < 10; d7 += 1) {
        const input = `${prefix}${d7}${digits(random, 3)}`;
        expectSame(input, normalizeCleanNanp(input), false);
        expectSame(input, normalizeCleanNanp(input, { allowNonUs: true }), true);
      }
    }
  });

  it('near-miss spellings (one character inserted, dropped or changed) agree with the full path', () => {
    const random = rng(0xbad);
    const alphabet = '0123456789 ()-.+x"';
    let fastTaken = 0;
    for (let i = 0; i < 6000; i += 1) {
      const national = `${2 + Math.floor(random() * 8)}${digits(random, 9)}`;
      const clean = (CLEAN_FORMATS[i % CLEAN_FORMATS.length] as (d: string) => string)(national);
      const at = Math.floor(random() * (clean.length + 1));
      const ch = alphabet[Math.floor(random() * alphabet.length)] as string;
      const variants = [
        clean.slice(0, at) + ch + clean.slice(at),
        clean.slice(0, at) + clean.slice(at + 1),
        clean.slice(0, at) + ch + clean.slice(at + 1),
        (OTHER_FORMATS[i % OTHER_FORMATS.length] as (d: string) => string)(national),
      ];
      for (const input of variants) {
        const fast = normalizeCleanNanp(input);
        if (fast !== undefined) fastTaken += 1;
        expectSame(input, fast, false);
      }
    }
    expect(fastTaken).toBeGreaterThan(1000); // some variants are still clean (e.g. a digit changed)
  });

  it('the bench voter file\'s phone spellings, including toll-free and n/a, agree', () => {
    for (const input of ['2025550143', '(202) 555-0143', '+12025550143', '202.555.0143', '1-202-555-0143', '202-555-0143', '8005551234', 'n/a', '(684) 555-0143', '(787) 555-0100', '(613) 555-0143', '+1 809 555 1234', '(222) 555-1234', '(202) 055-0143']) {
      expectSame(input, normalizeCleanNanp(input), false);
    }
  });
});
