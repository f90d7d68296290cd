// `/textbank tags list|add|remove|rename`: the labels volunteers put on a conversation from the
// tag menu. Free text and typed options separate tags with commas (`tags add gotv Volunteer
// prospect, Needs ride`); `tags add` with no tags opens a form, one tag per line. A renamed tag
// keeps its id, so contacts already tagged keep it.
import { UserError } from '../core/errors.js';
import { MAX_TAGS, MAX_TAG_LABEL, type Campaign } from '../core/model/campaign.js';
import type { Reply } from '../core/views/view.js';
import { CampaignValue, MODAL } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import { usageOf } from './framework/dispatcher.js';
import { errorView } from './framework/error-view.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { findTag, splitTags, tagLabelsProblem, withTags, withoutTags } from './support/tags-form.js';
import { tagsView } from './views/survey.js';
import { inline } from './views/text.js';

// All optional so they can follow the optional campaign (Discord lists required options first);
// the handlers ask for the ones they cannot do without.
const tagsOption: OptionSpec = { name: 'tags', type: 'string', descriptionKey: 'survey:options.tags' };
const tagOption: OptionSpec = { name: 'tag', type: 'string', descriptionKey: 'survey:options.tag', maxLength: 75 };
const nameOption: OptionSpec = { name: 'name', type: 'string', descriptionKey: 'survey:options.tag_name' };

const given = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function missing(ctx: Ctx, def: CommandDefinition<Services>, option: string): Reply {
  return errorView(ctx.t, 'commands:errors.option_missing', { option: ctx.t(`commands:optionNames.${option}`) }, { usage: usageOf(def, ctx.t) });
}

const labelsOf = (labels: readonly string[]): string => labels.map((l) => `“${inline(l, 40)}”`).join(', ');

async function save(ctx: Ctx, campaign: Campaign, tags: Campaign['tags'], notice: string): Promise<Reply> {
  const saved = await ctx.services.engine.campaigns.updateTags(ctx.org.id, campaign.id, tags, ctx.member.id);
  if (!saved.ok) return failureReply(ctx, saved);
  return ephemeral(tagsView(ctx.t, saved.campaign, notice));
}

/** The campaign with these labels added, or the reason it cannot be (an i18n key and params). */
function addLabels(ctx: Ctx, campaign: Campaign, labels: readonly string[]): { tags: Campaign['tags']; notice: string } | { key: string; params: Record<string, string | number> } {
  const problem = tagLabelsProblem(labels);
  if (problem) return problem;
  const merged = withTags(campaign.tags, labels);
  if (merged.tags.length > MAX_TAGS) return { key: 'survey:tags.too_many', params: { max: MAX_TAGS, count: campaign.tags.length, adding: merged.added.length } };
  const parts: string[] = [];
  if (merged.added.length) parts.push(`✅ ${ctx.t('survey:tags.added', { labels: labelsOf(merged.added) })}`);
  if (merged.already.length) parts.push(ctx.t('survey:tags.already', { labels: labelsOf(merged.already) }));
  return { tags: merged.tags, notice: parts.join('\n') };
}

export const tagsListCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['tags', 'list'],
  descriptionKey: 'survey:descriptions.tags_list',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    return ephemeral(tagsView(ctx.t, await resolveCampaign(ctx, options.campaign, { allowArchived: true })));
  },
});

export const tagsAddCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['tags', 'add'],
  descriptionKey: 'survey:descriptions.tags_add',
  options: [campaignOption, tagsOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    const labels = splitTags(typeof options.tags === 'string' ? options.tags : '');
    if (labels.length === 0) {
      return {
        kind: 'modal',
        modal: {
          id: MODAL.tagsAdd,
          title: ctx.t('survey:tags.form_title'),
          submitLabel: ctx.t('survey:form.submit'),
          privateValue: campaign.id,
          inputs: [{ id: 'tags', label: ctx.t('survey:tags.form_label'), kind: 'textarea', maxLength: MAX_TAGS * (MAX_TAG_LABEL + 1), hint: ctx.t('survey:tags.form_hint', { count: campaign.tags.length, max: MAX_TAGS }) }],
        },
      };
    }
    const next = addLabels(ctx, campaign, labels);
    if ('key' in next) return errorView(ctx.t, next.key, next.params);
    if (next.tags.length === campaign.tags.length) return ephemeral(tagsView(ctx.t, campaign, next.notice));
    return save(ctx, campaign, next.tags, next.notice);
  },
});

export const tagsRemoveCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['tags', 'remove'],
  descriptionKey: 'survey:descriptions.tags_remove',
  options: [campaignOption, tagsOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    if (!given(options.tags)) return missing(ctx, tagsRemoveCommand, 'tags');
    const campaign = await resolveCampaign(ctx, options.campaign);
    const result = withoutTags(campaign.tags, splitTags(String(options.tags ?? '')));
    const unknown = result.unknown.length ? ctx.t('survey:tags.unknown', { labels: labelsOf(result.unknown), slug: campaign.slug }) : '';
    if (result.removed.length === 0) return errorView(ctx.t, 'survey:tags.unknown', { labels: labelsOf(result.unknown), slug: campaign.slug });
    const notice = [`✅ ${ctx.t('survey:tags.removed', { labels: labelsOf(result.removed) })}`, unknown].filter(Boolean).join('\n');
    return save(ctx, campaign, result.tags, notice);
  },
});

export const tagsRenameCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['tags', 'rename'],
  descriptionKey: 'survey:descriptions.tags_rename',
  options: [campaignOption, tagOption, nameOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    if (!given(options.tag)) return missing(ctx, tagsRenameCommand, 'tag');
    if (!given(options.name)) return missing(ctx, tagsRenameCommand, 'name');
    const campaign = await resolveCampaign(ctx, options.campaign);
    const found = findTag(campaign.tags, String(options.tag ?? ''));
    if (!found) return errorView(ctx.t, 'survey:tags.unknown', { labels: labelsOf([String(options.tag ?? '')]), slug: campaign.slug });
    const label = String(options.name ?? '').trim();
    const problem = tagLabelsProblem([label]);
    if (problem) return errorView(ctx.t, problem.key, problem.params);
    const clash = findTag(campaign.tags, label);
    if (clash && clash.id !== found.id) return errorView(ctx.t, 'survey:tags.already', { labels: labelsOf([label]) });
    const tags = campaign.tags.map((g) => (g.id === found.id ? { ...g, label } : g));
    return save(ctx, campaign, tags, `✅ ${ctx.t('survey:tags.renamed', { from: inline(found.label, 40), to: inline(label, 40) })}`);
  },
});

export const tagsModal: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: MODAL.tagsAdd,
  kind: 'modal',
  role: 'organizer',
  valueSchema: CampaignValue,
  async handler(ctx, campaignId, fields) {
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    const next = addLabels(ctx, campaign, splitTags(fields.tags));
    if ('key' in next) return { kind: 'modalErrors', errors: { tags: ctx.t(next.key, next.params) } };
    if (next.tags.length === campaign.tags.length) return ephemeral(tagsView(ctx.t, campaign, next.notice));
    return save(ctx, campaign, next.tags, next.notice);
  },
});
