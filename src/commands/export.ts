// `/textbank export [campaign] [kind]`: the campaign's contacts (with survey answers, tags and
// the opt-out flag) or its message log, as a CSV file for the organizer only.
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { exportReadyView } from './views/files.js';
import { vanExportReadyView } from './views/crm.js';

export const exportCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['export'],
  descriptionKey: 'commands:descriptions.export',
  options: [campaignOption, { name: 'kind', type: 'string', descriptionKey: 'crm:options.export_kind', choices: ['contacts', 'messages', 'van'] }],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    const kind = options.kind === 'messages' ? 'messages' : options.kind === 'van' ? 'van' : 'contacts';
    const file = await ctx.services.files.exportCsv({ orgId: ctx.org.id, campaignId: campaign.id, kind });
    const view = kind === 'van'
      ? vanExportReadyView(ctx.t, { campaignName: campaign.name, fileName: file.name, rows: file.rows ?? 0, noVanId: file.skipped?.noVanId ?? 0, lang: ctx.lang })
      : exportReadyView(ctx.t, { campaignName: campaign.name, kind, fileName: file.name });
    await ctx.services.store.audit.append({
      orgId: ctx.org.id,
      at: ctx.now,
      actor: { type: 'member', id: ctx.member.id, name: ctx.member.displayName },
      action: 'campaign.exported',
      subject: { type: 'campaign', id: campaign.id },
      data: { kind, file: file.name },
    });
    return {
      kind: 'file',
      file: { name: file.name, content: file.content, title: campaign.name },
      view,
    };
  },
});
