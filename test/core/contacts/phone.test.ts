import { describe, expect, it } from 'vitest';
import { areaCodeOf, maskPhone, normalizePhone, type PhoneRejectReason } from '../../../src/core/rules.js';

// GIVEN what voter files contain, THEN normalizePhone yields E.164 (R4.7 21211: validate before sending).
const ACCEPTED: readonly [input: string, e164: string][] = [
  ['(202) 555-0143', '+12025550143'], // fictional 555-01xx under a real area code (sandbox data)
  ['202-555-0143', '+12025550143'],
  ['202.555.0143', '+12025550143'],
  ['202 555 0143', '+12025550143'],
  ['2025550143', '+12025550143'],
  ['12025550143', '+12025550143'],
  ['1-202-555-0143', '+12025550143'],
  ['+1 (202) 555-0143', '+12025550143'],
  ['+12025550143', '+12025550143'],
  ['  (202) 555-0143  ', '+12025550143'],
  ['"202-555-0143"', '+12025550143'],
  ["'2025550143'", '+12025550143'],
  ['="2025550143"', '+12025550143'],
  ['1.2025550143E+10', '+12025550143'],
  ['2.025550143e9', '+12025550143'],
  ['2025550143.0', '+12025550143'],
  ['12025550143.00', '+12025550143'],
  ['202\u00A0555\u20110143', '+12025550143'], // NBSP and non-breaking hyphen
  ['(312) 555-0199', '+13125550199'],
  ['(213) 373-4253', '+12133734253'],
  ['+1 212 736 5000', '+12127365000'],
  ['(317) 555-0100', '+13175550100'],
  ['(787) 555-0100', '+17875550100'], // Puerto Rico is US
  ['(684) 555-0143', '+16845550143'], // American Samoa: libphonenumber rejects it, the 555-01xx fiction rule accepts it
];

const REJECTED: readonly [input: string, reason: PhoneRejectReason][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['""', 'empty'],
  ['call me', 'not_a_number'],
  ['202-555-O143', 'not_a_number'], // letter O
  ['1-800-FLOWERS', 'not_a_number'],
  ['202@555.0143', 'not_a_number'],
  ['555-0143', 'too_short'],
  ['12', 'too_short'],
  ['2025550143999', 'too_long'],
  ['(012) 555-0143', 'invalid_area_code'],
  ['(112) 555-0143', 'invalid_area_code'],
  ['(911) 555-0143', 'invalid_area_code'],
  ['(222) 555-1234', 'invalid_area_code'], // unassigned NPA
  ['(202) 055-0143', 'invalid'], // exchange may not start with 0
  ['(202) 155-0143', 'invalid'],
  ['1.20256E+10', 'invalid'], // spreadsheet lost digits: never guess a number (R5.2d)
  ['+44 20 7183 8750', 'not_us'],
  ['(613) 555-0143', 'not_us'], // Canada shares +1
  ['+1 809 555 1234', 'not_us'], // Dominican Republic
  ['(800) 555-0143', 'toll_free'],
  ['833-555-0143', 'toll_free'],
  ['1 (888) 555-0143', 'toll_free'],
  ['877.555.0143', 'toll_free'],
  ['(900) 555-0143', 'premium'],
  ['202-555-0143 x123', 'extension'],
  ['202 555 0143 ext. 5', 'extension'],
  ['(202) 555-0143 extension 12', 'extension'],
  ['202-555-0143#77', 'extension'],
];

describe('normalizePhone (R4.7, R5.2d)', () => {
  it.each(ACCEPTED)('R4.7 GIVEN %j THEN it normalizes to %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each(REJECTED)('R4.7 GIVEN %j THEN it is rejected as %s', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });

  it('R4.7 (21408) GIVEN allowNonUs THEN foreign numbers are accepted, toll-free still refused', () => {
    expect(normalizePhone('+44 20 7183 8750', 'US', { allowNonUs: true })).toEqual({ ok: true, e164: '+442071838750' });
    expect(normalizePhone('(613) 555-0143', 'US', { allowNonUs: true })).toEqual({ ok: true, e164: '+16135550143' });
    expect(normalizePhone('(800) 555-0143', 'US', { allowNonUs: true })).toEqual({ ok: false, reason: 'toll_free' });
  });

  it('GIVEN another default region THEN national numbers are read in that region', () => {
    expect(normalizePhone('020 7183 8750', 'GB', { allowNonUs: true })).toEqual({ ok: true, e164: '+442071838750' });
    expect(normalizePhone('020 7183 8750', 'GB')).toEqual({ ok: false, reason: 'not_us' });
  });

  it('GIVEN an unsupported region THEN it throws (a programming error, not a data error)', () => {
    expect(() => normalizePhone('2025550143', 'XX')).toThrow(RangeError);
  });
});

describe('maskPhone / areaCodeOf', () => {
  it.each([
    ['+12025550143', '(202) •••-0143'],
    ['+13125550199', '(312) •••-0199'],
    ['+442071838750', '+44 •••• 8750'],
  ])('GIVEN %s THEN the chat shows %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });

  it.each([
    ['+12025550143', '202'],
    ['+19285550100', '928'],
    ['+442071838750', undefined],
    ['2025550143', undefined],
  ])('GIVEN %s THEN the area code is %s', (e164, npa) => {
    expect(areaCodeOf(e164)).toBe(npa);
  });
});
