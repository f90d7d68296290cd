// The lookup.run job on its own: one progress message edited per batch and then into the report;
// a job retried after a crash continues without paying twice and reports the whole run; a
// re-delivered job of a finished run does nothing; with no message to edit, the report is a DM.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createSimulatedLookup } from '../../src/adapters/lookup/index.js';
import { createLookupRunJob } from '../../src/commands/lookup-job.js';
import type { Store } from '../../src/core/ports.js';
import { fakeClock, i18n, recordingGateway, textOf, translatorOf } from './support/world.js';

async function setup(count: number) {
  const clock = fakeClock();
  const store = createMemoryStore({ clock });
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'T1', name: 'Org' });
  const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm1' });
  await store.contacts.insertMany(org.id, campaign.id, Array.from({ length: count }, (_, k) => ({ phone: `+1202555${String(101 + k).padStart(4, '0')}`, windowKey: 'ET' })));
  const gateway = recordingGateway();
  const ref = await gateway.dm('U-owner', { text: 'starting', blocks: [] });
  const payload = { orgId: org.id, campaignId: campaign.id, runId: 'run-1', requestedBy: { memberId: 'm1', platformUserId: 'U-owner', lang: 'en' }, progressRef: ref };
  const translator = translatorOf(await i18n());
  const jobFor = (s: Store, lookup = createSimulatedLookup()) => ({
    lookup,
    job: createLookupRunJob({ store: s, clock, lookup, ratePerSecond: 100, unitPrice: 0.01, currency: 'USD', gateways: { sandbox: gateway }, translator, progressEveryMs: 0, batchSize: 4, sleep: async (ms) => clock.advance(ms) }),
  });
  return { clock, store, org, campaign, gateway, ref, payload, jobFor };
}

describe('lookup.run job', () => {
  it('edits the one progress message per batch and ends it with the report; a re-delivered job does nothing', async () => {
    const { store, gateway, ref, payload, jobFor } = await setup(10);
    const { job, lookup } = jobFor(store);
    await job.handle(payload);
    const edits = gateway.of('update');
    expect(edits.every((e) => e.ref?.messageId === ref.messageId)).toBe(true);
    expect(edits).toHaveLength(2 + 1);
    expect(textOf(edits[0]?.view ?? { text: '', blocks: [] })).toMatch(/4 of 10 contacts checked/);
    const report = textOf(edits.at(-1)?.view ?? { text: '', blocks: [] });
    expect(report).toMatch(/is done/);
    expect(report).toMatch(/10 \(\$0\.10\)/);
    await job.handle(payload);
    expect(gateway.of('update')).toHaveLength(3);
    expect(lookup.asked).toHaveLength(10);
  });

  it('a job retried after a crash continues where it stopped, pays for no number twice and reports the whole run', async () => {
    const { store, gateway, payload, jobFor } = await setup(9);
    let marked = 0;
    const crashing: Store = { ...store, contacts: { ...store.contacts, setLineType: async (...a) => {
      if (++marked === 5) throw new Error('worker killed');
      return store.contacts.setLineType(...a);
    } } };
    const lookup = createSimulatedLookup();
    await expect(jobFor(crashing, lookup).job.handle(payload)).rejects.toThrow('worker killed');
    await jobFor(store, lookup).job.handle(payload);
    expect(lookup.asked).toHaveLength(9);
    expect(new Set(lookup.asked).size).toBe(9);
    const report = textOf(gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] });
    expect(report).toMatch(/is done/);
    expect(report).toMatch(/From earlier lookups \(free\)\n1\b/);
    expect(report).toMatch(/Looked up now\n8 \(\$0\.08\)/);
  });

  it('when the last attempt fails too, the message ends with a reason instead of staying at "running"', async () => {
    const { store, gateway, payload, jobFor } = await setup(3);
    const broken: Store = { ...store, contacts: { ...store.contacts, setLineType: async () => { throw new Error('store down'); } } };
    const { job } = jobFor(broken);
    await expect(job.handle(payload, { attempt: 1 })).rejects.toThrow('store down');
    await job.handle(payload, { attempt: 5 });
    expect(textOf(gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] })).toMatch(/stopped after an unexpected error/);
  });

  it('without a progress message, the report goes to the organizer as a DM', async () => {
    const { store, gateway, payload, jobFor } = await setup(3);
    const { progressRef: _none, ...bare } = payload;
    await jobFor(store).job.handle({ ...bare, runId: 'run-2' });
    const dm = gateway.of('dm').at(-1);
    expect(dm?.target).toBe('U-owner');
    expect(textOf(dm?.view ?? { text: '', blocks: [] })).toMatch(/is done/);
  });
});
