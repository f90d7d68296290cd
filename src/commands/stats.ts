// `/textbank stats [campaign]`: progress, delivery, reply and opt-out rates, top volunteers and
// survey results, from counters (never a scan).
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply } from './support/results.js';
import { statsView } from './views/stats.js';

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
    return ephemeral(statsView(ctx.t, result.stats, names, ctx.lang));
  },
});
