// Segmented claim posts: a Claim button whose claims take only the campaign's pending contacts
// that match a segment (e.g. `lang:es` for Spanish-speaking volunteers). The segment is stored
// on the campaign (Campaign.posts) and the button carries only [campaignId, postId], never the
// filter. The post shows how many matching voters are left and is edited after claims.
import { randomUUID } from 'node:crypto';
import type { Campaign, SegmentPost } from '../../core/model/campaign.js';
import { MAX_SEGMENT_POSTS } from '../../core/model/campaign.js';
import type { Lang } from '../../core/model/common.js';
import type { Segment } from '../../core/segments/segment.js';
import type { Reply, View } from '../../core/views/view.js';
import { UserError } from '../../core/errors.js';
import { ACTION, ids } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import type { Services } from '../services.js';
import { inline, num } from '../views/text.js';
import { countsLine } from '../views/followups.js';
import { channelTranslator } from './post.js';
import type { Ctx } from './results.js';
import { segmentInWords } from './segment-options.js';
import { auditByMember } from './member-audit.js';

/** The post's segment narrowed to contacts still waiting to be claimed. */
const pendingOf = (segment: Segment): Segment => ({ ...segment, statuses: ['pending'] });

export interface SegmentPostData {
  campaign: Pick<Campaign, 'id' | 'name' | 'slug' | 'status'>;
  post: Pick<SegmentPost, 'id' | 'label'>;
  remaining: number;
  lang: Lang;
}

export function segmentPostView(t: Translate, d: SegmentPostData): View {
  const name = inline(d.campaign.name);
  const open = d.campaign.status === 'active' && d.remaining > 0;
  const remaining = num(d.remaining, d.lang);
  return {
    text: t('commands:post.fallback', { name, remaining }),
    blocks: [
      { type: 'section', text: t('commands:post.title', { name }) },
      { type: 'section', text: t('followups:post.segment', { segment: inline(d.post.label, 300) }) },
      { type: 'section', text: t('followups:post.remaining', { remaining }) },
      ...(d.campaign.status !== 'active' ? [{ type: 'context' as const, text: t(`commands:post.status_${d.campaign.status}`) }] : []),
      { type: 'actions', elements: [{ type: 'button', id: ACTION.claimSegment, label: t('commands:post.claim'), style: 'primary', value: ids(d.campaign.id, d.post.id), disabled: !open }] },
    ],
  };
}

async function viewFor(services: Services, t: Translate, lang: Lang, campaign: Campaign, post: SegmentPost): Promise<View> {
  const counts = await services.store.contacts.countSegment(campaign.orgId, [campaign.id], pendingOf(post.segment));
  return segmentPostView(t, { campaign, post, remaining: counts.matched, lang });
}

/** `/textbank post <campaign> [filters]` with filters: stores the segment, posts its Claim button. */
export async function publishSegmentPost(ctx: Ctx, campaign: Campaign, channelId: string, segment: Segment): Promise<Reply[]> {
  const existing = campaign.posts ?? [];
  if (existing.length >= MAX_SEGMENT_POSTS) throw new UserError('followups:post.too_many', { name: inline(campaign.name), max: MAX_SEGMENT_POSTS });
  const { store } = ctx.services;
  const { t, lang } = channelTranslator(ctx);
  const post: SegmentPost = { id: randomUUID().replace(/-/g, '').slice(0, 16), segment, label: segmentInWords({ t }, campaign, segment).slice(0, 300), channelId, createdBy: ctx.member.id, createdAt: ctx.now };
  const counts = await store.contacts.countSegment(ctx.org.id, [campaign.id], segment);
  const view = await viewFor(ctx.services, t, lang, campaign, post);
  const gateway = ctx.services.chat?.gateways[ctx.actor.platform];
  const ref = gateway ? await gateway.post(channelId, view) : undefined;
  await store.campaigns.update(ctx.org.id, campaign.id, { posts: [...existing, { ...post, ...(ref ? { postRef: ref } : {}) }] });
  await auditByMember(ctx, {
    action: 'campaign.posted',
    subject: { type: 'campaign', id: campaign.id },
    data: { channelId, messageId: ref?.messageId ?? null, postId: post.id, matched: counts.matched },
  });
  const said = ctx.t('followups:post.posted', { name: inline(campaign.name), segment: segmentInWords(ctx, campaign, segment) });
  const ack: Reply = { kind: 'ephemeral', view: { text: said, blocks: [{ type: 'section', text: `✅ ${said}` }, { type: 'context', text: countsLine(ctx.t, counts, ctx.lang) }] } };
  return ref ? [ack] : [{ kind: 'channel', view, channelId }, ack];
}

/** Edits a segmented post with current counts (after a claim). Never fails the caller. */
export async function refreshSegmentPost(services: Services, campaign: Campaign, post: SegmentPost): Promise<void> {
  const chat = services.chat;
  const ref = post.postRef;
  const gateway = ref ? chat?.gateways[ref.platform] : undefined;
  if (!chat || !ref || !gateway) return;
  try {
    const org = await services.store.orgs.get(campaign.orgId);
    const lang = org?.defaultLocale ?? 'en';
    await gateway.update(ref, await viewFor(services, chat.translator(lang), lang, campaign, post));
  } catch (err) {
    chat.onError?.(err, 'segment post update');
  }
}
