// The review post (supervision): why a text is in review, the voter's words (quote blocks, which
// renderers escape), the campaign, the volunteer, where the thread is, and the organizer's
// controls. Each group of controls is its own actions block so a platform short of rows moves
// buttons into a select (core/views/fit-actions.ts) instead of dropping one. Once decided, the
// post shows who decided what and keeps no controls.
import { maskPhone } from '../../core/contacts/phone.js';
import type { ReviewReason } from '../../core/model/review.js';
import type { Block, Select, View } from '../../core/views/view.js';
import { ACTION, ids } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import { voterName } from '../views/contact-card.js';
import { inline } from '../views/text.js';

/** Reasons an organizer can give for rejecting a held reply (locales: review:reject.<code>). */
export const REJECT_REASONS = ['tone', 'off_script', 'facts', 'personal', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Most members / campaigns offered in one select (Discord's 25 options). */
export const REVIEW_SELECT_MAX = 25;

export interface ReviewPostData {
  itemId: string;
  reasons: ReviewReason[];
  /** The voter's text (for a held reply: the text it answers, when known). */
  voterText?: string;
  /** A held reply: exactly what the volunteer typed, and who. */
  held?: { text: string; volunteer: string };
  campaign?: string;
  volunteer?: string;
  voter?: { firstName: string; phone: string };
  /** Unknown sender: the phone as received. */
  unknownPhone?: string;
  /** Where the conversation's thread lives, and its reference. */
  thread?: { where: 'dm' | 'channel' | 'none'; ref: string };
  matchedWords: string[];
  triage?: { intent: string; confidence: number };
  /** Members an organizer may reassign to (conversation items). */
  members: { id: string; name: string }[];
  /** Active campaigns a conversation may be started in (unknown senders); null when none may be started. */
  campaigns: { id: string; name: string }[] | null;
  /** The voter already opted out: no opt-out or start controls. */
  optedOut?: boolean;
  /** Set once decided: the line shown instead of the controls. */
  decided?: string;
}

function header(t: Translate, d: ReviewPostData): Block[] {
  const reasons = d.reasons.map((r) => t(`review:reason.${r}`)).join(' · ');
  const blocks: Block[] = [{ type: 'section', text: t('review:post.title', { reasons }) }];
  const fields: { label: string; value: string }[] = [];
  if (d.campaign) fields.push({ label: t('review:post.campaign'), value: inline(d.campaign) });
  if (d.volunteer) fields.push({ label: t('review:post.volunteer'), value: inline(d.volunteer) });
  if (d.voter) fields.push({ label: t('review:post.voter'), value: `${voterName(t, d.voter.firstName)} · ${maskPhone(d.voter.phone)}` });
  if (d.thread) {
    const ref = inline(d.thread.ref, 64);
    const where = d.thread.where === 'dm' ? t('review:post.thread_dm', { volunteer: inline(d.volunteer ?? '?'), ref }) : t(`review:post.thread_${d.thread.where}`, { ref });
    fields.push({ label: t('review:post.thread'), value: where });
  }
  if (fields.length > 0) blocks.push({ type: 'fields', fields });
  if (d.unknownPhone !== undefined) {
    blocks.push({ type: 'section', text: t('review:post.unknown_title', { phone: /^\+\d{7,15}$/.test(d.unknownPhone) ? maskPhone(d.unknownPhone) : inline(d.unknownPhone, 20) }) });
  }
  return blocks;
}

function controls(t: Translate, d: ReviewPostData): Block[] {
  const blocks: Block[] = [];
  const more = (priority: number) => ({ placeholder: t('review:post.more'), priority });
  if (d.held) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', id: ACTION.reviewApprove, label: t('review:post.approve'), style: 'primary', value: d.itemId }] });
    const reject: Select = {
      type: 'select',
      id: ACTION.reviewReject,
      placeholder: t('review:post.reject_placeholder'),
      options: REJECT_REASONS.map((r) => ({ label: inline(t(`review:reject.${r}`), 75), value: ids(d.itemId, r) })),
    };
    blocks.push({ type: 'actions', elements: [reject] });
  }
  if (d.reasons.includes('probable_opt_out') && !d.optedOut) {
    blocks.push({
      type: 'actions',
      overflow: more(1),
      elements: [
        { type: 'button', id: ACTION.reviewConfirmOptOut, label: t('review:post.confirm_opt_out'), style: 'danger', value: d.itemId },
        { type: 'button', id: ACTION.reviewNotOptOut, label: t('review:post.not_opt_out'), value: d.itemId },
      ],
    });
  }
  if (d.unknownPhone === undefined && !d.held) {
    const elements: (Select | { type: 'button'; id: string; label: string; value: string })[] = [
      { type: 'button', id: ACTION.reviewTakeOver, label: t('review:post.take_over'), value: d.itemId },
    ];
    if (d.members.length > 0) {
      elements.push({
        type: 'select',
        id: ACTION.reviewReassign,
        placeholder: t('review:post.reassign_placeholder'),
        options: d.members.slice(0, REVIEW_SELECT_MAX).map((m) => ({ label: inline(m.name, 75), value: ids(d.itemId, m.id) })),
      });
    }
    blocks.push({ type: 'actions', elements });
  }
  if (d.unknownPhone !== undefined && !d.optedOut) {
    if (d.campaigns && d.campaigns.length > 0) {
      blocks.push({
        type: 'actions',
        elements: [{
          type: 'select',
          id: ACTION.reviewStart,
          placeholder: t('review:post.start_placeholder'),
          options: d.campaigns.slice(0, REVIEW_SELECT_MAX).map((c) => ({ label: inline(c.name, 75), value: ids(d.itemId, c.id) })),
        }],
      });
    } else if (d.campaigns) {
      blocks.push({ type: 'context', text: t('review:post.no_campaign') });
    }
  }
  return blocks;
}

export function reviewPostView(t: Translate, d: ReviewPostData): View {
  const reasons = d.reasons.map((r) => t(`review:reason.${r}`)).join(' · ');
  const blocks = header(t, d);
  if (d.voterText !== undefined) {
    blocks.push({ type: 'context', text: t('review:post.voter_said') });
    blocks.push({ type: 'quote', text: d.voterText, voter: true });
  }
  if (d.held) {
    blocks.push({ type: 'section', text: t('review:post.held_title', { volunteer: inline(d.held.volunteer) }) });
    blocks.push({ type: 'quote', text: d.held.text, voter: true });
  }
  const notes: string[] = [];
  if (d.matchedWords.length > 0) notes.push(t('review:post.matched', { words: d.matchedWords.map((w) => inline(w, 40)).join(', ') }));
  if (d.triage) notes.push(t('review:post.triage', { intent: t(`triage:intent.${d.triage.intent}`), percent: Math.round(d.triage.confidence * 100) }));
  if (d.unknownPhone !== undefined) notes.push(t('review:post.unknown_hint'));
  if (d.optedOut) notes.push(t('commands:inbound.opted_out'));
  if (notes.length > 0) blocks.push({ type: 'context', text: notes.join('\n') });
  if (d.decided) blocks.push({ type: 'section', text: d.decided });
  else blocks.push(...controls(t, d));
  return { text: t('review:post.fallback', { reasons }), blocks };
}
