// Track links: one press in the script view turns the plain http(s) links of the campaign's first
// messages into tracked links (`{link:<url>}`), saved through the engine (which re-lints, R3.5).
// The pressing member is re-checked as an organizer of this org; the button carries only the id.
import { isFailure } from '../core/campaigns/result.js';
import { UserError } from '../core/errors.js';
import { trackBareLinks } from '../core/links/track-bare-links.js';
import type { Campaign } from '../core/model/campaign.js';
import { CampaignValue } from './actions.js';
import { defineInteraction, type InteractionDefinition } from './framework/definition.js';
import { scriptViews } from './script.js';
import type { Services } from './services.js';
import { ephemeral, failureReply } from './support/results.js';
import { findingsBlocks } from './views/campaign.js';
import { noticeView } from './views/help.js';
import { LINKS_TRACK_ACTION } from './views/links.js';

/** The scripts with every first message's plain links tracked, and how many were rewritten. */
export function trackScripts(scripts: Campaign['scripts']): { scripts: Campaign['scripts']; count: number } {
  let count = 0;
  const track = (text: string): string => {
    const r = trackBareLinks(text);
    count += r.count;
    return r.text;
  };
  const out: Campaign['scripts'] = {};
  for (const [lang, set] of Object.entries(scripts) as [keyof Campaign['scripts'], NonNullable<Campaign['scripts'][keyof Campaign['scripts']]>][]) {
    const variants = (set as { variants?: { initial: string }[] }).variants;
    // A/B variants (when the script has them) are first messages too; only their text changes.
    out[lang] = { ...set, initial: track(set.initial), ...(variants ? { variants: variants.map((v) => ({ ...v, initial: track(v.initial) })) } : {}) } as typeof set;
  }
  return { scripts: out, count };
}

export const trackLinksAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: LINKS_TRACK_ACTION,
  kind: 'action',
  role: 'organizer',
  valueSchema: CampaignValue,
  async handler(ctx, campaignId) {
    const { engine, store } = ctx.services;
    const campaign = await store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    const tracked = trackScripts(campaign.scripts);
    if (tracked.count === 0) return ephemeral(noticeView(ctx.t('links:script.nothing_to_track')));
    const saved = await engine.campaigns.updateScripts(ctx.org.id, campaignId, tracked.scripts, ctx.member.id);
    if (!saved.ok) {
      const reply = failureReply(ctx, saved);
      if (reply.kind === 'ephemeral' && saved.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, saved.findings));
      return reply;
    }
    const findings = await engine.campaigns.lint(ctx.org.id, campaignId);
    if (isFailure(findings)) return failureReply(ctx, findings);
    return scriptViews(ctx.t, saved.campaign, findings, ctx.t('links:script.tracked', { count: tracked.count }), engine.config.linkBaseUrl).map((v) => ephemeral(v));
  },
});
