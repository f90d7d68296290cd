// `/textbank import [campaign]` with a CSV attached (or a form with a file field when the
// platform cannot attach files to commands). Shows progress while the file is read, then the
// report: imported, duplicates, opted out (R1.2: never imported), invalid lines, missing fields.
import { UserError } from '../core/errors.js';
import type { Campaign } from '../core/model/campaign.js';
import { templateFields } from '../core/scripts/template.js';
import type { Reply } from '../core/views/view.js';
import { CampaignValue, MODAL } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { FileSource, Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { refreshPost } from './support/post.js';
import { ephemeral, type Ctx } from './support/results.js';
import { importProgressView, importReportView } from './views/files.js';

const PROGRESS_EVERY_MS = 1_000;

/**
 * The attached file. Only platform attachments are accepted (their URLs come from Slack, Discord or
 * the sandbox, never from what a person typed), so a command can never make the server fetch an
 * arbitrary address.
 */
export function sourceOf(ctx: Ctx): (FileSource & { name: string }) | null {
  const attachment = ctx.attachments[0];
  return attachment ? { url: attachment.url, name: attachment.name } : null;
}

/** Every merge field the campaign's texts use, so the report can say which no column provides. */
export function campaignFields(campaign: Campaign): string[] {
  const names = new Set<string>();
  for (const set of Object.values(campaign.scripts)) {
    if (!set) continue;
    for (const f of templateFields(set.initial)) names.add(f);
    for (const fu of set.followUps) for (const f of templateFields(fu.text)) names.add(f);
  }
  return [...names];
}

export async function runImport(ctx: Ctx, campaign: Campaign, source: FileSource & { name: string }): Promise<Reply> {
  const { files, clock, store } = ctx.services;
  const inv = ctx.invocation;
  const interim = inv.kind === 'command' || inv.kind === 'modal' ? inv.interim : undefined;
  let shown: Promise<void> = Promise.resolve();
  const show = (rows: number, bytes: number, totalBytes?: number): void => {
    if (!interim) return;
    const view = importProgressView(ctx.t, { fileName: source.name, rows, bytes, ...(totalBytes === undefined ? {} : { totalBytes }), lang: ctx.lang });
    shown = shown.then(() => interim(ephemeral(view))).catch(() => undefined);
  };
  show(0, 0);
  let last = clock.now().getTime();
  const report = await files.importCsv({
    orgId: ctx.org.id,
    campaignId: campaign.id,
    source: 'url' in source ? { url: source.url, name: source.name } : { path: source.path },
    templateFields: campaignFields(campaign),
    onProgress: (p) => {
      const now = clock.now().getTime();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      show(p.rows, p.bytes, p.totalBytes);
    },
  });
  await shown;
  await store.audit.append({
    orgId: ctx.org.id,
    at: clock.now(),
    actor: { type: 'member', id: ctx.member.id, name: ctx.member.displayName },
    action: 'contacts.imported',
    subject: { type: 'campaign', id: campaign.id },
    data: { file: source.name, rows: report.rows, imported: report.imported, duplicates: report.duplicates, optedOut: report.optedOut, invalid: report.invalidTotal },
  });
  await refreshPost(ctx.services, ctx.org.id, campaign.id);
  return ephemeral(importReportView(ctx.t, { report, campaignName: campaign.name, fileName: source.name, lang: ctx.lang }));
}

export const importCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['import'],
  descriptionKey: 'commands:descriptions.import',
  options: [campaignOption, { name: 'file', type: 'attachment', descriptionKey: 'commands:options.file' }],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    const source = sourceOf(ctx);
    if (source) return runImport(ctx, campaign, source);
    return {
      kind: 'modal',
      modal: {
        id: MODAL.import,
        title: ctx.t('commands:import.modal_title'),
        submitLabel: ctx.t('commands:import.modal_submit'),
        privateValue: campaign.id,
        inputs: [{ id: 'file', label: ctx.t('commands:import.modal_file'), kind: 'file', hint: ctx.t('commands:import.modal_hint') }],
      },
    };
  },
});

export const importModal: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: MODAL.import,
  kind: 'modal',
  role: 'organizer',
  valueSchema: CampaignValue,
  async handler(ctx, campaignId) {
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    if (campaign.status === 'archived') throw new UserError('engine:campaign.archived', { slug: campaign.slug });
    const source = sourceOf(ctx);
    if (!source) return { kind: 'modalErrors', errors: { file: ctx.t('commands:import.no_file') } };
    return runImport(ctx, campaign, source);
  },
});
