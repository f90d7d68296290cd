// The memory store keeps each campaign as one frozen copy and hands it out on reads (every claim
// and every Send press reads it): what a caller reads can never change what is stored, and a
// caller that tries to change a nested part gets a TypeError instead of a silent private edit.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';

const clock = { now: () => new Date('2030-03-04T15:00:00Z') };

async function campaign() {
  const store = createMemoryStore({ clock });
  const org = await store.orgs.create({ platform: 'slack', externalId: 'T1', name: 'Org A' });
  const created = await store.campaigns.create(org.id, {
    orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm1',
    scripts: { en: { initial: 'Hi {firstName}, Org A here. Reply STOP to opt out', followUps: [{ id: 'f', label: 'F', text: 'Thanks' }] } },
  });
  return { store, orgId: org.id, id: created.id };
}

describe('memory store campaigns: one frozen copy, handed out on reads', () => {
  it('a nested change to what was read throws, and the stored campaign is unchanged', async () => {
    const { store, orgId, id } = await campaign();
    const read = (await store.campaigns.get(orgId, id))!;
    expect(() => {
      read.scripts.en!.initial = 'changed';
    }).toThrow(TypeError);
    expect(() => read.scripts.en!.followUps.push({ id: 'g', label: 'G', text: 'x' })).toThrow(TypeError);
    expect((await store.campaigns.get(orgId, id))!.scripts.en!.initial).toBe('Hi {firstName}, Org A here. Reply STOP to opt out');
  });

  it('top-level fields and counters of a read are the caller\'s own', async () => {
    const { store, orgId, id } = await campaign();
    const read = (await store.campaigns.get(orgId, id))!;
    read.status = 'archived';
    read.counters.sent = 99;
    const again = (await store.campaigns.get(orgId, id))!;
    expect(again.status).toBe('draft');
    expect(again.counters.sent ?? 0).toBe(0);
    await store.campaigns.increment(orgId, id, { sent: 2 });
    expect(read.counters.sent).toBe(99);
    expect((await store.campaigns.get(orgId, id))!.counters.sent).toBe(2);
  });

  it('writes replace the stored copy: an update and a transition show on the next read, not on earlier reads', async () => {
    const { store, orgId, id } = await campaign();
    const before = (await store.campaigns.get(orgId, id))!;
    await store.campaigns.update(orgId, id, { name: 'Renamed' });
    await store.campaigns.transition(orgId, id, ['draft'], 'active');
    const after = (await store.campaigns.get(orgId, id))!;
    expect([before.name, before.status]).toEqual(['GOTV', 'draft']);
    expect([after.name, after.status]).toEqual(['Renamed', 'active']);
    expect(Object.isFrozen(after.scripts)).toBe(true);
  });

  it('no source changes a Date in place (frozen records share their Dates: a Date cannot be frozen)', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
    const setter = /\.set(UTC)?(FullYear|Month|Date|Hours|Minutes|Seconds|Milliseconds|Time)\(/;
    expect(setter.test('at.setUTCHours(0)')).toBe(true);
    const offenders = files(resolve(import.meta.dirname, '../../../src')).filter((f) => setter.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
