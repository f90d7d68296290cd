import { describe, expect, it } from 'vitest';
import { PhoneSet } from '../../../src/core/contacts/import/phone-set.js';

describe('PhoneSet (in-file dedupe)', () => {
  it('adds once, reports repeats, and keeps everything while it grows', () => {
    const set = new PhoneSet();
    const phones = Array.from({ length: 20_000 }, (_, i) => `+1${2_000_000_000 + i * 7919}`);
    for (const p of phones) expect(set.add(p)).toBe(true);
    for (const p of phones) expect(set.add(p)).toBe(false);
    expect(set.size).toBe(20_000);
    expect(phones.every((p) => set.has(p))).toBe(true);
    expect(set.has('+12025550143')).toBe(false);
  });

  it('tells apart long non-US numbers that share low digits', () => {
    const set = new PhoneSet();
    expect(set.add('+442079460958')).toBe(true);
    expect(set.add('+442079460958')).toBe(false);
    expect(set.add(`+${442079460958 + 4294967296}`)).toBe(true);
  });

  it('refuses something that is not an E.164 phone', () => {
    expect(() => new PhoneSet().add('2025550143x')).toThrow(RangeError);
  });
});
