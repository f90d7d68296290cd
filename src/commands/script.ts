// `/textbank script show|edit`. Show: the first message and follow-ups per language with segment
// counts and live lint findings (R3.1-R3.6). Edit: a form for one language (first message,
// follow-ups, canned replies), saved through the engine, which re-lints (a running campaign
// refuses a script with errors).
import { UserError } from '../core/errors.js';
import { isFailure } from '../core/campaigns/result.js';
import { SUPPORTED_LANGS, type Lang } from '../core/model/common.js';
import type { Campaign } from '../core/model/campaign.js';
import type { Reply } from '../core/views/view.js';
import { MODAL, ScriptModalValue, ids } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { formatLabeledLines, mergeCanned, parseLabeledLines, scriptSetFrom } from './support/script-form.js';
import { findingsBlocks } from './views/campaign.js';
import { scriptView } from './views/script.js';

const langOption: OptionSpec = { name: 'lang', type: 'string', descriptionKey: 'commands:options.lang', choices: SUPPORTED_LANGS };

async function showScript(ctx: Ctx, campaign: Campaign): Promise<Reply> {
  const findings = await ctx.services.engine.campaigns.lint(ctx.org.id, campaign.id);
  if (isFailure(findings)) return failureReply(ctx, findings);
  return ephemeral(scriptView(ctx.t, campaign, findings));
}

export const scriptShowCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['script', 'show'],
  descriptionKey: 'commands:descriptions.script_show',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    return showScript(ctx, await resolveCampaign(ctx, options.campaign, { allowArchived: true }));
  },
});

export const scriptEditCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['script', 'edit'],
  descriptionKey: 'commands:descriptions.script_edit',
  options: [campaignOption, langOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    const lang: Lang = options.lang === 'es' || options.lang === 'en' ? options.lang : ctx.lang;
    const set = campaign.scripts[lang];
    const canned = campaign.cannedReplies.flatMap((c) => (c.text[lang] ? [{ label: c.label, text: c.text[lang] as string }] : []));
    const language = ctx.t(`commands:lang.${lang}`);
    return {
      kind: 'modal',
      modal: {
        id: MODAL.script,
        title: ctx.t('commands:script.modal_title', { lang: language }),
        submitLabel: ctx.t('commands:script.modal_submit'),
        privateValue: ids(campaign.id, lang),
        inputs: [
          { id: 'initial', label: ctx.t('commands:script.modal_initial', { lang: language }), kind: 'textarea', initial: set?.initial ?? '', optional: true, hint: ctx.t(`commands:script.modal_initial_hint_${lang}`) },
          { id: 'follow_ups', label: ctx.t('commands:script.modal_follow_ups'), kind: 'textarea', initial: formatLabeledLines(set?.followUps ?? []), optional: true, hint: ctx.t('commands:script.modal_lines_hint') },
          { id: 'canned', label: ctx.t('commands:script.modal_canned'), kind: 'textarea', initial: formatLabeledLines(canned), optional: true, hint: ctx.t('commands:script.modal_lines_hint') },
        ],
      },
    };
  },
});

export const scriptModal: InteractionDefinition<Services, [string, Lang]> = defineInteraction<Services, [string, Lang]>({
  id: MODAL.script,
  kind: 'modal',
  role: 'organizer',
  valueSchema: ScriptModalValue,
  async handler(ctx, [campaignId, lang], fields) {
    const { engine, store } = ctx.services;
    const campaign = await store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    const followUps = parseLabeledLines(fields.follow_ups);
    const canned = parseLabeledLines(fields.canned);
    const errors: Record<string, string> = {};
    if (!followUps.ok) errors.follow_ups = ctx.t('commands:script.bad_line', { line: followUps.line });
    if (!canned.ok) errors.canned = ctx.t('commands:script.bad_line', { line: canned.line });
    if (!followUps.ok || !canned.ok) return { kind: 'modalErrors', errors };

    const scripts = { ...campaign.scripts };
    const set = scriptSetFrom(fields.initial ?? '', followUps.items, campaign.scripts[lang]);
    if (set) scripts[lang] = set;
    else delete scripts[lang];
    const saved = await engine.campaigns.updateScripts(ctx.org.id, campaignId, scripts, ctx.member.id);
    if (!saved.ok) {
      const reply = failureReply(ctx, saved);
      if (reply.kind === 'ephemeral' && saved.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, saved.findings));
      return reply;
    }
    const merged = mergeCanned(campaign.cannedReplies, lang, canned.items);
    if (JSON.stringify(merged) !== JSON.stringify(campaign.cannedReplies)) {
      const r = await engine.campaigns.updateCannedReplies(ctx.org.id, campaignId, merged, ctx.member.id);
      if (!r.ok) {
        const reply = failureReply(ctx, r);
        if (reply.kind === 'ephemeral' && r.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, r.findings));
        return reply;
      }
    }
    const fresh = (await store.campaigns.get(ctx.org.id, campaignId)) ?? saved.campaign;
    const shown = await showScript(ctx, fresh);
    if (shown.kind === 'ephemeral') shown.view.blocks.unshift({ type: 'section', text: `✅ ${ctx.t('commands:script.saved', { lang: ctx.t(`commands:lang.${lang}`) })}` });
    return shown;
  },
});
