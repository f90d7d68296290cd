/**
 * zod copies a default value one level deep: a nested array in a literal default is one array
 * for every parse. An org's sender list must be its own, or a change to one org's numbers would
 * reach every org created after it (and the unique sender index would then refuse those orgs).
 */
import { describe, expect, it } from 'vitest';
import { Org } from '../../../src/core/model/org.js';

const NewOrg = Org.omit({ id: true });
const parse = (externalId: string) => NewOrg.parse({ platform: 'slack', externalId, name: externalId, createdAt: new Date('2026-11-17T19:00:00Z') });

describe('org defaults', () => {
  it('gives each org parsed without a sender its own empty list of numbers', () => {
    const a = parse('a');
    const b = parse('b');
    expect(a.sms.numbers).not.toBe(b.sms.numbers);
    a.sms.numbers.push('+12025550177');
    expect(parse('c').sms.numbers).toEqual([]);
    expect(b.sms.numbers).toEqual([]);
  });
});
