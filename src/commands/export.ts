// `/textbank export [campaign] [kind]`: the campaign's contacts (with survey answers, tags and
// the opt-out flag) or its message log, as a CSV file for the organizer only.
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { exportReadyView } from './views/files.js';
import { vanExportReadyView } from './views/crm.js';
import { errorView } from './framework/error-view.js';
import { readSegment, segmentInWords, segmentOptions } from './support/segment-options.js';
import { isEmptySegment } from '../core/segments/match.js';
import { countsLine } from './views/followups.js';
import type { Block, View } from '../core/views/view.js';
import { auditByMember } from './support/member-audit.js';

/** The export's answer with the segment it took and its counts under it. */
function withSegment(view: View, extra: Block[]): View {
  return { ...view, blocks: [...view.blocks, ...extra] };
}

export const exportCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['export'],
  descriptionKey: 'commands:descriptions.export',
  // Filters (`answer:support=yes`, `lang:es`...) export only the matching contacts.
  options: [campaignOption, { name: 'kind', type: 'string', descriptionKey: 'crm:options.export_kind', choices: ['contacts', 'messages', 'van'] }, ...segmentOptions],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    const kind = options.kind === 'messages' ? 'messages' : options.kind === 'van' ? 'van' : 'contacts';
    const segment = await readSegment(ctx, campaign, options);
    const filtered = !isEmptySegment(segment);
    if (filtered && kind !== 'contacts') return errorView(ctx.t, 'followups:export.contacts_only');
    const file = await ctx.services.files.exportCsv({ orgId: ctx.org.id, campaignId: campaign.id, kind, ...(filtered ? { segment } : {}) });
    const view = kind === 'van'
      ? vanExportReadyView(ctx.t, { campaignName: campaign.name, fileName: file.name, rows: file.rows ?? 0, noVanId: file.skipped?.noVanId ?? 0, lang: ctx.lang })
      : withSegment(exportReadyView(ctx.t, { campaignName: campaign.name, kind, fileName: file.name }), filtered ? [
        { type: 'context', text: ctx.t('followups:export.segment', { segment: segmentInWords(ctx, campaign, segment) }) },
        { type: 'context', text: countsLine(ctx.t, await ctx.services.store.contacts.countSegment(ctx.org.id, [campaign.id], segment), ctx.lang) },
      ] : []);
    await auditByMember(ctx, {
      action: 'campaign.exported',
      subject: { type: 'campaign', id: campaign.id },
      data: { kind, file: file.name, ...(filtered ? { segment } : {}) },
    });
    return {
      kind: 'file',
      file: { name: file.name, content: file.content, title: campaign.name },
      view,
    };
  },
});
