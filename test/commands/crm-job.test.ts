// The crm.sync job on its own: one progress message edited per batch and then into the report,
// a re-delivered job for a finished run does nothing, and runs that cannot start end with a
// readable reason instead of an error.
import { describe, expect, it } from 'vitest';
import { createSimulatedCrmConnector } from '../../src/adapters/crm/index.js';
import { createSecretBox } from '../../src/adapters/crypto/secret-box.js';
import { createCrmSyncJob } from '../../src/commands/crm-job.js';
import { clock, seed } from '../core/crm/support.js';
import { i18n, recordingGateway, textOf, translatorOf } from './support/world.js';

async function setup(opts: { contacts?: number } = {}) {
  const s = await seed(Array.from({ length: opts.contacts ?? 12 }, (_, i) => ({ name: `P${i}`, delivered: true, custom: { VanID: String(7000 + i) } })));
  const secrets = createSecretBox('a-test-secret-key-of-more-than-32-chars');
  const crm = createSimulatedCrmConnector();
  await s.store.crm.saveConnection({ orgId: s.orgId, kind: 'van', sealedKey: secrets.seal('sandbox-key'), appName: 'app', mode: 'my_campaign', connectedBy: 'm1', connectedAt: clock.now() });
  const gateway = recordingGateway();
  const ref = await gateway.dm('U-owner', { text: 'starting', blocks: [] });
  const run = await s.store.crm.createRun(s.orgId, { kind: 'van', campaignId: s.campaignId, startedBy: 'm1', requestedBy: { platformUserId: 'U-owner', lang: 'en' }, progressRef: ref }, clock.now());
  const job = createCrmSyncJob({ store: s.store, clock, crm, secrets, gateways: { sandbox: gateway }, translator: translatorOf(await i18n()), progressEveryMs: 0, sleep: async () => undefined, batchSize: 5 });
  return { s, secrets, crm, gateway, ref, run, job };
}

describe('crm.sync job', () => {
  it('edits the one progress message per batch, ends it with the report, and ignores a re-delivered job', async () => {
    const { s, gateway, ref, run, job, crm } = await setup();
    await job.handle({ orgId: s.orgId, runId: run.id });
    const edits = gateway.of('update');
    expect(edits.every((e) => e.ref?.messageId === ref.messageId)).toBe(true);
    expect(edits).toHaveLength(3 + 1);
    expect(textOf(edits[0]?.view ?? { text: '', blocks: [] })).toMatch(/5 of 12 contacts read/);
    expect(textOf(edits.at(-1)?.view ?? { text: '', blocks: [] })).toMatch(/is done/);
    expect(await s.store.crm.getRun(s.orgId, run.id)).toMatchObject({ status: 'done', report: { sent: 12, read: 12 } });
    expect(crm.crm('van', 'sandbox-key').people()).toHaveLength(12);

    await job.handle({ orgId: s.orgId, runId: run.id });
    expect(gateway.of('update')).toHaveLength(4);
  });

  it('a refused key stops the run and says to connect again', async () => {
    const { s, gateway, run, job, crm } = await setup({ contacts: 3 });
    crm.crm('van', 'sandbox-key').failNext('unauthorized', 10);
    await job.handle({ orgId: s.orgId, runId: run.id });
    expect(await s.store.crm.getRun(s.orgId, run.id)).toMatchObject({ status: 'failed', error: 'unauthorized' });
    expect(textOf(gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] })).toMatch(/refused the API key/);
  });

  it('ends with a reason when the connection is gone or its key no longer opens', async () => {
    const gone = await setup({ contacts: 1 });
    await gone.s.store.crm.removeConnection(gone.s.orgId, 'van');
    await gone.job.handle({ orgId: gone.s.orgId, runId: gone.run.id });
    expect(await gone.s.store.crm.getRun(gone.s.orgId, gone.run.id)).toMatchObject({ status: 'failed', error: 'no_connection' });
    expect(textOf(gone.gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] })).toMatch(/no longer connected/);

    const rekeyed = await setup({ contacts: 1 });
    const other = createCrmSyncJob({ store: rekeyed.s.store, clock, crm: rekeyed.crm, secrets: createSecretBox('another-secret-key-of-more-than-32-chars'), gateways: { sandbox: rekeyed.gateway }, translator: translatorOf(await i18n()) });
    await other.handle({ orgId: rekeyed.s.orgId, runId: rekeyed.run.id });
    expect(await rekeyed.s.store.crm.getRun(rekeyed.s.orgId, rekeyed.run.id)).toMatchObject({ status: 'failed', error: 'key_unreadable' });
    expect(rekeyed.crm.crm('van', 'sandbox-key').pushes).toHaveLength(0);
  });
});
