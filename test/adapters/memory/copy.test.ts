import { describe, expect, it } from 'vitest';
import { copy } from '../../../src/adapters/memory/support.js';

/** Every object reachable from `a` is a different object in `b` (no shared mutable state). */
function sharesNothing(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return true;
  if (a === b) return false;
  if (Array.isArray(a)) return a.every((x, i) => sharesNothing(x, (b as unknown[])[i]));
  if (a instanceof Date || a instanceof Map || a instanceof Uint8Array) return true;
  return Object.keys(a).every((k) => sharesNothing((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('memory store copy', () => {
  const contact = {
    id: '000001', orgId: 'o', campaignId: 'c', phone: '+12025550143', firstName: 'Ana', lastName: 'López',
    timezones: ['America/New_York'], windowKey: 'k', language: 'es', customFields: { Ward: '3', VanID: '1001' },
    status: 'assigned', claimId: 'cl', surveyAnswers: { q1: 'a1' }, tags: ['volunteer'], lastMessageAt: new Date(5), importLine: 2,
    createdAt: new Date(1), updatedAt: new Date(2), missing: undefined, nested: { deep: [{ at: new Date(3), list: [1, 'x', null, true] }] },
  };

  it('equals structuredClone for plain records (dates, arrays, records, undefined values)', () => {
    const c = copy(contact);
    expect(c).toStrictEqual(structuredClone(contact));
    expect(Object.keys(c)).toEqual(Object.keys(contact));
    expect('missing' in c).toBe(true);
  });

  it('shares no object with the original', () => {
    const c = copy(contact);
    expect(sharesNothing(contact, c)).toBe(true);
    c.tags.push('x');
    c.customFields.Ward = '9';
    c.nested.deep[0]!.at.setTime(0);
    expect(contact.tags).toEqual(['volunteer']);
    expect(contact.customFields.Ward).toBe('3');
    expect(contact.nested.deep[0]!.at.getTime()).toBe(3);
  });

  it('hands what is not plain data to structuredClone (Map, typed arrays)', () => {
    const v = { m: new Map([['a', 1]]), b: new Uint8Array([1, 2]) };
    const c = copy(v);
    expect(c.m).not.toBe(v.m);
    expect(c.m.get('a')).toBe(1);
    expect(c.b).not.toBe(v.b);
    expect([...c.b]).toEqual([1, 2]);
  });

  it('keeps an own __proto__ key as data, never as the prototype', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const c = copy(v);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(c)).toEqual(['__proto__', 'a']);
  });
});
