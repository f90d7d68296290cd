// The `followup.snapshot` job: copies the segment, edits its one progress message (at most every
// `progressEveryMs`), ends with the counts; a re-delivered finished job does nothing.
import { describe, expect, it } from 'vitest';
import { createFollowUpSnapshotJob } from '../../src/commands/followup-job.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import type { NewContact } from '../../src/core/model/contact.js';
import { i18n, recordingGateway, textOf, translatorOf } from './support/world.js';

const NOW = new Date('2026-11-17T15:00:00Z');

describe('followup.snapshot job', () => {
  it('copies, shows progress in its one message in the organizer\'s language, and runs once', async () => {
    const clock = { now: () => new Date(NOW) };
    const store = createMemoryStore({ clock });
    const org = await store.orgs.create({ platform: 'sandbox', externalId: 'x', name: 'Org' });
    const source = await store.campaigns.create(org.id, { orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm' });
    const contacts: NewContact[] = Array.from({ length: 30 }, (_, i) => ({ phone: `+1202555${String(1000 + i)}`, firstName: `V${i}`, language: 'es' }));
    await store.contacts.insertMany(org.id, source.id, contacts);
    const gateway = recordingGateway();
    const ref = await gateway.dm('U1', { text: 'start', blocks: [] });
    const followUp = await store.campaigns.create(org.id, {
      orgId: org.id, slug: 'gotv-es', name: 'GOTV es', createdBy: 'm',
      followUpOf: { campaignId: source.id, segment: { langs: ['es'] }, snapshot: { status: 'running', read: 0, copied: 0, duplicates: 0, total: 30, progressRef: ref, requestedBy: { platformUserId: 'U1', lang: 'es' } } },
    });
    const translator = translatorOf(await i18n());
    // No time passes: no edit between batches (chat APIs rate-limit edits), one at the end.
    const job = createFollowUpSnapshotJob({ store, clock, gateways: { sandbox: gateway }, translator, batchSize: 10 });
    await job.handle({ orgId: org.id, campaignId: followUp.id });
    const updates = gateway.of('update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ref).toEqual(ref);
    expect(textOf(updates[0]!.view!)).toContain('30 votantes copiados');
    expect((await store.campaigns.get(org.id, followUp.id))?.followUpOf?.snapshot).toMatchObject({ status: 'done', copied: 30, read: 30 });
    await job.handle({ orgId: org.id, campaignId: followUp.id });
    expect(gateway.of('update')).toHaveLength(updates.length);
    await expect(job.handle({ orgId: '' })).rejects.toThrow();
  });

  it('edits the message after each batch when edits are allowed that often', async () => {
    const clock = { now: () => new Date(NOW) };
    const store = createMemoryStore({ clock });
    const org = await store.orgs.create({ platform: 'sandbox', externalId: 'x', name: 'Org' });
    const source = await store.campaigns.create(org.id, { orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm' });
    await store.contacts.insertMany(org.id, source.id, Array.from({ length: 25 }, (_, i) => ({ phone: `+1202555${String(1000 + i)}` })));
    const gateway = recordingGateway();
    const ref = await gateway.dm('U1', { text: 'start', blocks: [] });
    const followUp = await store.campaigns.create(org.id, {
      orgId: org.id, slug: 'again', name: 'Again', createdBy: 'm',
      followUpOf: { campaignId: source.id, segment: {}, snapshot: { status: 'running', read: 0, copied: 0, duplicates: 0, total: 25, progressRef: ref, requestedBy: { platformUserId: 'U1', lang: 'en' } } },
    });
    const job = createFollowUpSnapshotJob({ store, clock, gateways: { sandbox: gateway }, translator: translatorOf(await i18n()), batchSize: 10, progressEveryMs: 0 });
    await job.handle({ orgId: org.id, campaignId: followUp.id });
    const texts = gateway.of('update').map((u) => textOf(u.view!));
    expect(texts.slice(0, 3).every((x) => x.includes('Copying voters'))).toBe(true);
    expect(texts.filter((x) => x.includes('of 25 voters'))).toHaveLength(3);
    expect(texts.at(-1)).toContain('25 voters copied');
  });
});
