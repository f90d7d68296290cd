/**
 * The sandbox demo: a ready campaign over the bundled sample voters (and 20 more), so a first-time visitor can
 * claim and send at once. The script names the org ({orgName}, R3.1) and carries opt-out
 * language in English and Spanish (R3.2); it has one survey question and canned replies. The
 * app passes the engine's campaign service, the store and its CSV import (no other adapter is
 * imported here). Only used in sandbox mode (simulated carrier).
 */
import { UserError } from '../../core/errors.js';
import type { CampaignService, CreateCampaignInput } from '../../core/campaigns/campaign-service.js';
import type { Lang } from '../../core/model/common.js';
import type { Store } from '../../core/ports.js';
import { demoExtraCsvPath, sampleCsvPath } from './assets.js';
import type { SandboxTranslate } from './page-strings.js';

export interface DemoDeps {
  campaigns: Pick<CampaignService, 'create' | 'start'>;
  store: Store;
  /** The app's CSV import (FileService.importCsv) over a local path. */
  importCsv(input: { orgId: string; campaignId: string; source: { path: string }; templateFields?: readonly string[] }): Promise<{ imported: number }>;
  t: SandboxTranslate;
  /** Channel the demo campaign belongs to (default 'campaign', the sandbox's #campaign). */
  channelId?: string;
  /** The review channel the demo gives an org that has none (the sandbox's #review). */
  reviewChannelId?: string;
  /** Contacts per claim (default 10: a visitor sees a few cards, not fifty). */
  batchSize?: number;
  csvPath?: string;
  /** A second voter list imported after the first (default the demo's 20 further voters; null: none). */
  extraCsvPath?: string | null;
}

export interface DemoResult {
  campaignId: string;
  slug: string;
  imported: number;
}

/** The demo campaign's texts, each voter-facing one in English and Spanish. */
export function demoCampaignInput(t: SandboxTranslate, lang: Lang, slug: string, channelId: string, batchSize: number): CreateCampaignInput {
  const both = (key: string) => ({ en: t('en', `sandbox:demo.${key}`), es: t('es', `sandbox:demo.${key}`) });
  const label = (key: string) => t(lang, `sandbox:demo.${key}`);
  return {
    slug,
    name: label('campaignName'),
    channelId,
    batchSize,
    scripts: { en: { initial: t('en', 'sandbox:demo.script'), followUps: [] }, es: { initial: t('es', 'sandbox:demo.script'), followUps: [] } },
    survey: [
      {
        id: 'vote',
        text: label('question'),
        answers: [
          { id: 'yes', label: label('answerYes'), reply: both('replyYes') },
          { id: 'no', label: label('answerNo') },
          { id: 'maybe', label: label('answerMaybe'), reply: both('replyMaybe') },
        ],
      },
    ],
    cannedReplies: [
      { id: 'thanks', label: label('cannedThanks'), text: both('cannedThanksText') },
      { id: 'where', label: label('cannedWhere'), text: both('cannedWhereText') },
      { id: 'wrong_number', label: label('cannedWrong'), text: both('cannedWrongText') },
    ],
  };
}

/** Loads the demo for `memberId` (an organizer): create, import the sample voters, start. */
export async function loadDemo(deps: DemoDeps, orgId: string, memberId: string): Promise<DemoResult> {
  const org = await deps.store.orgs.get(orgId);
  if (!org) throw new UserError('engine:org.not_found');
  let slug = 'demo';
  for (let n = 2; (await deps.store.campaigns.findBySlug(orgId, slug)) && n < 100; n += 1) slug = `demo-${n}`;
  // The sample voters include Florida ones: their first text carries the "Paid for by" disclaimer (R3.3).
  const input = { ...demoCampaignInput(deps.t, org.defaultLocale, slug, deps.channelId ?? 'campaign', deps.batchSize ?? 10), disclaimer: { text: deps.t(org.defaultLocale, 'sandbox:demo.disclaimer', { orgName: org.name }) } };
  const created = await deps.campaigns.create(orgId, input, memberId);
  if (!created.ok) throw new UserError(created.reason, created.params);
  const campaignId = created.campaign.id;
  const templateFields = ['firstName', 'texterName', 'orgName', 'disclaimer'];
  const report = await deps.importCsv({ orgId, campaignId, source: { path: deps.csvPath ?? sampleCsvPath() }, templateFields });
  // The deliverability guardrail judges a campaign only once 50 carrier outcomes are in its window
  // (fewer would make one unlucky number a warning). The demo gets 20 more voters than the 40 of
  // the sample list, so "Simulate carrier filtering" can show the real rule pausing first texts:
  // the sandbox runs production's thresholds and minimum sample, nothing lowered for the demo
  // (51 remain after a lookup takes out the sample's landlines and VoIP lines).
  const extraPath = deps.extraCsvPath === undefined ? demoExtraCsvPath() : deps.extraCsvPath;
  const extra = extraPath ? await deps.importCsv({ orgId, campaignId, source: { path: extraPath }, templateFields }) : { imported: 0 };
  const started = await deps.campaigns.start(orgId, campaignId, memberId);
  if (!started.ok) throw new UserError(started.reason, started.params);
  // Supervision is part of the tour: probable opt-outs, unsure replies and unknown numbers show in
  // #review. Holding new volunteers' first replies stays off unless set (`settings review_hold:3`),
  // so a visitor's first typed answer is texted at once.
  if (deps.reviewChannelId && !org.review?.channelId) {
    await deps.store.orgs.update(orgId, { review: { ...org.review, channelId: deps.reviewChannelId, holdFirstReplies: org.review?.holdFirstReplies ?? 0 } });
  }
  return { campaignId, slug, imported: report.imported + extra.imported };
}

/** A SandboxService (src/commands/services.ts) over these deps. */
export function createDemoLoader(deps: DemoDeps): { loadDemo(orgId: string, memberId: string): Promise<DemoResult> } {
  return { loadDemo: (orgId, memberId) => loadDemo(deps, orgId, memberId) };
}
