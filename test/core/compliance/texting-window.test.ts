import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEXTING_POLICY,
  textingWindow,
  validityPeriodSeconds,
  type TextingPolicy,
  type WeeklyHours,
} from '../../../src/core/rules.js';

const NYC = { phone: '+12125550100', zip: '10001' }; // America/New_York
const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | undefined): string | undefined => d?.toISOString();

const WIDE: WeeklyHours = { 1: { start: '08:00', end: '21:00' }, 2: { start: '08:00', end: '21:00' }, 3: { start: '08:00', end: '21:00' }, 4: { start: '08:00', end: '21:00' }, 5: { start: '08:00', end: '21:00' }, 6: { start: '08:00', end: '21:00' }, 7: { start: '08:00', end: '21:00' } };
const commercial: TextingPolicy = { ...DEFAULT_TEXTING_POLICY, weekly: WIDE, political: false };
const politicalWide: TextingPolicy = { ...DEFAULT_TEXTING_POLICY, weekly: WIDE, political: true };

describe('textingWindow: R2.3 default window, first and last minute', () => {
  // Monday 2026-07-13, New York on EDT (UTC-4).
  it.each([
    ['2026-07-13T12:59:00Z', false, '08:59 local'],
    ['2026-07-13T13:00:00Z', true, '09:00 local'],
    ['2026-07-13T23:59:00Z', true, '19:59 local'],
    ['2026-07-13T23:59:59Z', true, '19:59:59 local'],
    ['2026-07-14T00:00:00Z', false, '20:00 local'],
  ])('R2.3 GIVEN %s (%s) THEN allowed=%s', (when, allowed) => {
    expect(textingWindow({ ...NYC, at: at(when) }).allowed).toBe(allowed);
  });

  it('R2.3 GIVEN 08:59 THEN refused as outside_hours, opening at 09:00 local', () => {
    const r = textingWindow({ ...NYC, at: at('2026-07-13T12:59:00Z') });
    expect(r).toMatchObject({ allowed: false, reason: 'outside_hours', zones: ['America/New_York'], usedFallback: false });
    expect(iso(r.opensAt)).toBe('2026-07-13T13:00:00.000Z');
  });

  it('R2.3 GIVEN 20:00 on Saturday THEN it opens Sunday at 12:00, not 09:00', () => {
    const r = textingWindow({ ...NYC, at: at('2026-07-12T00:00:00Z') }); // Sat 20:00 EDT
    expect(iso(r.opensAt)).toBe('2026-07-12T16:00:00.000Z');
  });

  it('R2.3 GIVEN an open window THEN closesAt is 20:00 local', () => {
    expect(iso(textingWindow({ ...NYC, at: at('2026-07-13T15:00:00Z') }).closesAt)).toBe('2026-07-14T00:00:00.000Z');
  });
});

describe('textingWindow: R2.3 Sunday rule (12:00-20:00)', () => {
  // Sunday 2026-07-12, EDT.
  it.each([
    ['2026-07-12T13:00:00Z', false], // 09:00 local: fine on a weekday, not on Sunday
    ['2026-07-12T15:59:00Z', false], // 11:59
    ['2026-07-12T16:00:00Z', true], // 12:00
    ['2026-07-12T23:59:00Z', true], // 19:59
    ['2026-07-13T00:00:00Z', false], // 20:00
  ])('R2.3 GIVEN Sunday %s THEN allowed=%s', (when, allowed) => {
    expect(textingWindow({ ...NYC, at: at(when) }).allowed).toBe(allowed);
  });
});

describe('textingWindow: R2.4d DST transitions (America/New_York)', () => {
  it.each([
    // 2026-03-08 (Sunday): clocks spring forward at 02:00, EDT = UTC-4 afterwards.
    ['2026-03-08T15:59:00Z', false],
    ['2026-03-08T16:00:00Z', true],
    ['2026-03-08T23:59:00Z', true],
    ['2026-03-09T00:00:00Z', false],
    // 2026-11-01 (Sunday): clocks fall back at 02:00, EST = UTC-5 afterwards.
    ['2026-11-01T16:30:00Z', false], // 11:30 EST (a fixed EDT offset would say 12:30)
    ['2026-11-01T17:00:00Z', true],
    ['2026-11-02T00:30:00Z', true], // 19:30 EST
    ['2026-11-02T01:00:00Z', false], // 20:00 EST
  ])('R2.4d GIVEN %s THEN allowed=%s', (when, allowed) => {
    expect(textingWindow({ ...NYC, at: at(when) }).allowed).toBe(allowed);
  });

  it('R2.4d GIVEN Saturday night before spring-forward THEN Sunday opens at 12:00 EDT (16:00Z)', () => {
    const r = textingWindow({ ...NYC, at: at('2026-03-08T02:00:00Z') });
    expect(r.allowed).toBe(false);
    expect(iso(r.opensAt)).toBe('2026-03-08T16:00:00.000Z');
  });

  it('R2.4d GIVEN the fall-back Sunday morning THEN it opens at 12:00 EST (17:00Z)', () => {
    expect(iso(textingWindow({ ...NYC, at: at('2026-11-01T12:00:00Z') }).opensAt)).toBe('2026-11-01T17:00:00.000Z');
  });
});

describe('textingWindow: R2.4 zones', () => {
  it('R2.4a GIVEN an Arizona ZIP in summer THEN Phoenix time (UTC-7, no DST) decides', () => {
    const az = { phone: '+16025550100', zip: '85001' };
    expect(textingWindow({ ...az, at: at('2026-07-15T15:30:00Z') }).allowed).toBe(false); // 08:30 MST (09:30 in Denver)
    expect(textingWindow({ ...az, at: at('2026-07-15T16:00:00Z') }).allowed).toBe(true);
    expect(textingWindow({ ...az, at: at('2026-07-16T02:59:00Z') }).allowed).toBe(true); // 19:59 MST
    expect(textingWindow({ ...az, at: at('2026-07-16T03:00:00Z') }).allowed).toBe(false);
  });

  it('R2.4c GIVEN Indiana area code 812 and no ZIP THEN both Eastern and Central must be open', () => {
    const indiana = { phone: '+18125550100' };
    const early = textingWindow({ ...indiana, at: at('2026-07-13T13:30:00Z') }); // 09:30 EDT, 08:30 CDT
    expect(early.allowed).toBe(false);
    expect(early.zones).toEqual(expect.arrayContaining(['America/New_York', 'America/Chicago']));
    expect(iso(early.opensAt)).toBe('2026-07-13T14:00:00.000Z'); // 09:00 CDT
    const open = textingWindow({ ...indiana, at: at('2026-07-13T14:00:00Z') });
    expect(open.allowed).toBe(true);
    expect(iso(open.closesAt)).toBe('2026-07-14T00:00:00.000Z'); // 20:00 EDT, the earliest close
  });

  it('R2.4a GIVEN an Indiana ZIP THEN only its own zone is used', () => {
    expect(textingWindow({ phone: '+18125550100', zip: '46201', at: at('2026-07-13T13:30:00Z') }).allowed).toBe(true); // Indianapolis, Eastern
    expect(textingWindow({ phone: '+18125550100', zip: '47708', at: at('2026-07-13T13:30:00Z') }).allowed).toBe(false); // Evansville, Central
  });

  it('R2.4c GIVEN no zone at all THEN every continental zone must be open (fallback)', () => {
    const none = { phone: '+15005550100' };
    const early = textingWindow({ ...none, at: at('2026-07-13T15:00:00Z') }); // 11:00 ET, 08:00 PT
    expect(early).toMatchObject({ allowed: false, usedFallback: true, reason: 'no_zone_outside_fallback' });
    expect(early.zones).toHaveLength(5);
    expect(iso(early.opensAt)).toBe('2026-07-13T16:00:00.000Z'); // 09:00 PT
    const open = textingWindow({ ...none, at: at('2026-07-13T16:00:00Z') });
    expect(open).toMatchObject({ allowed: true, usedFallback: true });
    expect(iso(open.closesAt)).toBe('2026-07-14T00:00:00.000Z'); // 20:00 ET
  });

  it('R2.4c GIVEN stored zones that are not IANA names THEN the fallback is used', () => {
    const r = textingWindow({ phone: '', at: at('2026-07-13T15:00:00Z'), resolved: { zones: ['Mars/Olympus'] } });
    expect(r.usedFallback).toBe(true);
  });
});

describe('textingWindow: R2.2 state rules and R2.4e', () => {
  const monday2030Edt = at('2026-07-14T00:30:00Z'); // Mon 20:30 EDT

  it('R2.2 GIVEN a commercial policy and a FL ZIP THEN FL closes at 20:00', () => {
    const r = textingWindow({ phone: '+13055550100', zip: '33101', at: monday2030Edt, policy: commercial });
    expect(r).toMatchObject({ allowed: false, appliedStates: ['FL'] });
  });

  it('R2.2 GIVEN a political policy THEN the commercial-only FL rule is skipped (appliesToPolitical=false)', () => {
    const r = textingWindow({ phone: '+13055550100', zip: '33101', at: monday2030Edt, policy: politicalWide });
    expect(r).toMatchObject({ allowed: true, appliedStates: [] });
  });

  it('R2.4e GIVEN a NY ZIP but a FL area code THEN the stricter FL rule still applies', () => {
    const r = textingWindow({ phone: '+13055550100', zip: '10001', at: monday2030Edt, policy: commercial });
    expect(r).toMatchObject({ allowed: false, appliedStates: ['FL'] });
    expect(textingWindow({ phone: '+12125550100', zip: '10001', at: monday2030Edt, policy: commercial }).allowed).toBe(true);
  });

  it('R2.2 GIVEN MD (applicability unclear, kept on) THEN it applies even to political texts', () => {
    const r = textingWindow({ phone: '+14105550100', zip: '21201', at: monday2030Edt, policy: politicalWide });
    expect(r).toMatchObject({ allowed: false, appliedStates: ['MD'] });
  });

  it('R2.2 GIVEN TX on a Sunday under a commercial policy THEN 12:00-21:00', () => {
    const tx = { phone: '+12145550100', zip: '75201', policy: commercial }; // Dallas, CDT
    expect(textingWindow({ ...tx, at: at('2026-07-12T16:00:00Z') }).allowed).toBe(false); // Sun 11:00 CDT
    const r = textingWindow({ ...tx, at: at('2026-07-12T16:00:00Z') });
    expect(iso(r.opensAt)).toBe('2026-07-12T17:00:00.000Z');
    expect(textingWindow({ ...tx, at: at('2026-07-13T01:30:00Z') }).allowed).toBe(true); // Sun 20:30 CDT
    expect(textingWindow({ ...tx, at: at('2026-07-13T13:30:00Z') }).allowed).toBe(false); // Mon 08:30 CDT
  });

  it('R2.3 GIVEN a state rule holiday THEN closed_today', () => {
    const policy: TextingPolicy = {
      ...commercial,
      stateRules: [{ state: 'NY', window: { start: '08:00', end: '21:00' }, days: [1, 2, 3, 4, 5, 6, 7], holidays: ['07-04'], appliesToPolitical: false, source: 'test' }],
    };
    const r = textingWindow({ ...NYC, at: at('2026-07-04T15:00:00Z'), policy });
    expect(r).toMatchObject({ allowed: false, reason: 'closed_today', appliedStates: ['NY'] });
    expect(iso(r.opensAt)).toBe('2026-07-05T12:00:00.000Z'); // Sun 07-05 08:00 EDT
  });

  it('R2.1 GIVEN a policy wider than 08:00-21:00 THEN the federal floor still applies', () => {
    const policy: TextingPolicy = { ...commercial, weekly: { ...WIDE, 1: { start: '06:00', end: '23:00' } } };
    expect(textingWindow({ ...NYC, at: at('2026-07-13T11:30:00Z'), policy }).allowed).toBe(false); // 07:30
    expect(textingWindow({ ...NYC, at: at('2026-07-14T01:30:00Z'), policy }).allowed).toBe(false); // 21:30
    expect(textingWindow({ ...NYC, at: at('2026-07-13T12:00:00Z'), policy }).allowed).toBe(true); // 08:00
  });
});

describe('textingWindow: campaign override only narrows (R2.3)', () => {
  it('GIVEN a 10:00-18:00 override THEN 09:30 is refused and the window closes at 18:00', () => {
    const override = { window: { start: '10:00', end: '18:00' } };
    expect(textingWindow({ ...NYC, at: at('2026-07-13T13:30:00Z'), override }).allowed).toBe(false);
    const r = textingWindow({ ...NYC, at: at('2026-07-13T21:59:00Z'), override });
    expect(r.allowed).toBe(true);
    expect(iso(r.closesAt)).toBe('2026-07-13T22:00:00.000Z');
  });

  it('GIVEN an override wider than the policy THEN the policy still wins', () => {
    const override = { window: { start: '07:00', end: '22:00' } };
    expect(textingWindow({ ...NYC, at: at('2026-07-13T12:30:00Z'), override }).allowed).toBe(false); // 08:30
    expect(textingWindow({ ...NYC, at: at('2026-07-14T00:30:00Z'), override }).allowed).toBe(false); // 20:30
  });

  it('GIVEN weekday-only override days THEN Saturday is closed_today', () => {
    const r = textingWindow({ ...NYC, at: at('2026-07-11T15:00:00Z'), override: { days: [1, 2, 3, 4, 5] } });
    expect(r).toMatchObject({ allowed: false, reason: 'closed_today' });
    expect(iso(r.opensAt)).toBe('2026-07-13T13:00:00.000Z'); // Monday 09:00
  });
});

describe('validityPeriodSeconds (R2.5)', () => {
  it.each([
    ['2026-07-13T23:00:00Z', 3570], // 1 h before 20:00 -> 3600 - 30
    ['2026-07-13T13:00:00Z', 36000], // 11 h left -> capped at 36,000
    ['2026-07-13T23:59:50Z', 1], // 10 s left -> at least 1
  ])('R2.5 GIVEN %s THEN ValidityPeriod %d', (when, seconds) => {
    const now = at(when);
    expect(validityPeriodSeconds(textingWindow({ ...NYC, at: now }), now)).toBe(seconds);
  });

  it('R2.5 GIVEN a closed window THEN 0 (do not send)', () => {
    const now = at('2026-07-14T00:30:00Z');
    expect(validityPeriodSeconds(textingWindow({ ...NYC, at: now }), now)).toBe(0);
  });
});
