// `/textbank script media [campaign] [file] [lang] [reply] [remove]` (organizers): attaches an image
// (JPEG, PNG, GIF) or the org's contact card (.vcf) to a language's first message, or to a quick
// reply, so it goes out as an MMS; `remove` takes it off again. The file comes from the chat's
// upload (an attachment option, or a form with a file field where a platform cannot attach files
// to commands). A file that is not what its name says, an image that cannot fit an MMS or a
// contact card with a bad field is refused with the reason, and nothing changes.
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { SUPPORTED_LANGS, type Lang } from '../core/model/common.js';
import type { Campaign, CannedReply } from '../core/model/campaign.js';
import type { MediaRef } from '../core/media/media.js';
import type { Reply } from '../core/views/view.js';
import { ids } from './actions.js';
import { errorView } from './framework/error-view.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';
import { mediaBlocks } from './views/media.js';
import { auditByMember } from './support/member-audit.js';

export const MEDIA_MODAL = 'script_media';
/** File types the upload form offers (Slack's file_input filter). */
const FILE_TYPES = ['jpg', 'jpeg', 'png', 'gif', 'vcf'];
/** [campaignId, lang, quick reply id or '-']. */
const MediaModalValue = z.tuple([z.string().min(1).max(64), z.enum(['en', 'es']), z.string().min(1).max(40)]);

const options: OptionSpec[] = [
  campaignOption,
  { name: 'file', type: 'attachment', descriptionKey: 'media:options.file' },
  { name: 'lang', type: 'string', descriptionKey: 'commands:options.lang', choices: SUPPORTED_LANGS },
  { name: 'reply', type: 'string', descriptionKey: 'media:options.reply', maxLength: 75 },
  { name: 'remove', type: 'boolean', descriptionKey: 'media:options.remove' },
];

/** The attached file: only platform attachments (their URLs come from the chat, never from what a person typed). */
function sourceOf(ctx: Ctx): { url: string; name: string } | null {
  const attachment = ctx.attachments[0];
  return attachment ? { url: attachment.url, name: attachment.name } : null;
}

/** Where the media goes: a language's first message, or one quick reply. */
type Target = { kind: 'script'; lang: Lang } | { kind: 'reply'; reply: CannedReply; lang: Lang };

function targetOf(ctx: Ctx, campaign: Campaign, lang: Lang, reply: unknown): Target {
  if (typeof reply === 'string' && reply.trim() !== '' && reply !== '-') {
    const wanted = reply.trim().toLowerCase();
    const found = campaign.cannedReplies.find((c) => c.id === reply || c.label.toLowerCase() === wanted);
    if (!found) throw new UserError('media:errors.unknown_reply', { reply: reply.slice(0, 75), choices: campaign.cannedReplies.map((c) => c.label).join(', ') || '-' });
    return { kind: 'reply', reply: found, lang };
  }
  if (!campaign.scripts[lang]) throw new UserError('media:errors.no_script', { lang: ctx.t(`commands:lang.${lang}`) });
  return { kind: 'script', lang };
}

/** Saves the target's media (undefined removes it) through the engine, which re-checks role and campaign. */
async function save(ctx: Ctx, campaign: Campaign, target: Target, media: MediaRef | undefined): Promise<Reply | null> {
  const { engine } = ctx.services;
  if (target.kind === 'script') {
    const set = campaign.scripts[target.lang];
    if (!set) throw new UserError('media:errors.no_script', { lang: ctx.t(`commands:lang.${target.lang}`) });
    const { media: _old, ...rest } = set;
    const scripts = { ...campaign.scripts, [target.lang]: media ? { ...rest, media } : rest };
    const r = await engine.campaigns.updateScripts(ctx.org.id, campaign.id, scripts, ctx.member.id);
    return r.ok ? null : failureReply(ctx, r);
  }
  const canned = campaign.cannedReplies.map((c) => {
    if (c.id !== target.reply.id) return c;
    const { media: _old, ...rest } = c;
    return media ? { ...rest, media } : rest;
  });
  const r = await engine.campaigns.updateCannedReplies(ctx.org.id, campaign.id, canned, ctx.member.id);
  return r.ok ? null : failureReply(ctx, r);
}

async function audit(ctx: Ctx, campaign: Campaign, target: Target, media: MediaRef | undefined): Promise<void> {
  await auditByMember(ctx, {
    action: 'campaign.updated',
    subject: { type: 'campaign', id: campaign.id },
    data: { fields: [target.kind === 'script' ? 'scripts.media' : 'cannedReplies.media'], ...(target.kind === 'reply' ? { reply: target.reply.id } : { lang: target.lang }), media: media ? media.contentType : 'removed' },
  });
}

async function removeMedia(ctx: Ctx, campaign: Campaign, target: Target): Promise<Reply> {
  const current = target.kind === 'script' ? campaign.scripts[target.lang]?.media : target.reply.media;
  if (!current) return ephemeral(noticeView(ctx.t('media:command.nothing_to_remove')));
  const failed = await save(ctx, campaign, target, undefined);
  if (failed) return failed;
  await audit(ctx, campaign, target, undefined);
  const text = target.kind === 'script' ? ctx.t('media:command.removed_script', { lang: ctx.t(`commands:lang.${target.lang}`) }) : ctx.t('media:command.removed_reply', { label: target.reply.label });
  return ephemeral(noticeView(`✅ ${text}`));
}

/** Downloads, checks and stores the file, then attaches it; a refused file changes nothing. */
async function attach(ctx: Ctx, campaign: Campaign, target: Target, source: { url: string; name: string }): Promise<Reply> {
  const media = ctx.services.media;
  if (!media) return errorView(ctx.t, 'media:errors.unavailable');
  const stored = await media.attach({ orgId: ctx.org.id, source });
  if (!stored.ok) return errorView(ctx.t, stored.problem.key, stored.problem.params);
  // Re-read: the campaign may have changed while the file was downloaded and re-encoded.
  const fresh = await ctx.services.store.campaigns.get(ctx.org.id, campaign.id);
  if (!fresh) throw new UserError('engine:campaign.not_found');
  const freshTarget = target.kind === 'reply' ? targetOf(ctx, fresh, target.lang, target.reply.id) : targetOf(ctx, fresh, target.lang, undefined);
  const failed = await save(ctx, fresh, freshTarget, stored.value);
  if (failed) return failed;
  await audit(ctx, fresh, freshTarget, stored.value);
  const text = freshTarget.kind === 'script' ? ctx.t('media:command.attached_script', { lang: ctx.t(`commands:lang.${freshTarget.lang}`) }) : ctx.t('media:command.attached_reply', { label: freshTarget.reply.label });
  return ephemeral(noticeView(`✅ ${text}`, [{ type: 'context', text: `**${ctx.t('media:card.mms')}**` }, ...mediaBlocks(ctx.t, stored.value, media.urlOf(stored.value.id))]));
}

export const scriptMediaCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['script', 'media'],
  descriptionKey: 'media:command.description',
  options,
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, values) {
    const campaign = await resolveCampaign(ctx, values.campaign);
    const lang: Lang = values.lang === 'es' || values.lang === 'en' ? values.lang : ctx.lang;
    const target = targetOf(ctx, campaign, lang, values.reply);
    if (values.remove === true) return removeMedia(ctx, campaign, target);
    const source = sourceOf(ctx);
    if (source) return attach(ctx, campaign, target, source);
    return {
      kind: 'modal',
      modal: {
        id: MEDIA_MODAL,
        title: ctx.t('media:command.modal_title'),
        submitLabel: ctx.t('media:command.modal_submit'),
        privateValue: ids(campaign.id, lang, target.kind === 'reply' ? target.reply.id : '-'),
        inputs: [{ id: 'file', label: ctx.t('media:command.modal_file'), kind: 'file', hint: ctx.t('media:command.modal_hint'), fileTypes: FILE_TYPES }],
      },
    };
  },
});

export const scriptMediaModal: InteractionDefinition<Services, [string, Lang, string]> = defineInteraction<Services, [string, Lang, string]>({
  id: MEDIA_MODAL,
  kind: 'modal',
  role: 'organizer',
  valueSchema: MediaModalValue,
  async handler(ctx, [campaignId, lang, replyId]) {
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    if (campaign.status === 'archived') throw new UserError('engine:campaign.archived', { slug: campaign.slug });
    const source = sourceOf(ctx);
    if (!source) return { kind: 'modalErrors', errors: { file: ctx.t('media:command.no_file') } };
    return attach(ctx, campaign, targetOf(ctx, campaign, lang, replyId), source);
  },
});
