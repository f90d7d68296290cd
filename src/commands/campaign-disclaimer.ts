// `/textbank campaign disclaimer` (organizers): the campaign's "Paid for by" disclaimer and/or the
// https link of a page showing it (R3.3 Florida). `{disclaimer}` in the first message renders it;
// a campaign that reaches Florida voters cannot start, nor text one of them, without it.
import { z } from 'zod';
import { CampaignDisclaimer, type Campaign } from '../core/model/campaign.js';
import type { Block, Reply } from '../core/views/view.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

export const DISCLAIMER_MODAL = 'campaign_disclaimer';
const LIMITS = { text: 200, url: 200 } as const;

function current(ctx: Ctx, campaign: Campaign): Block[] {
  const d = campaign.disclaimer;
  return [
    { type: 'fields', fields: [
      { label: ctx.t('compliance:disclaimer.text'), value: d?.text ? inline(d.text) : ctx.t('compliance:disclaimer.unset') },
      { label: ctx.t('compliance:disclaimer.url'), value: d?.url ? inline(d.url) : ctx.t('compliance:disclaimer.unset') },
    ] },
    { type: 'context', text: ctx.t('compliance:disclaimer.hint') },
  ];
}

async function save(ctx: Ctx, campaign: Campaign, input: { text?: string; url?: string }): Promise<Reply> {
  const parsed = CampaignDisclaimer.safeParse(input);
  if (!parsed.success) return ephemeral(noticeView(`⚠️ ${ctx.t('compliance:disclaimer.invalid_url')}`));
  if (!parsed.data.text && !parsed.data.url) return ephemeral(noticeView(`⚠️ ${ctx.t('compliance:disclaimer.empty')}`, current(ctx, campaign)));
  const disclaimer = parsed.data;
  const result = await ctx.services.engine.campaigns.updateSettings(ctx.org.id, campaign.id, { disclaimer }, ctx.member.id);
  if (!result.ok) return failureReply(ctx, result);
  return ephemeral(noticeView(`✅ ${ctx.t('compliance:disclaimer.saved', { slug: inline(campaign.slug) })}`, current(ctx, result.campaign)));
}

export const campaignDisclaimerCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['campaign', 'disclaimer'],
  descriptionKey: 'compliance:descriptions.campaign_disclaimer',
  options: [campaignOption, { name: 'disclaimer', type: 'string', descriptionKey: 'compliance:options.disclaimer', maxLength: LIMITS.text }],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    if (typeof options.disclaimer === 'string') {
      // One typed value: a link (https://...) sets the link and keeps the text; anything else sets the text.
      const value = options.disclaimer.trim();
      const isLink = /^https?:\/\//i.test(value);
      return save(ctx, campaign, isLink ? { ...(campaign.disclaimer?.text ? { text: campaign.disclaimer.text } : {}), url: value } : { ...(campaign.disclaimer?.url ? { url: campaign.disclaimer.url } : {}), text: value });
    }
    return {
      kind: 'modal',
      modal: {
        id: DISCLAIMER_MODAL,
        title: ctx.t('compliance:disclaimer.modal_title'),
        submitLabel: ctx.t('compliance:disclaimer.modal_submit'),
        privateValue: campaign.id,
        inputs: [
          { id: 'text', label: ctx.t('compliance:disclaimer.text'), kind: 'text', initial: campaign.disclaimer?.text ?? '', optional: true, hint: ctx.t('compliance:disclaimer.text_hint') },
          { id: 'url', label: ctx.t('compliance:disclaimer.url'), kind: 'text', initial: campaign.disclaimer?.url ?? '', optional: true, hint: ctx.t('compliance:disclaimer.url_hint') },
        ],
      },
    };
  },
});

export const campaignDisclaimerModal: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: DISCLAIMER_MODAL,
  kind: 'modal',
  role: 'organizer',
  valueSchema: z.string().min(1).max(64),
  async handler(ctx, campaignId, fields) {
    const text = (fields.text ?? '').trim();
    const url = (fields.url ?? '').trim();
    const errors: Record<string, string> = {};
    if (text.length > LIMITS.text) errors.text = ctx.t('commands:errors.option_too_long', { option: ctx.t('compliance:disclaimer.text'), max: LIMITS.text });
    if (url !== '' && !CampaignDisclaimer.shape.url.safeParse(url).success) errors.url = ctx.t('compliance:disclaimer.invalid_url');
    if (Object.keys(errors).length > 0) return { kind: 'modalErrors', errors };
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) return failureReply(ctx, { reason: 'engine:campaign.not_found', params: {} });
    return save(ctx, campaign, { ...(text ? { text } : {}), ...(url ? { url } : {}) });
  },
});
