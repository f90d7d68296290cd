// CRM commands end to end through the dispatcher, with the real NGP VAN client over real HTTP to
// the local fake VAN (127.0.0.1): connect (key checked after the ack, stored sealed, a bad key
// saves nothing), map (board -> page forms), sync (the crm.sync job on the queue, one progress
// message edited in the organizer's DM, the report), a second sync that writes nothing, status
// and disconnect. Contacts' texts and answers are seeded in the store: sending is tested elsewhere.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCrmConnector } from '../../src/adapters/crm/index.js';
import { createSecretBox } from '../../src/adapters/crypto/secret-box.js';
import { createFileService } from '../../src/app/file-service.js';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import { createCrmSyncJob } from '../../src/commands/crm-job.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import type { Org } from '../../src/core/model/org.js';
import type { Reply } from '../../src/core/views/view.js';
import { startFakeVan, VAN_DEFAULTS, type FakeVan } from '../support/fake-van.js';
import { command, i18n, interactionId, press, selects, textOf, translatorOf, viewOf, world, type World } from './support/world.js';
import { CHANNEL, owner } from './support/scenario.js';

let van: FakeVan | undefined;
afterEach(async () => {
  await van?.close();
  van = undefined;
});

const VOTERS = [
  { phone: '2025550143', first: 'Ada', vanId: '100479' },
  { phone: '2025550144', first: 'Bo', vanId: '100480' },
  { phone: '2025550145', first: 'Cy', vanId: '100481' },
  { phone: '2025550146', first: 'Di', vanId: '' },
];

function votersCsv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-crm-'));
  const file = join(dir, 'van-voters.csv');
  writeFileSync(file, ['phone,first_name,last_name,zip,Van ID', ...VOTERS.map((v) => `${v.phone},${v.first},Voter,20001,${v.vanId}`)].join('\n'));
  return pathToFileURL(file).href;
}

async function setup(): Promise<{ w: World; org: Org; campaignId: string; fake: FakeVan }> {
  van = await startFakeVan({ people: VOTERS.filter((v) => v.vanId).map((v) => ({ vanId: Number(v.vanId), phone: `1${v.phone}` })) });
  const w = await world();
  const translator = translatorOf(await i18n());
  const secrets = createSecretBox('test-secret-key-with-more-than-32-characters');
  const crm = createCrmConnector({ baseUrls: { van: van.url } });
  Object.assign(w.services, {
    secrets,
    crm,
    crmRuns: { enqueue: (job: { orgId: string; runId: string }) => w.queue.enqueue('crm.sync', job, { jobId: `crm.sync-${job.runId}` }) },
  });
  const job = createCrmSyncJob({ store: w.store, clock: w.clock, crm, secrets, gateways: { sandbox: w.gateway }, translator, progressEveryMs: 0, sleep: async () => undefined });
  w.queue.process('crm.sync', async (p) => void (await job.handle(p)));

  await w.handle(command(owner, 'setup "Texas Forward"'));
  await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: CHANNEL }));
  const imported = await w.handle(command(owner, 'import gotv', { attachments: [{ name: 'van-voters.csv', url: votersCsv() }] }));
  expect(textOf(viewOf(imported[0]))).toContain('Imported');
  await w.handle(command(owner, 'survey add gotv "Will you vote?" Yes | No | Maybe'));
  await w.handle(command(owner, 'tags add gotv Volunteer'));
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas')) as Org;
  const campaign = await w.store.campaigns.findBySlug(org.id, 'gotv');
  return { w, org, campaignId: campaign?.id ?? '', fake: van };
}

function submitWith(modalId: string, privateValue: string | undefined, values: Record<string, string>, interim?: (r: Reply) => Promise<void>): Invocation {
  return { kind: 'modal', actor: owner, modalId, ...(privateValue === undefined ? {} : { privateValue }), values, interactionId: interactionId(), ...(interim ? { interim } : {}) };
}

const replyText = (replies: Reply[]): string => replies.map((r) => ('view' in r ? textOf(r.view) : JSON.stringify(r))).join('\n');

describe('crm commands (NGP VAN over HTTP)', () => {
  it('connect: acks before checking, a bad key saves nothing and is never echoed; a good key is stored sealed', async () => {
    const { w, org, fake } = await setup();
    const [opened] = await w.handle(command(owner, 'crm connect van'));
    if (opened?.kind !== 'modal') throw new Error('no connect form');
    expect(opened.modal.inputs.map((i) => i.id)).toEqual(['api_key', 'app_name', 'mode']);

    const badKey = 'wrong-key-SECRET-9876';
    const order: string[] = [];
    const refused = await w.handle(submitWith(MODAL.crmConnect, opened.modal.privateValue, { api_key: badKey, app_name: VAN_DEFAULTS.appName, mode: 'my_voters' }, async () => void order.push(`interim after ${fake.requests.length} requests`)));
    expect(order).toEqual(['interim after 0 requests']);
    expect(replyText(refused)).toMatch(/refused this API key/);
    expect(replyText(refused)).not.toContain(badKey);
    expect(await w.store.crm.getConnection(org.id, 'van')).toBeNull();

    const ok = await w.handle(submitWith(MODAL.crmConnect, opened.modal.privateValue, { api_key: VAN_DEFAULTS.apiKey, app_name: VAN_DEFAULTS.appName, mode: 'my_voters' }));
    expect(replyText(ok)).toMatch(/NGP VAN is connected/);
    expect(replyText(ok)).not.toContain(VAN_DEFAULTS.apiKey);
    const stored = await w.store.crm.getConnection(org.id, 'van');
    expect(stored).toMatchObject({ kind: 'van', appName: VAN_DEFAULTS.appName, mode: 'my_voters' });
    expect(JSON.stringify(stored)).not.toContain(VAN_DEFAULTS.apiKey);
    expect(w.services.secrets?.open(stored?.sealedKey ?? '')).toBe(VAN_DEFAULTS.apiKey);
    const status = replyText(await w.handle(command(owner, 'crm status')));
    expect(status).toMatch(/NGP VAN/);
    expect(status).not.toContain(VAN_DEFAULTS.apiKey);
    expect(JSON.stringify(await w.store.audit.list(org.id))).not.toContain(VAN_DEFAULTS.apiKey);
  });

  it('connect refuses, with a message for the operator, where keys cannot be sealed', async () => {
    const { w, org } = await setup();
    delete (w.services as { secrets?: unknown }).secrets;
    const text = replyText(await w.handle(command(owner, 'crm connect van')));
    expect(text).toMatch(/SECRET_KEY/);
    expect(await w.store.crm.getConnection(org.id, 'van')).toBeNull();
  });

  it('map, sync and sync again: delivered contacts get their mapped canvass responses and activist codes, undelivered none, and no duplicates', async () => {
    const { w, org, campaignId, fake } = await setup();
    const [opened] = await w.handle(command(owner, 'crm connect van'));
    if (opened?.kind !== 'modal') throw new Error('no connect form');
    await w.handle(submitWith(MODAL.crmConnect, opened.modal.privateValue, { api_key: VAN_DEFAULTS.apiKey, app_name: VAN_DEFAULTS.appName, mode: 'my_voters' }));

    // Map: the board lists pages; each page opens a form.
    const board = viewOf((await w.handle(command(owner, 'crm map gotv')))[0]);
    const pageSelect = selects(board).find((s) => s.id === ACTION.crmMapPage);
    expect(pageSelect?.options).toHaveLength(3); // question 1 (3 answers), tags, outcomes
    const campaign = await w.store.campaigns.get(org.id, campaignId);
    const [yes, no] = campaign?.survey[0]?.answers ?? [];
    const volunteerTag = campaign?.tags[0];
    const openPage = async (i: number) => {
      const [r] = await w.handle(press(owner, ACTION.crmMapPage, pageSelect?.options[i]?.value));
      if (r?.kind !== 'modal') throw new Error(`page ${i} did not open`);
      return r.modal;
    };
    const q1 = await openPage(0);
    expect(q1.inputs.map((i) => i.kind)).toEqual(['select', 'select', 'select']);
    expect(q1.inputs[0]?.options?.map((o) => o.label)).toContain('Support: Yes');
    await w.handle(submitWith(MODAL.crmMap, q1.privateValue, { i0: 'r:101:1001', i1: 'r:101:1002', i2: '-' }));
    const tags = await openPage(1);
    const typo = await w.handle(submitWith(MODAL.crmMap, tags.privateValue, { i0: 'Volunteers!!' }));
    expect(typo[0]?.kind).toBe('modalErrors');
    await w.handle(submitWith(MODAL.crmMap, tags.privateValue, { i0: 'a:201' }));
    const outcomes = await openPage(2);
    const saved = await w.handle(submitWith(MODAL.crmMap, outcomes.privateValue, { i0: 'c:20', i1: '-', i2: '-', i3: 'c:130' }));
    expect(replyText(saved)).toMatch(/Page 3 saved/);
    const mapping = (await w.store.crm.getConnection(org.id, 'van'))?.mappings[0];
    expect(mapping?.answers).toHaveLength(2);
    expect(mapping?.tags).toEqual([{ tagId: volunteerTag?.id, activistCode: '201' }]);

    // Texts: Ada delivered (yes + Volunteer tag), Bo delivered (no), Cy undelivered (yes), Di has no VAN ID.
    const byName = new Map<string, string>();
    for await (const c of w.store.contacts.streamByCampaign(org.id, campaignId)) byName.set(c.firstName, c.id);
    const text = async (name: string, status: 'delivered' | 'undelivered') => {
      const id = byName.get(name) as string;
      const contact = await w.store.contacts.get(org.id, id);
      const { message } = await w.store.messages.create(org.id, { orgId: org.id, campaignId, contactId: id, direction: 'outbound', kind: 'initial', voterPhone: contact?.phone ?? '', body: 'Hi', status: 'queued' });
      await w.store.messages.applyStatus(org.id, message.id, 'sent', w.clock.now());
      await w.store.messages.applyStatus(org.id, message.id, status, w.clock.now(), status === 'undelivered' ? '30003' : undefined);
    };
    await text('Ada', 'delivered');
    await text('Bo', 'delivered');
    await text('Cy', 'undelivered');
    await text('Di', 'delivered');
    await w.store.contacts.setSurveyAnswer(org.id, byName.get('Ada') as string, campaign?.survey[0]?.id ?? '', yes?.id ?? '');
    await w.store.contacts.addTag(org.id, byName.get('Ada') as string, volunteerTag?.id ?? '');
    await w.store.contacts.setSurveyAnswer(org.id, byName.get('Bo') as string, campaign?.survey[0]?.id ?? '', no?.id ?? '');
    await w.store.contacts.setSurveyAnswer(org.id, byName.get('Cy') as string, campaign?.survey[0]?.id ?? '', yes?.id ?? '');

    const started = replyText(await w.handle(command(owner, 'crm sync gotv')));
    expect(started).toMatch(/Sync to NGP VAN started/);
    await w.settle();
    const byVanId = (id: number) => fake.canvassed.filter((c) => c.vanId === id).map((c) => c.body);
    const ada = byVanId(100479).flatMap((b) => b.responses ?? []);
    expect(ada).toContainEqual({ type: 'SurveyResponse', surveyQuestionId: 101, surveyResponseId: 1001 });
    expect(ada).toContainEqual(expect.objectContaining({ type: 'ActivistCode', activistCodeId: 201, action: 'Apply' }));
    expect(byVanId(100480).flatMap((b) => b.responses ?? [])).toContainEqual({ type: 'SurveyResponse', surveyQuestionId: 101, surveyResponseId: 1002 });
    expect(byVanId(100481)).toEqual([]);
    const firstCount = fake.canvassed.length;
    expect(firstCount).toBeGreaterThan(0);

    // One progress message in the organizer's DM, edited into the report.
    const dms = w.gateway.of('dm');
    expect(dms).toHaveLength(1);
    const edits = w.gateway.of('update').filter((u) => u.ref?.messageId === dms[0]?.ref?.messageId);
    const report = textOf(edits.at(-1)?.view ?? { text: '', blocks: [] });
    expect(report).toMatch(/is done/);
    expect(report).toMatch(/no delivered text: 1/);
    expect(report).toMatch(/no VAN ID in the imported file: 1/);
    expect(report).not.toMatch(/\+1202/);
    const runs = await w.store.crm.listRuns(org.id);
    expect(runs[0]).toMatchObject({ status: 'done', report: { sent: 2 } });

    // A second run writes nothing new.
    await w.handle(command(owner, 'crm sync gotv'));
    await w.settle();
    expect(fake.canvassed).toHaveLength(firstCount);
    expect((await w.store.crm.listRuns(org.id))[0]).toMatchObject({ status: 'done', report: { sent: 0, skipped: { unchanged: 2 } } });

    // Disconnect forgets the key.
    expect(replyText(await w.handle(command(owner, 'crm disconnect van')))).toMatch(/disconnected/);
    expect(await w.store.crm.getConnection(org.id, 'van')).toBeNull();
    expect(replyText(await w.handle(command(owner, 'crm sync gotv')))).toMatch(/No CRM is connected/);
  });

  it('export <campaign> van: the VAN bulk upload file, a contact attempt only for delivered texts, contacts without a VAN ID counted', async () => {
    const { w, org, campaignId } = await setup();
    w.services.files = createFileService({ store: w.store, clock: w.clock });
    const campaign = await w.store.campaigns.get(org.id, campaignId);
    const byName = new Map<string, string>();
    for await (const c of w.store.contacts.streamByCampaign(org.id, campaignId)) byName.set(c.firstName, c.id);
    for (const [name, status] of [['Ada', 'delivered'], ['Cy', 'undelivered']] as const) {
      const id = byName.get(name) as string;
      const contact = await w.store.contacts.get(org.id, id);
      const { message } = await w.store.messages.create(org.id, { orgId: org.id, campaignId, contactId: id, direction: 'outbound', kind: 'initial', voterPhone: contact?.phone ?? '', body: 'Hi', status: 'queued' });
      await w.store.messages.applyStatus(org.id, message.id, 'sent', w.clock.now());
      await w.store.messages.applyStatus(org.id, message.id, status, w.clock.now());
      await w.store.contacts.setSurveyAnswer(org.id, id, campaign?.survey[0]?.id ?? '', campaign?.survey[0]?.answers[0]?.id ?? '');
    }
    const [reply] = await w.handle(command(owner, 'export gotv van'));
    if (reply?.kind !== 'file') throw new Error(`no file: ${JSON.stringify(reply)}`);
    const lines = reply.file.content.toString().replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('VANID,Date Contacted,Phone Number,Contact Type,Canvass Result,Will you vote?,Activist Code: Volunteer');
    expect(lines).toHaveLength(4);
    expect(lines).toContain('100479,2026-11-17,2025550143,SMS Text,,Yes,');
    expect(lines).toContain('100481,,,,,,');
    expect(reply.file.name).toMatch(/^gotv-van-bulk-upload-/);
    expect(textOf(reply.view)).toMatch(/1 contact has no VAN ID/);
  });
});
