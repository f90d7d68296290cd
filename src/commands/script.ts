// `/textbank script show|edit`. Show: the first message and follow-ups per language with segment
// counts and live lint findings (R3.1-R3.6). Edit: a form for one language (first message,
// follow-ups, canned replies), saved through the engine, which re-lints (a running campaign
// refuses a script with errors). The form never loses text: long lists are spread over several
// fields within what every platform's modal holds, a script too long for one form is not opened
// (the organizer is told to edit in parts), and a field that arrives at its limit is refused,
// since the platform may have cut what was pasted. A long script view goes out as several
// messages rather than being cut.
import { UserError } from '../core/errors.js';
import { isFailure } from '../core/campaigns/result.js';
import { SUPPORTED_LANGS, type Lang } from '../core/model/common.js';
import { MAX_CANNED_REPLIES, MAX_CANNED_LABEL, type Campaign } from '../core/model/campaign.js';
import { MODAL_MAX, type ModalInput, type Reply, type View } from '../core/views/view.js';
import type { ScriptFinding } from '../core/campaigns/campaign-lint.js';
import { splitView } from '../core/views/split-view.js';
import { MODAL, ScriptModalValue, ids } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition, type Translate } from './framework/definition.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { chunkLines, formatLabeledLines, mergeCanned, parseLabeledLines, partIds, scriptSetFrom, submittedParts } from './support/script-form.js';
import { findingsBlocks } from './views/campaign.js';
import { scriptView } from './views/script.js';
import { noticeView } from './views/help.js';
import { editVariant, variantOption } from './script-variants.js';

const langOption: OptionSpec = { name: 'lang', type: 'string', descriptionKey: 'commands:options.lang', choices: SUPPORTED_LANGS };

/** The script as one or more views (a long script goes out as several messages, never cut). */
export function scriptViews(t: Translate, campaign: Campaign, findings: readonly ScriptFinding[], saved?: string, linkBase?: string): View[] {
  const view = scriptView(t, campaign, findings, linkBase);
  if (saved) view.blocks.unshift({ type: 'section', text: `✅ ${saved}` });
  return splitView(view, (n, total) => t('views:script.continued', { n, total }));
}

async function showScript(ctx: Ctx, campaign: Campaign, saved?: string): Promise<Reply[]> {
  const findings = await ctx.services.engine.campaigns.lint(ctx.org.id, campaign.id);
  if (isFailure(findings)) return [failureReply(ctx, findings)];
  return scriptViews(ctx.t, campaign, findings, saved, ctx.services.engine.config.linkBaseUrl).map((v) => ephemeral(v));
}

/** One list of the form as fields of at most MODAL_MAX.textLength characters (null: a line too long). */
function listInputs(ctx: Ctx, base: string, label: string, text: string): ModalInput[] | null {
  const chunks = chunkLines(text, MODAL_MAX.textLength - 1);
  if (!chunks) return null;
  const ids = partIds(base, chunks.length);
  return chunks.map((initial, i) => ({
    id: ids[i] as string,
    label: chunks.length > 1 ? ctx.t('views:script.part', { label, n: i + 1, total: chunks.length }) : label,
    kind: 'textarea' as const,
    initial,
    optional: true,
    maxLength: MODAL_MAX.textLength,
    hint: ctx.t('commands:script.modal_lines_hint'),
  }));
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
  options: [campaignOption, langOption, variantOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    const lang: Lang = options.lang === 'es' || options.lang === 'en' ? options.lang : ctx.lang;
    // An A/B variant other than A (the first message below) has a form of its own.
    const variantForm = editVariant(ctx, campaign, lang, options.variant);
    if (variantForm) return variantForm;
    const set = campaign.scripts[lang];
    const canned = campaign.cannedReplies.flatMap((c) => (c.text[lang] ? [{ label: c.label, text: c.text[lang] as string }] : []));
    const language = ctx.t(`commands:lang.${lang}`);
    const followUps = listInputs(ctx, 'follow_ups', ctx.t('commands:script.modal_follow_ups'), formatLabeledLines(set?.followUps ?? []));
    const cannedInputs = listInputs(ctx, 'canned', ctx.t('commands:script.modal_canned'), formatLabeledLines(canned));
    const needed = 1 + (followUps?.length ?? MODAL_MAX.inputs) + (cannedInputs?.length ?? MODAL_MAX.inputs);
    // An editor that could not show every line would lose them on save: say so instead.
    if (!followUps || !cannedInputs || needed > MODAL_MAX.inputs) {
      return ephemeral(noticeView(ctx.t('views:script.too_long_to_edit', { lang: language, needed, max: MODAL_MAX.inputs })));
    }
    return {
      kind: 'modal',
      modal: {
        id: MODAL.script,
        title: ctx.t('commands:script.modal_title', { lang: language }),
        submitLabel: ctx.t('commands:script.modal_submit'),
        privateValue: ids(campaign.id, lang),
        inputs: [
          { id: 'initial', label: ctx.t('commands:script.modal_initial', { lang: language }), kind: 'textarea', initial: set?.initial ?? '', optional: true, hint: ctx.t(`commands:script.modal_initial_hint_${lang}`), maxLength: MODAL_MAX.textLength },
          ...followUps,
          ...cannedInputs,
        ],
      },
    };
  },
});

type Parsed = { label: string; text: string }[];

/** One list from its submitted parts; errors name the field and line, and refuse full fields. */
function parseList(ctx: Ctx, fields: Record<string, string>, base: string, errors: Record<string, string>): Parsed {
  const items: Parsed = [];
  for (const part of submittedParts(fields, base)) {
    if (part.value.length >= MODAL_MAX.textLength) {
      errors[part.id] = ctx.t('views:script.field_full', { max: MODAL_MAX.textLength });
      continue;
    }
    const parsed = parseLabeledLines(part.value);
    if (parsed.ok) items.push(...parsed.items);
    else if (parsed.reason === 'label') errors[part.id] = ctx.t('views:script.label_too_long', { line: parsed.line, max: MAX_CANNED_LABEL });
    else errors[part.id] = ctx.t('commands:script.bad_line', { line: parsed.line });
  }
  return items;
}

export const scriptModal: InteractionDefinition<Services, [string, Lang]> = defineInteraction<Services, [string, Lang]>({
  id: MODAL.script,
  kind: 'modal',
  role: 'organizer',
  valueSchema: ScriptModalValue,
  async handler(ctx, [campaignId, lang], fields) {
    const { engine, store } = ctx.services;
    const campaign = await store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    const errors: Record<string, string> = {};
    if ((fields.initial ?? '').length >= MODAL_MAX.textLength) errors.initial = ctx.t('views:script.field_full', { max: MODAL_MAX.textLength });
    const followUps = { items: parseList(ctx, fields, 'follow_ups', errors) };
    const canned = { items: parseList(ctx, fields, 'canned', errors) };
    if (Object.keys(errors).length > 0) return { kind: 'modalErrors', errors };
    const cannedCount = mergeCanned(campaign.cannedReplies, lang, canned.items).length;
    if (cannedCount > MAX_CANNED_REPLIES) {
      return { kind: 'modalErrors', errors: { canned: ctx.t('views:script.too_many_canned', { max: MAX_CANNED_REPLIES, count: cannedCount }) } };
    }

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
    return showScript(ctx, fresh, ctx.t('commands:script.saved', { lang: ctx.t(`commands:lang.${lang}`) }));
  },
});
