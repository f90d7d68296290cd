// `/textbank settings review_channel:… review_hold:… review_words:… review_confidence:…` (owners):
// the org's review channel and rules (supervision). The channel is named the same way on every
// platform: `here` (the channel the command runs in), `off`, or a channel mention (Slack sends
// `<#C123|name>`, Discord `<#123…>`); the sandbox's channels are plain names (`#review`).
import type { Platform } from '../core/model/common.js';
import { REVIEW_LIMITS, reviewRulesOf, type ReviewSettings } from '../core/model/review.js';
import { parseTriggerWords } from '../core/review/rules.js';
import type { Block } from '../core/views/view.js';
import type { HandlerContext, Translate } from './framework/definition.js';
import { errorView } from './framework/error-view.js';
import type { OptionSpec, OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { code, inline } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

export const REVIEW_OPTIONS: readonly OptionSpec[] = [
  { name: 'review_channel', type: 'string', descriptionKey: 'review:options.review_channel', maxLength: 120 },
  { name: 'review_hold', type: 'integer', descriptionKey: 'review:options.review_hold', min: 0, max: REVIEW_LIMITS.holdMax },
  { name: 'review_words', type: 'string', descriptionKey: 'review:options.review_words', maxLength: 1000 },
  { name: 'review_confidence', type: 'integer', descriptionKey: 'review:options.review_confidence', min: 0, max: 100 },
];

export function hasReviewOptions(options: OptionValues): boolean {
  return REVIEW_OPTIONS.some((o) => options[o.name] !== undefined);
}

export type ChannelChoice = { kind: 'set'; channelId: string } | { kind: 'off' } | { kind: 'here' } | { kind: 'invalid' };

/** Reads the channel the way each platform sends it. */
export function parseReviewChannel(raw: string, platform: Platform): ChannelChoice {
  const value = raw.trim();
  const word = value.toLowerCase();
  if (['here', 'aqui', 'aquí'].includes(word)) return { kind: 'here' };
  if (['off', 'none', 'no', '-'].includes(word)) return { kind: 'off' };
  const mention = /^<#([A-Za-z0-9_-]{1,80})(?:\|[^>]*)?>$/.exec(value);
  if (mention) return { kind: 'set', channelId: mention[1] as string };
  // The sandbox names its channels by id (#campaign, #review); Slack and Discord send mentions.
  const plain = /^#?([a-z0-9][a-z0-9_-]{0,79})$/i.exec(value);
  if (platform === 'sandbox' && plain) return { kind: 'set', channelId: (plain[1] as string).toLowerCase() };
  return { kind: 'invalid' };
}

/** A DM cannot be a review channel (Slack and sandbox DMs are recognisable by id). */
function isDm(channelId: string, platform: Platform): boolean {
  return (platform === 'slack' && channelId.startsWith('D')) || (platform === 'sandbox' && channelId.startsWith('D-'));
}

/** How a channel id is shown (chat text is escaped, so a mention would not render): `#name` in the sandbox, the id elsewhere. */
export function channelLabel(channelId: string, platform: Platform): string {
  return platform === 'sandbox' ? `#${inline(channelId, 80)}` : code(`#${channelId}`, 84);
}

/** The org's review settings as shown in chat. */
export function reviewSettingsBlocks(t: Translate, platform: Platform, review: ReviewSettings | undefined): Block[] {
  const rules = reviewRulesOf(review);
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: t('review:settings.channel'), value: rules.channelId ? channelLabel(rules.channelId, platform) : t('review:settings.channel_none') },
        { label: t('review:settings.hold'), value: rules.holdFirstReplies > 0 ? t('review:settings.hold_value', { count: rules.holdFirstReplies }) : t('review:settings.hold_off') },
        { label: t('review:settings.words'), value: rules.triggerWords.length > 0 ? rules.triggerWords.map((w) => inline(w, 40)).join(', ') : t('review:settings.words_none') },
        { label: t('review:settings.confidence'), value: t('review:settings.confidence_value', { percent: Math.round(rules.confidenceBelow * 100) }) },
      ],
    },
    { type: 'context', text: t('review:settings.always') },
  ];
  if (!rules.channelId) blocks.push({ type: 'context', text: t('review:settings.no_channel_yet') });
  blocks.push({ type: 'context', text: t('review:settings.change_hint') });
  return blocks;
}

export async function reviewSettings(ctx: HandlerContext<Services>, options: OptionValues) {
  const { t, org } = ctx;
  const next: ReviewSettings = { ...(org.review ?? {}) };
  if (typeof options.review_channel === 'string') {
    const choice = parseReviewChannel(options.review_channel, org.platform);
    if (choice.kind === 'invalid') return errorView(t, 'review:settings.channel_invalid', { value: inline(options.review_channel, 40) });
    if (choice.kind === 'here' && (!ctx.channelId || isDm(ctx.channelId, org.platform))) return errorView(t, 'review:settings.channel_needs_here');
    if (choice.kind === 'off') delete next.channelId;
    else next.channelId = choice.kind === 'here' ? (ctx.channelId as string) : choice.channelId;
  }
  if (typeof options.review_hold === 'number') next.holdFirstReplies = options.review_hold;
  if (typeof options.review_confidence === 'number') next.confidenceBelow = options.review_confidence / 100;
  if (typeof options.review_words === 'string') {
    const raw = options.review_words.trim();
    const words = ['-', 'none', 'off'].includes(raw.toLowerCase()) ? [] : parseTriggerWords(raw);
    if (words.length > REVIEW_LIMITS.words || words.some((w) => w.length > REVIEW_LIMITS.wordLength)) {
      return errorView(t, 'review:settings.words_too_many', { max: REVIEW_LIMITS.words, length: REVIEW_LIMITS.wordLength });
    }
    next.triggerWords = words;
  }
  const updated = await ctx.services.store.orgs.update(org.id, { review: next });
  await auditByMember(ctx, {
    action: 'org.updated',
    subject: { type: 'org', id: org.id },
    data: { fields: ['review'], review: { ...next, triggerWords: next.triggerWords?.length ?? null } },
  });
  return ephemeral(noticeView(t('review:settings.saved'), [{ type: 'section', text: t('review:settings.title') }, ...reviewSettingsBlocks(t, org.platform, updated.review)]));
}
