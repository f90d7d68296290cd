// Issue 7: import (progress, report with line numbers, missing merge fields, the form when no
// file is attached), export as a file reply, and the opt-out list commands (R1.2, R1.4c, R1.7).
import { describe, expect, it } from 'vitest';
import { MODAL } from '../../src/commands/actions.js';
import type { Reply } from '../../src/core/views/view.js';
import { command, submit, textOf, viewOf, world } from './support/world.js';
import { CHANNEL, ana, fixtureUrl, owner, runningCampaign } from './support/scenario.js';

describe('import', () => {
  it('reports imported, skipped and why, listing the first 10 invalid lines and counting the rest', async () => {
    const w = await world();
    await w.handle(command(owner, 'setup "Texas Forward"'));
    await w.handle(command(owner, 'campaign create gotv GOTV', { channelId: CHANNEL }));
    const interim: Reply[] = [];
    const [reply] = await w.handle(command(owner, 'import', { attachments: [{ name: 'many-invalid.csv', url: fixtureUrl('many-invalid.csv') }], interim: async (r) => void interim.push(r) }));
    const view = viewOf(reply);
    const text = textOf(view);
    expect(view.text).toBe('Imported 3 of 16 rows: 0 duplicates, 0 opted out, 13 invalid.');
    const listed = [...text.matchAll(/Line (\d+): not a phone number/g)].map((m) => Number(m[1]));
    expect(listed).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(text).toContain('…and 3 more.');
    expect(text).toContain('`first_name`');
    expect(interim.length).toBeGreaterThanOrEqual(1);
    const org = await w.store.orgs.findByExternal('sandbox', 'T-texas');
    const campaign = await w.store.campaigns.findBySlug(org!.id, 'gotv');
    expect(campaign?.counters.contacts).toBe(3);
    expect((await w.store.audit.list(org!.id, { action: 'contacts.imported' }))[0]?.data).toMatchObject({ imported: 3, invalid: 13 });
  });

  it('names merge fields the script uses that no column provides', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const org = await w.store.orgs.findByExternal('sandbox', 'T-texas');
    const campaign = await w.store.campaigns.findBySlug(org!.id, 'gotv');
    const ownerId = (await w.store.members.findByPlatformUser(org!.id, 'U-owner'))!.id;
    await w.engine.campaigns.updateScripts(org!.id, campaign!.id, { en: { initial: 'Hi {firstName} from {orgName} in precinct {precinct}. Reply STOP to opt out.', followUps: [] } }, ownerId);
    const text = textOf(viewOf((await w.handle(command(owner, 'import gotv', { attachments: [{ name: 'many-invalid.csv', url: fixtureUrl('many-invalid.csv') }] })))[0]));
    expect(text).toContain('The script uses `precinct`, but no column of the file provides it.');
  });

  it('without an attachment, opens a form with a file field; its submit imports', async () => {
    const w = await world();
    await w.handle(command(owner, 'setup "Texas Forward"'));
    await w.handle(command(owner, 'campaign create gotv GOTV'));
    const [opened] = await w.handle(command(owner, 'import gotv'));
    if (opened?.kind !== 'modal') throw new Error('expected a modal');
    expect(opened.modal.inputs).toMatchObject([{ id: 'file', kind: 'file' }]);
    const empty = await w.handle(submit(owner, MODAL.import, opened.modal.privateValue, {}));
    expect(empty[0]).toMatchObject({ kind: 'modalErrors', errors: { file: 'Attach a CSV file.' } });
    const done = await w.handle(submit(owner, MODAL.import, opened.modal.privateValue, {}, [{ name: 'voters.csv', url: fixtureUrl('voters.csv') }]));
    expect(viewOf(done[0]).text).toBe('Imported 5 of 7 rows: 1 duplicates, 0 opted out, 1 invalid.');
  });

  it('a file without a phone column gets the importer\'s reason, in the member\'s language', async () => {
    const w = await world();
    await w.handle(command(owner, 'setup "Texas Forward"'));
    await w.handle(command(owner, 'campaign create gotv GOTV'));
    const es = { ...owner, locale: 'es' };
    const [reply] = await w.handle(command(es, 'import gotv', { attachments: [{ name: 'no-phone-column.csv', url: fixtureUrl('../../fixtures/csv/no-phone-column.csv') }] }));
    expect(textOf(viewOf(reply))).toContain('No se encontró una columna de teléfono (columnas: first_name, last_name, zip)');
  });

  it('volunteers cannot import', async () => {
    const w = await world();
    await runningCampaign(w);
    const [reply] = await w.handle(command(ana, 'import gotv', { attachments: [{ name: 'voters.csv', url: fixtureUrl('voters.csv') }] }));
    expect(textOf(viewOf(reply))).toContain('organizer role');
  });
});

describe('export', () => {
  it('returns the contacts CSV as a file only the organizer gets', async () => {
    const w = await world();
    await runningCampaign(w);
    const [reply] = await w.handle(command(owner, 'export gotv'));
    if (reply?.kind !== 'file') throw new Error(`expected a file, got ${reply?.kind}`);
    const csv = reply.file.content.toString().replace(/^\ufeff/, '');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^phone,first_name,last_name,zip,state,language,status,volunteer/);
    expect(csv).toContain('+12125550101,Maria,Lopez');
    expect(reply.view.text).toContain('contacts of Get out the vote');
    const [messages] = await w.handle(command(owner, 'export gotv messages'));
    expect(messages?.kind).toBe('file');
    expect(textOf(viewOf((await w.handle(command(ana, 'export gotv')))[0]))).toContain('organizer role');
  });
});

describe('opt-out list (R1.2, R1.4c, R1.7)', () => {
  it('add, check, remove an organizer entry; a voter STOP cannot be removed by an organizer', async () => {
    const w = await world();
    await runningCampaign(w);
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    expect(textOf(viewOf((await w.handle(command(owner, 'optout add (212) 555-0102')))[0]))).toContain('(212) •••-0102 is on the opt-out list');
    // The not-yet-texted contact with that phone is opted out at once.
    const statuses: string[] = [];
    for await (const c of w.store.contacts.streamByCampaign(org.id, (await w.store.campaigns.findBySlug(org.id, 'gotv'))!.id)) if (c.phone === '+12125550102') statuses.push(c.status);
    expect(statuses).toEqual(['opted_out']);
    expect(textOf(viewOf((await w.handle(command(owner, 'optout add 2125550102')))[0]))).toContain('already');
    expect(textOf(viewOf((await w.handle(command(owner, 'optout check +1 212 555 0102')))[0]))).toContain('added by an organizer');
    expect(textOf(viewOf((await w.handle(command(owner, 'optout remove 212.555.0102')))[0]))).toContain('was removed');
    expect(await w.store.optOuts.isOptedOut(org.id, '+12125550102')).toBe(false);
    // A voter's own opt-out stays until they text START (R1.7).
    await w.store.optOuts.record(org.id, { orgId: org.id, phone: '+12125550103', source: 'keyword', rule: 'keyword:STOP', at: w.clock.now() });
    expect(textOf(viewOf((await w.handle(command(owner, 'optout remove 2125550103')))[0]))).toContain('Only they can undo it, by texting START');
    expect(await w.store.optOuts.isOptedOut(org.id, '+12125550103')).toBe(true);
    expect(textOf(viewOf((await w.handle(command(owner, 'optout check 555')))[0]))).toContain('not a phone number I can use');
    const actions = (await w.store.audit.list(org.id)).map((e) => e.action).filter((a) => a.startsWith('optout.'));
    expect(actions.sort()).toEqual(['optout.lifted', 'optout.recorded']);
  });

  it('imports an opt-out list from a CSV', async () => {
    const w = await world();
    await runningCampaign(w);
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    const [reply] = await w.handle(command(owner, 'optout import', { attachments: [{ name: 'optouts.csv', url: fixtureUrl('optouts.csv') }] }));
    const text = textOf(viewOf(reply));
    expect(viewOf(reply).text).toBe('Opt-out list optouts.csv: 2 new numbers added (4 rows).');
    expect(text).toContain('Line 4: not a phone number');
    expect(await w.store.optOuts.isOptedOut(org.id, '+16465550110')).toBe(true);
    expect(await w.store.optOuts.isOptedOut(org.id, '+16465550111')).toBe(true);
    expect(textOf(viewOf((await w.handle(command(owner, 'optout import')))[0]))).toContain('Attach a CSV file with a phone column.');
  });
});
