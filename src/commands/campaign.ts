// `/textbank campaign create|list|show`. Create takes a short name (slug) and a display name,
// or opens a form when called bare; the campaign's channel is where it was created.
import { z } from 'zod';
import { MODAL } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { countsOf } from './views/campaign-post.js';
import { campaignChangedView, campaignListView, campaignShowView } from './views/campaign.js';
import type { Reply } from '../core/views/view.js';

async function create(ctx: Ctx, input: { slug: string; name: string; batchSize?: number; channelId?: string }): Promise<Reply> {
  const slug = input.slug.trim().toLowerCase();
  const name = input.name.trim() || slug;
  const result = await ctx.services.engine.campaigns.create(
    ctx.org.id,
    { slug, name, ...(input.channelId ? { channelId: input.channelId } : {}), ...(input.batchSize ? { batchSize: input.batchSize } : {}) },
    ctx.member.id,
  );
  if (!result.ok) return failureReply(ctx, result);
  const view = campaignChangedView(ctx.t, result.campaign, 'commands:campaign.created');
  view.blocks.push({ type: 'context', text: ctx.t('commands:campaign.next_steps', { slug: result.campaign.slug }) });
  return ephemeral(view);
}

export const campaignCreateCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['campaign', 'create'],
  descriptionKey: 'commands:descriptions.campaign_create',
  options: [
    { name: 'slug', type: 'string', descriptionKey: 'commands:options.slug', maxLength: 40 },
    { name: 'name', type: 'string', descriptionKey: 'commands:options.campaign_name', maxLength: 100 },
  ],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    if (typeof options.slug !== 'string') {
      return {
        kind: 'modal',
        modal: {
          id: MODAL.campaignCreate,
          title: ctx.t('commands:campaign.modal_title'),
          submitLabel: ctx.t('commands:campaign.modal_submit'),
          privateValue: ctx.channelId ?? '',
          inputs: [
            { id: 'slug', label: ctx.t('commands:campaign.modal_slug'), kind: 'text', hint: ctx.t('commands:campaign.modal_slug_hint') },
            { id: 'name', label: ctx.t('commands:campaign.modal_name'), kind: 'text' },
            { id: 'batch_size', label: ctx.t('commands:campaign.modal_batch'), kind: 'number', initial: '50', optional: true },
          ],
        },
      };
    }
    return create(ctx, {
      slug: options.slug,
      name: typeof options.name === 'string' ? options.name : options.slug,
      ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
    });
  },
});

export const campaignCreateModal: InteractionDefinition<Services, string | undefined> = defineInteraction<Services, string | undefined>({
  id: MODAL.campaignCreate,
  kind: 'modal',
  role: 'organizer',
  valueSchema: z.string().max(64).optional(),
  async handler(ctx, channelId, fields) {
    const slug = (fields.slug ?? '').trim().toLowerCase();
    const size = Number((fields.batch_size ?? '').trim() || '0');
    const errors: Record<string, string> = {};
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(slug)) errors.slug = ctx.t('commands:campaign.modal_slug_hint');
    if (fields.batch_size?.trim() && !(Number.isInteger(size) && size >= 1 && size <= 500)) {
      errors.batch_size = ctx.t('commands:errors.option_integer', { option: ctx.t('commands:campaign.modal_batch'), got: fields.batch_size.slice(0, 10), min: 1, max: 500 });
    }
    if (Object.keys(errors).length > 0) return { kind: 'modalErrors', errors };
    const channel = channelId || ctx.channelId;
    return create(ctx, { slug, name: fields.name ?? slug, ...(size ? { batchSize: size } : {}), ...(channel ? { channelId: channel } : {}) });
  },
});

export const campaignListCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['campaign', 'list'],
  descriptionKey: 'commands:descriptions.campaign_list',
  options: [{ name: 'all', type: 'boolean', descriptionKey: 'commands:options.all' }],
  role: 'volunteer',
  sideEffects: false,
  async handler(ctx, options) {
    const { store } = ctx.services;
    const statuses = options.all === true ? undefined : (['draft', 'active', 'paused'] as const);
    const campaigns = await store.campaigns.list(ctx.org.id, statuses ? [...statuses] : undefined);
    const lines = await Promise.all(
      campaigns.map(async (campaign) => ({ campaign, counts: countsOf(await store.contacts.countByStatus(ctx.org.id, campaign.id)) })),
    );
    return ephemeral(campaignListView(ctx.t, lines, ctx.lang));
  },
});

export const campaignShowCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['campaign', 'show'],
  descriptionKey: 'commands:descriptions.campaign_show',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    const counts = countsOf(await ctx.services.store.contacts.countByStatus(ctx.org.id, campaign.id));
    return ephemeral(campaignShowView(ctx.t, campaign, counts, ctx.lang));
  },
});
