// `/textbank lookup` end to end over the commands: the plan (count, cached, cost) with its Run
// button, the press (role checked again) that starts the `lookup.run` job, one progress message
// edited into the report, in English and Spanish; the sandbox demo, whose simulated landlines
// and VoIP numbers are marked and never claimed; no credit; and the org setting that makes a
// campaign start wait for a lookup.
import { describe, expect, it } from 'vitest';
import { createDemoLoader } from '../../src/adapters/web/demo.js';
import { createSimulatedLookup, type SimulatedLookup } from '../../src/adapters/lookup/index.js';
import { ACTION } from '../../src/commands/actions.js';
import { createLookupRunJob } from '../../src/commands/lookup-job.js';
import type { Contact } from '../../src/core/model/contact.js';
import type { Reply } from '../../src/core/views/view.js';
import { realTranslate } from '../adapters/web/support.js';
import { ana, CHANNEL, owner, runningCampaign } from './support/scenario.js';
import { button, command, i18n, press, textOf, translatorOf, viewOf, world, type World } from './support/world.js';

const said = (replies: Reply[]): string => replies.map((r) => ('view' in r ? textOf(r.view) : r.kind)).join('\n');

async function withLookup(w: World, lookup: SimulatedLookup = createSimulatedLookup()): Promise<SimulatedLookup> {
  Object.assign(w.services, { lookups: { unitPrice: 0.008, currency: 'USD', enqueue: (job: unknown) => w.queue.enqueue('lookup.run', job) } });
  const job = createLookupRunJob({
    store: w.store, clock: w.clock, lookup, ratePerSecond: 1_000, unitPrice: 0.008, currency: 'USD',
    gateways: { sandbox: w.gateway }, translator: translatorOf(await i18n()), progressEveryMs: 0, batchSize: 5,
    sleep: async (ms) => w.clock.advance(ms),
  });
  w.queue.process('lookup.run', async (p) => void (await job.handle(p)));
  return lookup;
}

async function contactsOf(w: World, orgId: string, campaignId: string): Promise<Contact[]> {
  const out: Contact[] = [];
  for await (const c of w.store.contacts.streamByCampaign(orgId, campaignId)) out.push(c);
  return out;
}

describe('/textbank lookup', () => {
  it('done when: on the sandbox demo it marks the simulated landlines and VoIP numbers, and no claim ever gets them', async () => {
    const t = await realTranslate();
    const box: { w?: World } = {};
    const w = await world({ sandbox: { loadDemo: (orgId, memberId) => {
      const at = box.w as World;
      return createDemoLoader({ campaigns: at.engine.campaigns, store: at.store, importCsv: (input) => at.services.files.importCsv(input), t }).loadDemo(orgId, memberId);
    } } });
    box.w = w;
    const lookup = await withLookup(w);
    await w.handle(command(owner, 'setup "Texas Forward"'));
    await w.handle(command(owner, 'sandbox demo', { channelId: CHANNEL }));
    const org = await w.store.orgs.findByExternal('sandbox', 'T-texas');
    const demo = await w.store.campaigns.findBySlug(org?.id ?? '', 'demo');
    if (!org || !demo) throw new Error('no demo');

    const plan = viewOf((await w.handle(command(owner, 'lookup demo')))[0]);
    expect(textOf(plan)).toMatch(/Number lookup for/);
    expect(textOf(plan)).toMatch(/Contacts to check[\s\S]*60/);
    expect(textOf(plan)).toMatch(/\$0\.48/);
    const run = button(plan, ACTION.lookupRun);
    expect(run.value).toBe(demo.id);
    // A volunteer's press is refused: the button carries an id, never authority.
    expect(said(await w.handle(press(ana, ACTION.lookupRun, run.value)))).not.toMatch(/started/);
    await w.settle();
    expect(lookup.asked).toHaveLength(0);

    const [started] = await w.handle(press(owner, ACTION.lookupRun, run.value));
    expect(started?.kind).toBe('update');
    expect(said([started as Reply])).toMatch(/started/);
    await w.settle();
    expect(lookup.asked).toHaveLength(60);

    const dm = w.gateway.of('dm').at(-1);
    const edits = w.gateway.of('update').filter((u) => u.ref?.messageId === dm?.ref?.messageId);
    expect(edits.length).toBeGreaterThan(1);
    expect(textOf(edits[0]?.view ?? { text: '', blocks: [] })).toMatch(/contacts checked/);
    const report = textOf(edits.at(-1)?.view ?? { text: '', blocks: [] });
    expect(report).toMatch(/is done/);
    expect(report).toMatch(/never claim|no claim/i);

    const contacts = await contactsOf(w, org.id, demo.id);
    const untextable = contacts.filter((c) => c.lineType === 'landline' || c.lineType === 'voip');
    expect(untextable.length).toBeGreaterThanOrEqual(4);
    expect(untextable.every((c) => c.status === 'landline')).toBe(true);
    expect(contacts.filter((c) => /7$/.test(c.phone)).every((c) => c.lineType === 'landline')).toBe(true);

    // Claims, through chat and straight from the store with every window, never take them.
    await w.handle(command(ana, 'claim demo', { channelId: CHANNEL }));
    const keys = await w.store.contacts.pendingWindowKeys(org.id, demo.id);
    const claim = await w.store.claims.create(org.id, { campaignId: demo.id, volunteerId: 'm-x', now: w.clock.now() });
    await w.store.contacts.claimPending({ orgId: org.id, campaignId: demo.id, claimId: claim.id, volunteerId: 'm-x', limit: 100, windowKeys: keys, now: w.clock.now() });
    const after = await contactsOf(w, org.id, demo.id);
    const taken = after.filter((c) => c.claimId !== undefined);
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.some((c) => c.lineType === 'landline' || c.lineType === 'voip')).toBe(false);
    expect(after.filter((c) => c.lineType === 'landline' || c.lineType === 'voip').every((c) => c.status === 'landline' && c.claimId === undefined)).toBe(true);

    // Looking the campaign up again finds nothing to pay for.
    expect(said(await w.handle(command(owner, 'lookup demo')))).toMatch(/nothing to look up/);
  });

  it('speaks Spanish: the plan, the progress and the report; numbers known from another campaign cost nothing', async () => {
    const w = await world();
    const lookup = await withLookup(w);
    const { org, campaignId } = await runningCampaign(w);
    const es = { ...owner, locale: 'es-419' };
    const plan = viewOf((await w.handle(command(es, 'lookup gotv')))[0]);
    expect(textOf(plan)).toMatch(/Consulta de números para/);
    expect(textOf(plan)).toMatch(/Costo estimado/);
    expect(said(await w.handle(press(es, ACTION.lookupRun, button(plan, ACTION.lookupRun).value)))).toMatch(/Empezó la consulta/);
    await w.settle();
    const report = textOf(w.gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] });
    expect(report).toMatch(/Terminó la consulta de números/);
    expect(report).toMatch(/Móvil/);
    const asked = lookup.asked.length;
    expect(asked).toBe((await contactsOf(w, org.id, campaignId)).filter((c) => c.lineType !== undefined).length);
  });

  it('with no credit, says so in the reader\'s language and changes nothing', async () => {
    for (const [locale, pattern] of [['en-US', /no credit left/], ['es-419', /no tiene saldo/]] as const) {
      const w = await world();
      const lookup = await withLookup(w, createSimulatedLookup({ credit: 0 }));
      const { org, campaignId } = await runningCampaign(w);
      const who = { ...owner, locale };
      const before = await contactsOf(w, org.id, campaignId);
      const plan = viewOf((await w.handle(command(who, 'lookup gotv')))[0]);
      await w.handle(press(who, ACTION.lookupRun, button(plan, ACTION.lookupRun).value));
      await w.settle();
      const report = textOf(w.gateway.of('update').at(-1)?.view ?? { text: '', blocks: [] });
      expect(report).toMatch(pattern);
      expect(report).not.toMatch(/no_credit/);
      expect(lookup.asked).toHaveLength(0);
      expect(await contactsOf(w, org.id, campaignId)).toEqual(before);
    }
  });

  it('an org can require a lookup before a campaign starts', async () => {
    const w = await world();
    await withLookup(w);
    const { org } = await runningCampaign(w, { start: false });
    const saved = said(await w.handle(command(owner, 'settings require_lookup:true')));
    expect(saved).toMatch(/Required/);
    expect((await w.store.orgs.get(org.id))?.requireLookup).toBe(true);
    const refused = said(await w.handle(command(owner, 'campaign start gotv')));
    expect(refused).toMatch(/requires a number lookup/);
    expect(refused).toMatch(/lookup gotv/);
    expect((await w.store.campaigns.findBySlug(org.id, 'gotv'))?.status).toBe('draft');
    const es = said(await w.handle(command({ ...owner, locale: 'es-419' }, 'campaign start gotv')));
    expect(es).toMatch(/exige una consulta de números/);

    const plan = viewOf((await w.handle(command(owner, 'lookup gotv')))[0]);
    await w.handle(press(owner, ACTION.lookupRun, button(plan, ACTION.lookupRun).value));
    await w.settle();
    expect(said(await w.handle(command(owner, 'campaign start gotv')))).toMatch(/is running/);
  });

  it('says the feature is unavailable where no lookup is wired, and is in help', async () => {
    const w = await world();
    await runningCampaign(w);
    expect(said(await w.handle(command(owner, 'lookup gotv')))).toMatch(/not available/);
    expect(said(await w.handle(command(owner, 'help')))).toMatch(/lookup/);
  });
});
