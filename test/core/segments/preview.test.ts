// The segment preview: store counts, the org opt-out list, and frequency caps today (R6.3),
// estimated past the sample size and marked as such (capSample < matched).
import { describe, expect, it } from 'vitest';
import { engineTestStore } from '../engine/harness.js';
import { previewSegment } from '../../../src/core/segments/preview.js';

const NOW = new Date('2026-11-17T15:00:00Z');

async function seed() {
  const store = await engineTestStore({ now: () => new Date(NOW) });
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'w', name: 'Org' });
  const source = await store.campaigns.create(org.id, { orgId: org.id, slug: 'source', name: 'Source', createdBy: 'm' });
  const other = await store.campaigns.create(org.id, { orgId: org.id, slug: 'other', name: 'Other', createdBy: 'm' });
  const phones = ['+12025550101', '+12025550102', '+12025550103', '+12025550104'];
  await store.contacts.insertMany(org.id, source.id, phones.map((phone) => ({ phone, windowKey: 'ET' })));
  // The first phone already got two first texts this week (the weekly cap, 2, is reached); the second one.
  for (const [phone, campaignId] of [[phones[0], source.id], [phones[0], other.id], [phones[1], other.id]] as const) {
    await store.messages.create(org.id, { orgId: org.id, direction: 'outbound', kind: 'initial', campaignId, voterPhone: phone as string, body: 'Hi', status: 'sent' });
  }
  await store.optOuts.record(org.id, { orgId: org.id, phone: phones[3] as string, source: 'keyword', at: NOW });
  return { store, org, source };
}

describe('previewSegment (R6.3)', () => {
  it('counts matched, opted out and those a frequency cap would refuse today', async () => {
    const { store, org, source } = await seed();
    const p = await previewSegment(store, { org, campaignIds: [source.id], segment: {}, now: NOW });
    expect(p).toEqual({ matched: 3, excludedOptOut: 1, excludedStatus: 0, capped: 1, capSample: 3 });
  });

  it('org caps replace the defaults', async () => {
    const { store, org, source } = await seed();
    const p = await previewSegment(store, { org: { ...org, textingPolicy: { ...org.textingPolicy, frequency: { perCampaign: 1, per24h: 3, per7d: 1 } } }, campaignIds: [source.id], segment: {}, now: NOW });
    expect(p.capped).toBe(2);
  });

  it('past the sample it scales the sample and says how many it read', async () => {
    const { store, org, source } = await seed();
    const p = await previewSegment(store, { org, campaignIds: [source.id], segment: {}, now: NOW, capSampleLimit: 1 });
    expect(p).toMatchObject({ matched: 3, capSample: 1, capped: 3 });
  });
});
