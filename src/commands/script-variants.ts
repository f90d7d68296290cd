// A/B script variants from chat: `/textbank script edit <campaign> [lang] [variant]` opens one
// variant's first message per form (Discord forms hold five fields, so one variant each), and
// `/textbank script variants <campaign>` lists every language's variants with Retire/Restore
// buttons; `/textbank script retire <campaign> <variant> [lang]` does the same as a command.
// Saving goes through the engine's script update, which lints every variant like the first
// message (R3.1, R3.2): a running campaign refuses a variant without them.
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { isFailure } from '../core/campaigns/result.js';
import { SUPPORTED_LANGS, type Lang } from '../core/model/common.js';
import { VariantId, type Campaign, type ScriptSet } from '../core/model/campaign.js';
import { MODAL_MAX, type Reply } from '../core/views/view.js';
import { splitView } from '../core/views/split-view.js';
import { variantsOf, withRetired, withVariantText, type VariantEdit } from '../core/scripts/variants.js';
import { ids } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { findingsBlocks } from './views/campaign.js';
import { VARIANT_BUTTONS, variantsListView } from './views/variants.js';

/** Action and modal ids of this feature (values carry ids only; the role is re-checked on every press). */
export const VARIANT_ACTION = VARIANT_BUTTONS;
export const VARIANT_MODAL = 'script_variant';

const Id = z.string().min(1).max(64);
/** [campaignId, lang, variant]: a Retire/Restore button and the variant form. */
export const VariantValue = z.tuple([Id, z.enum(['en', 'es']), VariantId]);

export const variantOption: OptionSpec = { name: 'variant', type: 'string', descriptionKey: 'variants:options.variant', choices: ['a', 'b', 'c', 'd'] };
const langOption: OptionSpec = { name: 'lang', type: 'string', descriptionKey: 'commands:options.lang', choices: SUPPORTED_LANGS };

/** The typed or free-text variant option as an id ('a' -> 'A'); undefined when absent. */
export function variantOf(raw: unknown): VariantId | undefined {
  const parsed = VariantId.safeParse(typeof raw === 'string' ? raw.toUpperCase() : raw);
  return parsed.success ? parsed.data : undefined;
}

const langOf = (ctx: Ctx, raw: unknown): Lang => (raw === 'en' || raw === 'es' ? raw : ctx.lang);

async function listReplies(ctx: Ctx, campaign: Campaign, notice?: string): Promise<Reply[]> {
  const view = variantsListView(ctx.t, campaign, notice);
  return splitView(view, (n, total) => ctx.t('views:script.continued', { n, total })).map((v) => ephemeral(v));
}

function editFailure(ctx: Ctx, campaign: Campaign, lang: Lang, variant: VariantId, r: Exclude<VariantEdit, { ok: true }>): never {
  throw new UserError(`variants:errors.${r.reason}`, { variant, lang: ctx.t(`commands:lang.${lang}`), slug: campaign.slug });
}

/** Saves the scripts through the engine (re-lint, audit); a refusal shows the findings. */
async function save(ctx: Ctx, campaign: Campaign, scripts: Campaign['scripts'], notice: string): Promise<Reply | Reply[]> {
  const saved = await ctx.services.engine.campaigns.updateScripts(ctx.org.id, campaign.id, scripts, ctx.member.id);
  if (isFailure(saved)) {
    const reply = failureReply(ctx, saved);
    if (reply.kind === 'ephemeral' && saved.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, saved.findings));
    return reply;
  }
  return listReplies(ctx, saved.campaign, notice);
}

/** The form for one variant (B, C or D); A is the script form's first message. */
export function variantModal(ctx: Ctx, campaign: Campaign, lang: Lang, variant: VariantId): Reply {
  const set = campaign.scripts[lang];
  if (!set) throw new UserError('variants:errors.no_script', { variant, lang: ctx.t(`commands:lang.${lang}`), slug: campaign.slug });
  const current = variantsOf(set).find((v) => v.id === variant);
  const language = ctx.t(`commands:lang.${lang}`);
  return {
    kind: 'modal',
    modal: {
      id: VARIANT_MODAL,
      title: ctx.t('variants:modal.title', { variant, lang: language }),
      submitLabel: ctx.t('variants:modal.submit'),
      privateValue: ids(campaign.id, lang, variant),
      inputs: [
        { id: 'initial', label: ctx.t('variants:modal.text', { variant }), kind: 'textarea', initial: current?.initial ?? '', hint: ctx.t(`commands:script.modal_initial_hint_${lang}`), maxLength: MODAL_MAX.textLength },
      ],
    },
  };
}

export const variantModalHandler: InteractionDefinition<Services, [string, Lang, VariantId]> = defineInteraction<Services, [string, Lang, VariantId]>({
  id: VARIANT_MODAL,
  kind: 'modal',
  role: 'organizer',
  valueSchema: VariantValue,
  async handler(ctx, [campaignId, lang, variant], fields) {
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    const text = (fields.initial ?? '').trim();
    if ((fields.initial ?? '').length >= MODAL_MAX.textLength) return { kind: 'modalErrors', errors: { initial: ctx.t('views:script.field_full', { max: MODAL_MAX.textLength }) } };
    if (text === '') return { kind: 'modalErrors', errors: { initial: ctx.t('variants:errors.empty') } };
    const edit = withVariantText(campaign.scripts[lang], variant, text);
    if (!edit.ok) editFailure(ctx, campaign, lang, variant, edit);
    return save(ctx, campaign, { ...campaign.scripts, [lang]: edit.set }, ctx.t('variants:saved', { variant, lang: ctx.t(`commands:lang.${lang}`) }));
  },
});

export const scriptVariantsCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['script', 'variants'],
  descriptionKey: 'variants:descriptions.list',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    return listReplies(ctx, await resolveCampaign(ctx, options.campaign, { allowArchived: true }));
  },
});

/** Retires (or restores) a variant in one language, or in every language that has it. */
async function setRetired(ctx: Ctx, campaign: Campaign, variant: VariantId, retired: boolean, only?: Lang): Promise<Reply | Reply[]> {
  const scripts: Campaign['scripts'] = { ...campaign.scripts };
  const langs = only ? [only] : SUPPORTED_LANGS.filter((l) => campaign.scripts[l] && variantsOf(campaign.scripts[l] as ScriptSet).some((v) => v.id === variant));
  if (langs.length === 0) throw new UserError('variants:errors.unknown_variant', { variant, lang: ctx.t(`commands:lang.${only ?? ctx.lang}`), slug: campaign.slug });
  for (const lang of langs) {
    const set = scripts[lang];
    if (!set) editFailure(ctx, campaign, lang, variant, { ok: false, reason: 'unknown_variant' });
    const edit = withRetired(set, variant, retired);
    if (!edit.ok) editFailure(ctx, campaign, lang, variant, edit);
    scripts[lang] = edit.set;
  }
  return save(ctx, campaign, scripts, ctx.t(retired ? 'variants:retired' : 'variants:restored', { variant }));
}

export const scriptRetireCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['script', 'retire'],
  descriptionKey: 'variants:descriptions.retire',
  // The variant is checked in the handler: Discord lists required options first, and the campaign comes first.
  options: [campaignOption, variantOption, langOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    const variant = variantOf(options.variant);
    if (!variant) throw new UserError('variants:errors.missing', { slug: campaign.slug });
    return setRetired(ctx, campaign, variant, true, options.lang === undefined ? undefined : langOf(ctx, options.lang));
  },
});

function retireButton(retired: boolean): InteractionDefinition<Services, [string, Lang, VariantId]> {
  return defineInteraction<Services, [string, Lang, VariantId]>({
    id: retired ? VARIANT_ACTION.retire : VARIANT_ACTION.restore,
    kind: 'action',
    role: 'organizer',
    valueSchema: VariantValue,
    async handler(ctx, [campaignId, lang, variant]) {
      const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
      if (!campaign) throw new UserError('engine:campaign.not_found');
      return setRetired(ctx, campaign, variant, retired, lang);
    },
  });
}

export const variantRetireButton = retireButton(true);
export const variantRestoreButton = retireButton(false);

/** The edit command's hook: a variant other than A opens its own form. */
export function editVariant(ctx: Ctx, campaign: Campaign, lang: Lang, raw: unknown): Reply | null {
  const variant = variantOf(raw);
  return variant && variant !== 'A' ? variantModal(ctx, campaign, lang, variant) : null;
}
