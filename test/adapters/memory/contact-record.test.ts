/**
 * The memory store's insertMany validates contacts without zod when they have the usual shape.
 * Whatever that shortcut accepts must be exactly what the zod parse returns (same keys in the same
 * order, same values, fresh containers and dates), and everything else must go to zod: checked
 * here over generated contacts, valid and invalid in every field.
 */
import { describe, expect, it } from 'vitest';
import { fastContactRecord, newContactRecords, parsedContactRecord } from '../../../src/adapters/memory/contact-record.js';
import type { Contact, NewContact } from '../../../src/core/model/contact.js';

const NOW = new Date('2030-03-04T15:00:00.000Z');
const ORG = '0123456789abcdef01234567';
const CAMPAIGN = '0123456789abcdef01234568';

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

class Bag {
  precinct = '12';
}
const symbolKeyed = (): Record<string, string> => ({ [Symbol('s')]: 'x', a: 'b' }) as unknown as Record<string, string>;
const nullProto = (): Record<string, string> => Object.assign(Object.create(null) as Record<string, string>, { a: 'b' });
const hidden = (): Record<string, string> => Object.defineProperty({ a: 'b' }, 'h', { value: 'x', enumerable: false }) as Record<string, string>;
/** zod's isPlainObject follows `constructor`: a hidden constructor function makes it "not a record". */
const hiddenConstructor = (): Record<string, string> => Object.defineProperty({ a: 'b' }, 'constructor', { value: function Custom() {}, enumerable: false }) as Record<string, string>;
const holes = (): string[] => {
  const a: string[] = ['a'];
  a[2] = 'c';
  return a;
};

/** Values to try per field: valid ones first, then ones zod rejects or the shortcut leaves to zod. */
const CHOICES: Record<string, readonly (() => unknown)[]> = {
  phone: [() => '+12025550143', () => '+447911123456', () => '+1234567', () => '2025550143', () => '+0123456789', () => '+1202555014312345', () => 12025550143, () => undefined],
  firstName: [() => 'José', () => '', () => 'x'.repeat(100), () => 'x'.repeat(101), () => null, () => 7],
  lastName: [() => 'Peña', () => 'y'.repeat(100), () => 'y'.repeat(101), () => ['x']],
  zip: [() => '33101', () => '33101-1234', () => '12345678901', () => 33101, () => null],
  state: [() => 'FL', () => 'F', () => 'FLA', () => 2],
  timezones: [() => ['America/New_York'], () => [], () => ['America/Chicago', 'America/New_York'], () => [1], () => holes(), () => 'America/New_York', () => null],
  windowKey: [() => 'America/New_York|FL|FL', () => '', () => 5],
  language: [() => 'en', () => 'es', () => 'fr', () => 'EN', () => null],
  customFields: [() => ({ precinct: '12', party: 'D' }), () => ({}), () => ({ 1: 'one', b: 'two', 0: 'zero' }), () => ({ n: 1 }), () => new Bag(), () => new Map(), () => [], () => symbolKeyed(), () => nullProto(), () => hidden(), () => ({ constructor: 'x' }), () => hiddenConstructor(), () => JSON.parse('{"__proto__":"x","a":"b"}') as unknown, () => null],
  surveyAnswers: [() => ({ q1: 'a1' }), () => ({}), () => ({ q1: 1 }), () => nullProto()],
  tags: [() => ['vip'], () => [], () => [1], () => new Set(['x'])],
  lastMessageAt: [() => new Date('2029-01-01T00:00:00Z'), () => new Date(NaN), () => '2029-01-01', () => 0, () => null],
  followUpOf: [
    () => ({ campaignId: 'camp-1', contactId: 'contact-1', volunteerId: 'member-1' }),
    () => ({ volunteerId: 'member-1', contactId: 'contact-1', campaignId: 'camp-1', conversationId: 'conv-1' }),
    () => ({ campaignId: 'camp-1' }),
    () => ({ campaignId: 'camp-1', contactId: 'contact-1', extra: 'stripped' }),
    () => ({ campaignId: 'camp-1', contactId: 'contact-1', conversationId: undefined }),
    () => ({ campaignId: '', contactId: 'contact-1' }),
    () => 'camp-1',
  ],
  importLine: [() => 2, () => 0, () => -3, () => 1.5, () => 2 ** 53, () => 2 ** 53 - 1, () => Number.NaN, () => Number.POSITIVE_INFINITY, () => '2'],
  claimId: [() => 'claim1', () => ''],
  volunteerId: [() => 'U1', () => 5],
  id: [() => 'someone-elses-id'],
  status: [() => 'assigned', () => 'bogus'],
  createdAt: [() => new Date(0), () => 'yesterday'],
  orgId: [() => 'other-org'],
  extra: [() => 'stripped'],
};
const FIELDS = Object.keys(CHOICES);

/** A contact with each field absent, present as undefined, valid (mostly) or odd. */
function generate(random: () => number): NewContact {
  const nc: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const roll = random();
    if (field === 'phone' && roll < 0.8) nc.phone = '+12025550143';
    else if (roll < 0.35) continue;
    else if (roll < 0.42) nc[field] = undefined;
    else {
      const choices = CHOICES[field] as readonly (() => unknown)[];
      // Valid values (the first) most of the time, so many contacts take the shortcut.
      const pick = random() < 0.6 ? 0 : Math.floor(random() * choices.length);
      nc[field] = (choices[pick] as () => unknown)();
    }
  }
  return nc as NewContact;
}

type Outcome = { ok: true; record: Contact } | { ok: false; error: string };
function reference(nc: NewContact, orgId = ORG, campaignId = CAMPAIGN, now = NOW): Outcome {
  try {
    return { ok: true, record: parsedContactRecord(nc, orgId, campaignId, now) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Keys in order, all the way down (toStrictEqual ignores key order). */
function keyOrder(value: unknown): unknown {
  if (value instanceof Date || typeof value !== 'object' || value === null) return typeof value;
  if (Array.isArray(value)) return value.map(keyOrder);
  return Object.entries(value).map(([k, v]) => [k, keyOrder(v)]);
}

function expectFreshCopy(record: Contact, nc: NewContact): void {
  const source = nc as Record<string, unknown>;
  for (const k of ['timezones', 'customFields', 'surveyAnswers', 'tags', 'lastMessageAt'] as const) {
    if (record[k] !== undefined && source[k] !== undefined) expect(record[k]).not.toBe(source[k]);
  }
  expect(record.createdAt).not.toBe(NOW);
  expect(record.updatedAt).not.toBe(NOW);
  expect(record.createdAt).not.toBe(record.updatedAt);
}

describe('memory store contact records: the shortcut = the zod parse', () => {
  it('accepts only what zod accepts, and returns exactly what zod returns (keys, order, values, fresh copies)', () => {
    const random = rng(0xc0ffee);
    let fast = 0;
    let rejected = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const nc = generate(random);
      const ref = reference(nc);
      const got = fastContactRecord(nc, ORG, CAMPAIGN, NOW);
      if (!ref.ok) rejected += 1;
      if (got === undefined) continue;
      fast += 1;
      expect(ref.ok, JSON.stringify(nc)).toBe(true);
      if (!ref.ok) continue;
      expect(got).toStrictEqual(ref.record);
      expect(keyOrder(got)).toEqual(keyOrder(ref.record));
      expectFreshCopy(got, nc);
    }
    // Not vacuous: many contacts take the shortcut and many are rejected (by zod).
    expect(fast).toBeGreaterThan(2_000);
    expect(rejected).toBeGreaterThan(5_000);
  });

  it('newContactRecords throws zod\'s own error for a batch with an invalid contact, and returns zod\'s records otherwise', () => {
    const random = rng(0xbeef);
    for (let i = 0; i < 3_000; i += 1) {
      const batch = [generate(random), generate(random)];
      const refs = batch.map((nc) => reference(nc));
      const firstError = refs.find((r): r is { ok: false; error: string } => !r.ok);
      let outcome: Outcome[] | string;
      try {
        outcome = newContactRecords(ORG, CAMPAIGN, batch, NOW).map((record) => ({ ok: true, record }));
      } catch (e) {
        outcome = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
      expect(outcome).toStrictEqual(firstError ? firstError.error : refs);
    }
  });

  it('leaves everything to zod when the org id, campaign id or clock is not valid', () => {
    const nc = { phone: '+12025550143' } as NewContact;
    for (const [orgId, campaignId, now] of [['', CAMPAIGN, NOW], [ORG, 'c'.repeat(65), NOW], [ORG, CAMPAIGN, new Date(NaN)]] as const) {
      const ref = reference(nc, orgId, campaignId, now);
      expect(ref.ok).toBe(false);
      expect(() => newContactRecords(orgId, campaignId, [nc], now)).toThrow();
    }
    expect(newContactRecords(ORG, CAMPAIGN, [], NOW)).toEqual([]);
  });

  it('drops claimId and volunteerId and overrides status, org, campaign and dates like the zod path', () => {
    const nc = { phone: '+12025550143', claimId: 'c1', volunteerId: 'U1', status: 'closed', orgId: 'x', id: 'y', createdAt: new Date(0) } as unknown as NewContact;
    const [record] = newContactRecords(ORG, CAMPAIGN, [nc], NOW);
    expect(record).toStrictEqual({
      id: '', orgId: ORG, campaignId: CAMPAIGN, phone: '+12025550143', firstName: '', lastName: '', timezones: [], windowKey: '',
      language: 'en', customFields: {}, status: 'pending', surveyAnswers: {}, tags: [], createdAt: NOW, updatedAt: NOW,
    });
  });
});
