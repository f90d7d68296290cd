// The sandbox demo campaign: real engine, memory store and the CSV import over the bundled
// sample voters (tests are a composition point, so the files adapter is imported here).
import { describe, expect, it } from 'vitest';
import { loadDemo, demoCampaignInput, type DemoDeps } from '../../../src/adapters/web/demo.js';
import { openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { ContactImporter } from '../../../src/core/contacts/import/importer.js';
import { lintCampaign, hasErrors } from '../../../src/core/campaigns/campaign-lint.js';
import { harness } from '../../core/engine/harness.js';
import { realTranslate } from './support.js';

async function demoDeps(h: Awaited<ReturnType<typeof harness>>): Promise<DemoDeps> {
  const t = await realTranslate();
  return {
    campaigns: h.engine.campaigns,
    store: h.store,
    t,
    importCsv: async (input) => {
      const src = await openCsvFile(input.source.path);
      return new ContactImporter(h.store, h.clock).run(src.records, { orgId: input.orgId, campaignId: input.campaignId, ...(input.templateFields ? { templateFields: input.templateFields } : {}) });
    },
  };
}

describe('sandbox demo campaign', () => {
  it('creates, imports the 40 sample voters and the 20 further demo voters (60: above the guardrail\'s 50-outcome minimum) and starts a campaign whose scripts pass lint (R3.1, R3.2)', async () => {
    const h = await harness();
    const deps = await demoDeps(h);
    const result = await loadDemo(deps, h.org.id, h.organizer.id);
    expect(result).toMatchObject({ slug: 'demo', imported: 60 });
    const campaign = await h.store.campaigns.get(h.org.id, result.campaignId);
    expect(campaign).toMatchObject({ status: 'active', channelId: 'campaign', batchSize: 10, counters: { contacts: 60 } });
    if (!campaign) return;
    expect(hasErrors(lintCampaign(campaign, h.org.name))).toBe(false);
    expect(campaign.scripts.en?.initial).toMatch(/\{orgName\}.*Reply STOP to opt out\./);
    expect(campaign.scripts.es?.initial).toMatch(/\{orgName\}.*Responde STOP o ALTO para no recibir más mensajes\./);
    expect(campaign.survey[0]?.answers.map((a) => a.id)).toEqual(['yes', 'no', 'maybe']);
    expect(campaign.cannedReplies.map((c) => c.id)).toEqual(['thanks', 'where', 'wrong_number']);
    for (const c of campaign.cannedReplies) expect(Object.keys(c.text).sort()).toEqual(['en', 'es']);
    const byStatus = await h.store.contacts.countByStatus(h.org.id, campaign.id);
    expect(byStatus.pending).toBe(60);
  });

  it('a second demo gets its own slug; a volunteer may not load one', async () => {
    const h = await harness();
    const deps = await demoDeps(h);
    await loadDemo(deps, h.org.id, h.organizer.id);
    expect((await loadDemo(deps, h.org.id, h.organizer.id)).slug).toBe('demo-2');
    await expect(loadDemo(deps, h.org.id, h.volunteers[0]?.id ?? '')).rejects.toMatchObject({ identifier: 'engine:auth.forbidden' });
  });

  it('labels follow the org language while voter texts are in both languages', async () => {
    const t = await realTranslate();
    const es = demoCampaignInput(t, 'es', 'demo', 'campaign', 10);
    expect(es.name).toBe('Salir a votar (demostración)');
    expect(es.survey?.[0]?.text).toBe('¿Va a votar?');
    expect(es.cannedReplies?.[0]?.text).toMatchObject({ en: expect.stringContaining('Thank you'), es: expect.stringContaining('Gracias') });
  });
});
