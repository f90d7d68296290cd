// `/textbank stats [campaign]`: progress, delivery, reply and opt-out rates, top volunteers and
// survey results, from counters (never a scan). The text answer is complete on its own (screen
// readers); when the app has a chart renderer, a PNG chart of the same numbers follows as a file
// with an alt text. A chart that cannot be drawn only adds a short note to the text.
import type { Reply } from '../core/views/view.js';
import type { CampaignStats } from '../core/stats/stats-service.js';
import { defineCommand, type CommandDefinition, type HandlerContext } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply } from './support/results.js';
import { statsChart } from './views/stats-chart.js';
import { statsView } from './views/stats.js';
import { inline } from './views/text.js';

/** The chart as a file reply, or why there is none (no renderer: text only; failed: a note). */
async function chartReply(ctx: HandlerContext<Services>, s: CampaignStats): Promise<Reply | 'none' | 'failed'> {
  const charts = ctx.services.charts;
  if (!charts) return 'none';
  const chart = statsChart(ctx.t, s, ctx.lang);
  try {
    const png = await charts.statsPng(chart);
    const title = ctx.t('charts:file_title', { name: inline(s.name) });
    return {
      kind: 'file',
      file: { name: `stats-${s.slug}.png`, content: png, title: chart.alt },
      view: { text: title, blocks: [{ type: 'section', text: title }] },
    };
  } catch {
    return 'failed';
  }
}

export const statsCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['stats'],
  descriptionKey: 'commands:descriptions.stats',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true, implicit: ['active', 'paused'] });
    const result = await ctx.services.engine.stats.campaignStats(ctx.org.id, campaign.id);
    if (!result.ok) return failureReply(ctx, result);
    const names = new Map<string, string>();
    for (const v of result.stats.volunteers.slice(0, 10)) {
      const m = await ctx.services.store.members.get(ctx.org.id, v.volunteerId);
      if (m) names.set(m.id, m.displayName);
    }
    const view = statsView(ctx.t, result.stats, names, ctx.lang);
    const chart = await chartReply(ctx, result.stats);
    if (chart === 'none') return ephemeral(view);
    if (chart === 'failed') return ephemeral({ ...view, blocks: [...view.blocks, { type: 'context', text: ctx.t('charts:unavailable') }] });
    return [ephemeral(view), chart];
  },
});
