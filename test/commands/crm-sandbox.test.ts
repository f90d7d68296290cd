// The CRM feature as the sandbox shows it with no configuration: the simulated CRM (what the app
// composes in sandbox mode) behind the same commands, here with Action Network (no VAN ID needed).
import { describe, expect, it } from 'vitest';
import { createCrmConnector, type SimulatedCrmConnector } from '../../src/adapters/crm/index.js';
import { createEphemeralSecretBox } from '../../src/adapters/crypto/secret-box.js';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import { createCrmSyncJob } from '../../src/commands/crm-job.js';
import type { Reply } from '../../src/core/views/view.js';
import { command, i18n, press, selects, submit, textOf, translatorOf, viewOf, world } from './support/world.js';
import { owner, runningCampaign } from './support/scenario.js';

const said = (replies: Reply[]): string => replies.map((r) => ('view' in r ? textOf(r.view) : r.kind)).join('\n');

describe('crm in the sandbox (simulated CRM)', () => {
  it('connects Action Network with any key (a "bad" one is refused), maps a tag, syncs delivered contacts once, in Spanish too', async () => {
    const w = await world();
    const crm = createCrmConnector({ simulated: true }) as SimulatedCrmConnector;
    const secrets = createEphemeralSecretBox();
    Object.assign(w.services, { crm, secrets, crmRuns: { enqueue: (job: { orgId: string; runId: string }) => w.queue.enqueue('crm.sync', job) } });
    const job = createCrmSyncJob({ store: w.store, clock: w.clock, crm, secrets, gateways: { sandbox: w.gateway }, translator: translatorOf(await i18n()), progressEveryMs: 0, sleep: async () => undefined });
    w.queue.process('crm.sync', async (p) => void (await job.handle(p)));
    const { org, campaignId } = await runningCampaign(w, { start: false });
    await w.handle(command(owner, 'tags add gotv Volunteer'));

    const [form] = await w.handle(command(owner, 'crm connect action_network'));
    if (form?.kind !== 'modal') throw new Error('no form');
    expect(form.modal.inputs.map((i) => i.id)).toEqual(['api_key']);
    expect(said(await w.handle(submit(owner, MODAL.crmConnect, form.modal.privateValue, { api_key: 'bad-key' })))).toMatch(/refused/);
    expect(await w.store.crm.getConnection(org.id, 'action_network')).toBeNull();
    expect(said(await w.handle(submit(owner, MODAL.crmConnect, form.modal.privateValue, { api_key: 'sandbox-key' })))).toMatch(/Action Network is connected/);

    const board = viewOf((await w.handle(command(owner, 'crm map gotv')))[0]);
    const pages = selects(board).find((s) => s.id === ACTION.crmMapPage)?.options ?? [];
    const tagPage = pages.find((o) => o.label.includes('Tags'));
    const [opened] = await w.handle(press(owner, ACTION.crmMapPage, tagPage?.value));
    if (opened?.kind !== 'modal') throw new Error('no page form');
    const volunteerCode = opened.modal.inputs[0]?.options?.find((o) => o.label.includes('Volunteer'))?.value;
    expect(volunteerCode).toBeDefined();
    await w.handle(submit(owner, MODAL.crmMap, opened.modal.privateValue, { i0: volunteerCode ?? '' }));

    const campaign = await w.store.campaigns.get(org.id, campaignId);
    const ids: string[] = [];
    for await (const c of w.store.contacts.streamByCampaign(org.id, campaignId)) ids.push(c.id);
    for (const id of ids.slice(0, 2)) {
      const contact = await w.store.contacts.get(org.id, id);
      const { message } = await w.store.messages.create(org.id, { orgId: org.id, campaignId, contactId: id, direction: 'outbound', kind: 'initial', voterPhone: contact?.phone ?? '', body: 'Hi', status: 'queued' });
      await w.store.messages.applyStatus(org.id, message.id, 'delivered', w.clock.now());
    }
    await w.store.contacts.addTag(org.id, ids[0] ?? '', campaign?.tags[0]?.id ?? '');

    const es = { ...owner, locale: 'es-419' };
    expect(said(await w.handle(command(es, 'crm sync gotv')))).toMatch(/Empezó la sincronización/);
    await w.settle();
    const simulated = crm.crm('action_network', 'sandbox-key');
    expect(simulated.people()).toHaveLength(2);
    expect(simulated.people().some((p) => p.activistCodes.length === 1 && p.contactAttempts.length === 1)).toBe(true);
    const report = textOf(w.gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] });
    expect(report).toMatch(/Terminó la sincronización/);
    expect(report).toMatch(/ningún texto entregado/);

    await w.handle(command(owner, 'crm sync gotv'));
    await w.settle();
    expect(simulated.pushes.filter((p) => p.result.ok)).toHaveLength(2);
    expect(said(await w.handle(command(owner, 'crm status')))).toMatch(/Action Network[\s\S]*sent 0/);
  });
});
