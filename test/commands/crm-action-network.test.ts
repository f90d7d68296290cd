// CRM commands with the real Action Network client over real HTTP to the local fake (127.0.0.1):
// a survey answer mapped to a tag reaches the delivered voter as that tag, an opted-out voter
// is sent as unsubscribed, an undelivered one is not sent, and a second sync sends nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createCrmConnector } from '../../src/adapters/crm/index.js';
import { createSecretBox } from '../../src/adapters/crypto/secret-box.js';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import { createCrmSyncJob } from '../../src/commands/crm-job.js';
import type { Reply } from '../../src/core/views/view.js';
import { AN_FAKE_TOKEN, startFakeActionNetwork, type FakeActionNetwork } from '../support/fake-action-network.js';
import { command, i18n, press, selects, submit, textOf, translatorOf, viewOf, world } from './support/world.js';
import { owner, runningCampaign } from './support/scenario.js';

let an: FakeActionNetwork | undefined;
afterEach(async () => {
  await an?.close();
  an = undefined;
});

const said = (replies: Reply[]): string => replies.map((r) => ('view' in r ? textOf(r.view) : r.kind)).join('\n');

describe('crm commands (Action Network over HTTP)', () => {
  it('connects, maps an answer to a tag, and syncs delivered voters once', async () => {
    an = await startFakeActionNetwork({ tags: ['Supporter', 'Volunteer'] });
    const w = await world();
    const crm = createCrmConnector({ baseUrls: { action_network: `${an.url}` } });
    const secrets = createSecretBox('another-test-secret-key-longer-than-32');
    Object.assign(w.services, { crm, secrets, crmRuns: { enqueue: (job: { orgId: string; runId: string }) => w.queue.enqueue('crm.sync', job) } });
    const job = createCrmSyncJob({ store: w.store, clock: w.clock, crm, secrets, gateways: { sandbox: w.gateway }, translator: translatorOf(await i18n()), progressEveryMs: 0, sleep: async () => undefined });
    w.queue.process('crm.sync', async (p) => void (await job.handle(p)));
    const { org, campaignId } = await runningCampaign(w, { start: false });
    await w.handle(command(owner, 'survey add gotv "Will you vote?" Yes | No'));

    const [form] = await w.handle(command(owner, 'crm connect action_network'));
    if (form?.kind !== 'modal') throw new Error('no form');
    expect(said(await w.handle(submit(owner, MODAL.crmConnect, form.modal.privateValue, { api_key: 'not-the-token' })))).toMatch(/refused/);
    expect(await w.store.crm.getConnection(org.id, 'action_network')).toBeNull();
    expect(said(await w.handle(submit(owner, MODAL.crmConnect, form.modal.privateValue, { api_key: AN_FAKE_TOKEN })))).toMatch(/Action Network is connected/);

    const board = viewOf((await w.handle(command(owner, 'crm map gotv')))[0]);
    const page = selects(board).find((s) => s.id === ACTION.crmMapPage)?.options[0];
    const [opened] = await w.handle(press(owner, ACTION.crmMapPage, page?.value));
    if (opened?.kind !== 'modal') throw new Error('no page form');
    const supporter = opened.modal.inputs[0]?.options?.find((o) => o.label.includes('Supporter'))?.value;
    await w.handle(submit(owner, MODAL.crmMap, opened.modal.privateValue, { i0: supporter ?? '', i1: '-' }));

    const campaign = await w.store.campaigns.get(org.id, campaignId);
    const contacts = [];
    for await (const c of w.store.contacts.streamByCampaign(org.id, campaignId)) contacts.push(c);
    const [ada, bo, cy] = contacts;
    if (!ada || !bo || !cy) throw new Error('need three voters');
    for (const [c, status] of [[ada, 'delivered'], [bo, 'delivered'], [cy, 'undelivered']] as const) {
      const { message } = await w.store.messages.create(org.id, { orgId: org.id, campaignId, contactId: c.id, direction: 'outbound', kind: 'initial', voterPhone: c.phone, body: 'Hi', status: 'queued' });
      await w.store.messages.applyStatus(org.id, message.id, status, w.clock.now());
      await w.store.contacts.setSurveyAnswer(org.id, c.id, campaign?.survey[0]?.id ?? '', campaign?.survey[0]?.answers[0]?.id ?? '');
    }
    await w.store.optOuts.record(org.id, { orgId: org.id, phone: bo.phone, source: 'keyword', at: w.clock.now() });

    await w.handle(command(owner, 'crm sync gotv'));
    await w.settle();
    const digits = (p: string) => p.replace(/^\+/, '');
    const person = (c: { phone: string }) => an?.people.find((p) => p.phone?.number === digits(c.phone));
    expect(person(ada)?.tags).toContain('Supporter');
    expect(person(bo)?.phone?.status).toBe('unsubscribed');
    expect(person(cy)).toBeUndefined();
    const posts = an.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/people')).length;
    expect(posts).toBe(2);

    await w.handle(command(owner, 'crm sync gotv'));
    await w.settle();
    expect(an.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/people'))).toHaveLength(posts);
    expect((await w.store.crm.listRuns(org.id))[0]).toMatchObject({ status: 'done', report: { sent: 0, skipped: { unchanged: 2 } } });
  });
});
