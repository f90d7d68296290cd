import { describe, expect, it } from 'vitest';
import { gsmSafe, segmentInfo } from '../../../src/core/rules.js';

describe('segmentInfo (R3.6)', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1], // extension characters take 2 septets
    ['€'.repeat(81), 'GSM-7', 2],
    ['['.repeat(80) + 'a', 'GSM-7', 2],
    ['á'.repeat(70), 'UCS-2', 1],
    ['á'.repeat(71), 'UCS-2', 2],
    ['á'.repeat(134), 'UCS-2', 2],
    ['á'.repeat(135), 'UCS-2', 3],
    ['a'.repeat(69) + '😀', 'UCS-2', 2], // an emoji is two UTF-16 code units
  ] as const)('R3.6 GIVEN %#: a body of this size THEN %s in %d segment(s)', (body, encoding, segments) => {
    const info = segmentInfo(body);
    expect(info.encoding).toBe(encoding);
    expect(info.segments).toBe(segments);
  });

  it('R3.6 GIVEN one emoji or smart quote THEN the whole message is UCS-2, listing the culprit', () => {
    expect(segmentInfo('Hi Ana, vote today 🗳️')).toMatchObject({ encoding: 'UCS-2', nonGsm: ['🗳️'] });
    expect(segmentInfo('It’s election day’s eve')).toMatchObject({ encoding: 'UCS-2', nonGsm: ['’'], characters: 23 });
  });

  it('R3.6 GIVEN Smart Encoding THEN smart quotes and dashes no longer force UCS-2, accents still do', () => {
    expect(segmentInfo('It’s on — today…', { smartEncoding: true }).encoding).toBe('GSM-7');
    expect(segmentInfo('canción', { smartEncoding: true })).toMatchObject({ encoding: 'UCS-2', nonGsm: ['ó'] });
  });

  it.each([
    ['á', 'UCS-2'], ['í', 'UCS-2'], ['ó', 'UCS-2'], ['ú', 'UCS-2'], ['Á', 'UCS-2'],
    ['é', 'GSM-7'], ['ñ', 'GSM-7'], ['Ñ', 'GSM-7'], ['ü', 'GSM-7'], ['¿', 'GSM-7'], ['¡', 'GSM-7'], ['à', 'GSM-7'],
  ])('R3.6 Spanish GIVEN %s THEN %s', (ch, encoding) => {
    expect(segmentInfo(`Hola ${ch}`).encoding).toBe(encoding);
  });

  it('R3.6 GIVEN plain GSM text THEN characters counts what a person sees and nonGsm is empty', () => {
    expect(segmentInfo('¿Vas a votar, niño?')).toEqual({ encoding: 'GSM-7', segments: 1, characters: 19, nonGsm: [] });
  });
});

describe('gsmSafe (R3.6)', () => {
  it.each([
    ['It’s ‘here’', "It's 'here'"],
    ['“Vote”', '"Vote"'],
    ['9–5 — now', '9-5 - now'],
    ['Wait…', 'Wait...'],
    ['a\u00A0b\u2009c', 'a b c'],
    ['zero\u200Bwidth', 'zerowidth'],
    ['• item', '- item'],
  ])('GIVEN %j THEN %j', (input, output) => {
    expect(gsmSafe(input)).toBe(output);
    expect(segmentInfo(gsmSafe(input)).encoding).toBe('GSM-7');
  });

  it('GIVEN accented vowels and emoji THEN they are left alone', () => {
    expect(gsmSafe('Canción para José 🎉 – ¡vota!')).toBe('Canción para José 🎉 - ¡vota!');
  });
});
