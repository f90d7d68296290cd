import { describe, expect, it } from 'vitest';
import { SegmentedMessage } from 'sms-segments-calculator';
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

describe('segmentInfo on plain ASCII agrees with the calculator (R3.6)', () => {
  // Plain basic-set ASCII is counted by arithmetic; the calculator stays the reference.
  const alphabet = 'abcXYZ019 \n\r!"#$%&\'()*+,-./:;<=>?@_';
  const reference = (body: string, smartEncoding: boolean) => {
    const m = new SegmentedMessage(body, 'auto', smartEncoding);
    return { encoding: m.encodingName, segments: m.segmentsCount, characters: [...body].length, nonGsm: [...new Set(m.getNonGsmCharacters())] };
  };
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lengths = [0, 1, 2, 152, 153, 154, 159, 160, 161, 305, 306, 307, 459, 460, 612, 613, 1530, 1531, 1600];
  for (let i = 0; i < 40; i += 1) lengths.push(Math.floor(random() * 1601));

  it.each(lengths)('R3.6 GIVEN %d random basic-set characters (with CR LF pairs) THEN the same encoding, segments and characters', (length) => {
    let body = '';
    while (body.length < length) body += random() < 0.05 && body.length + 2 <= length ? '\r\n' : alphabet[Math.floor(random() * alphabet.length)];
    for (const smartEncoding of [false, true]) expect(segmentInfo(body, { smartEncoding })).toEqual(reference(body, smartEncoding));
  });

  it('R3.6 GIVEN an extension character or a backtick THEN the calculator counts it (not plain basic-set ASCII)', () => {
    expect(segmentInfo('a'.repeat(159) + '[')).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(segmentInfo('a'.repeat(10) + '`')).toEqual(reference('a'.repeat(10) + '`', false));
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
