import { describe, expect, it } from 'vitest';
import { WindowCache, windowForContact, windowForKey } from '../../../src/core/campaigns/texting-hours.js';
import { windowKeyFor } from '../../../src/core/contacts/window-key.js';
import type { Campaign } from '../../../src/core/model/campaign.js';
import type { Org } from '../../../src/core/model/org.js';
import type { Contact } from '../../../src/core/model/contact.js';

const org = (political: boolean) => ({ textingPolicy: { political } }) as unknown as Org;
const campaign = (windowOverride?: Campaign['windowOverride']) => ({ windowOverride }) as unknown as Campaign;

const KEYS = [
  windowKeyFor({ zones: ['America/New_York'] }),
  windowKeyFor({ zones: ['America/Chicago', 'America/New_York'], zipState: 'FL', areaCodeState: 'FL' }),
  windowKeyFor({ zones: ['America/Los_Angeles'], zipState: 'CA' }),
  windowKeyFor({ zones: ['Pacific/Honolulu'] }),
];

describe('WindowCache (R2.1-R2.5: a remembered window answers exactly as a fresh one)', () => {
  it('agrees with windowForKey at every step of a week, moving forward and back in time', () => {
    const cache = new WindowCache();
    const cases = [
      { o: org(true), c: campaign() },
      { o: org(false), c: campaign() },
      { o: org(true), c: campaign({ startHour: 10, endHour: 18.5, days: [1, 2, 3, 4, 5] }) },
    ];
    const start = Date.parse('2026-11-16T00:00:00Z');
    let checked = 0;
    for (let step = 0; step < 7 * 24 * 60; step += 29) {
      // Every fifth step jumps back an hour: the cache must not answer for a time before it looked.
      const t = new Date(start + (step % 5 === 4 ? step - 60 : step) * 60_000 + 17_000);
      for (const { o, c } of cases) {
        for (const key of KEYS) {
          const cached = cache.forKey(o, c, key, t);
          const fresh = windowForKey(o, c, key, t);
          expect(cached.allowed, `${key} at ${t.toISOString()}`).toBe(fresh.allowed);
          expect(cached.allowed ? cached.closesAt?.getTime() : cached.opensAt?.getTime()).toBe(fresh.allowed ? fresh.closesAt?.getTime() : fresh.opensAt?.getTime());
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });

  it('answers the second ask within the same window without recomputing, and keeps different overrides apart', () => {
    const cache = new WindowCache();
    const at = new Date('2026-11-17T15:00:00Z'); // Tuesday 10:00 in New York
    const open = cache.forKey(org(true), campaign(), KEYS[0]!, at);
    expect(open.allowed).toBe(true);
    expect(cache.forKey(org(true), campaign(), KEYS[0]!, new Date(at.getTime() + 60_000))).toBe(open);
    const narrow = cache.forKey(org(true), campaign({ startHour: 11, endHour: 12 }), KEYS[0]!, at);
    expect(narrow.allowed).toBe(false);
  });

  it('stays bounded', () => {
    const cache = new WindowCache(3);
    const at = new Date('2026-11-17T15:00:00Z');
    for (let i = 0; i < 10; i += 1) cache.forKey(org(true), campaign({ startHour: 8 + (i % 5), endHour: 20 }), KEYS[0]!, at);
    expect((cache as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(3);
  });

  it('R2.5 GIVEN a contact THEN its window is the one of its key, and a contact without a key is computed from its phone', () => {
    const cache = new WindowCache();
    const at = new Date('2026-11-17T14:30:00Z'); // Tuesday 09:30 in New York, 06:30 in Los Angeles
    const keyed = { windowKey: KEYS[0]!, phone: '+12135550100' } as unknown as Contact;
    const unkeyed = { windowKey: '', phone: '+12135550100' } as unknown as Contact;
    const viaKey = cache.forContact(org(true), campaign(), keyed, at);
    expect(viaKey.allowed).toBe(true);
    expect(cache.forContact(org(true), campaign(), keyed, new Date(at.getTime() + 60_000))).toBe(viaKey);
    const byPhone = cache.forContact(org(true), campaign(), unkeyed, at);
    expect(byPhone.allowed).toBe(false);
    expect(byPhone.opensAt?.getTime()).toBe(windowForContact(org(true), campaign(), unkeyed, at).opensAt?.getTime());
  });
});
