// The campaign's claim post in the channel: name, live remaining count, progress bar and the
// Claim button. Edited in place as batches are claimed (the ref is stored on the campaign).
import type { CampaignStatus } from '../../core/model/campaign.js';
import type { ContactStatus } from '../../core/model/contact.js';
import type { Lang } from '../../core/model/common.js';
import type { Block, View } from '../../core/views/view.js';
import { ACTION } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import { inline, num } from './text.js';

export interface CampaignCounts {
  total: number;
  /** Not claimed yet. */
  pending: number;
  /** In volunteers' open batches. */
  assigned: number;
  /** Texted or closed (every status past assigned). */
  done: number;
}

export function countsOf(byStatus: Record<ContactStatus, number>): CampaignCounts {
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const pending = byStatus.pending ?? 0;
  const assigned = byStatus.assigned ?? 0;
  return { total, pending, assigned, done: total - pending - assigned };
}

export interface CampaignPostData {
  campaignId: string;
  name: string;
  slug: string;
  status: CampaignStatus;
  counts: CampaignCounts;
  lang: Lang;
  /** Conversations waiting in the campaign's reply pool. */
  pooled?: number;
  /** First texts are paused org-wide (organizers' `pause initials`). */
  initialsPaused?: boolean;
  /** This campaign's first texts are paused (deliverability guardrail). */
  campaignInitialsPaused?: boolean;
}

export function campaignPostView(t: Translate, d: CampaignPostData): View {
  const name = inline(d.name);
  const remaining = num(d.counts.pending, d.lang);
  const open = d.status === 'active' && d.counts.pending > 0;
  const blocks: Block[] = [
    { type: 'section', text: t('commands:post.title', { name }) },
    { type: 'section', text: t('commands:post.remaining', { remaining, inBatches: num(d.counts.assigned, d.lang) }) },
    { type: 'progress', label: t('commands:post.progress', { done: num(d.counts.done, d.lang), total: num(d.counts.total, d.lang) }), done: d.counts.done, total: d.counts.total },
  ];
  if (d.status !== 'active') blocks.push({ type: 'context', text: t(`commands:post.status_${d.status}`) });
  else if (d.counts.pending === 0) blocks.push({ type: 'context', text: t('commands:post.all_claimed') });
  if (d.initialsPaused) blocks.push({ type: 'context', text: t('replies:pause.post_notice') });
  if (d.campaignInitialsPaused) blocks.push({ type: 'context', text: t('deliverability:notice.post') });
  const pooled = d.pooled ?? 0;
  if (pooled > 0) blocks.push({ type: 'section', text: t('replies:post.waiting', { waiting: num(pooled, d.lang) }) });
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', id: ACTION.claim, label: t('commands:post.claim'), style: 'primary', value: d.campaignId, disabled: !open },
      { type: 'button', id: ACTION.claimReplies, label: t('replies:post.claim', { waiting: num(pooled, d.lang) }), value: d.campaignId, disabled: pooled === 0 || d.status === 'archived' },
    ],
  });
  blocks.push({ type: 'context', text: t('commands:post.hint', { slug: d.slug }) });
  return { text: t('commands:post.fallback', { name, remaining }), blocks };
}
