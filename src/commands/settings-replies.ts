// `/textbank settings nudge_minutes:<n> release_minutes:<n>` (owners): how long a voter's reply
// may wait before its volunteer gets one nudge, and before the conversation moves to the
// campaign's reply pool. The reply shows the values in force. New values apply to replies that
// arrive from now on (timers already waiting keep the times they were set with).
import { REPLY_TIMER_DEFAULTS, replyTimersOf, type Org } from '../core/model/org.js';
import type { Reply } from '../core/views/view.js';
import { errorView } from './framework/error-view.js';
import type { HandlerContext, Translate } from './framework/definition.js';
import type { OptionSpec, OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { saveOrgSetting } from './support/org-setting.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { num } from './views/text.js';

/** One week, in minutes: the longest either timer may be. */
const MAX_MINUTES = 10_080;

export const replyTimerOptions: readonly OptionSpec[] = [
  { name: 'nudge_minutes', type: 'integer', descriptionKey: 'replies:options.nudge_minutes', min: 1, max: MAX_MINUTES },
  { name: 'release_minutes', type: 'integer', descriptionKey: 'replies:options.release_minutes', min: 1, max: MAX_MINUTES },
];

/** True when the settings command was given one of the reply-timer options. */
export function hasReplyTimerOptions(options: OptionValues): boolean {
  return options.nudge_minutes !== undefined || options.release_minutes !== undefined;
}

function timerBlocks(t: Translate, org: Org, lang: Parameters<typeof num>[1]) {
  const { nudgeMinutes, releaseMinutes } = replyTimersOf(org);
  return [
    { type: 'fields' as const, fields: [
      { label: t('replies:settings.nudge'), value: t('replies:settings.minutes', { minutes: num(nudgeMinutes, lang) }) },
      { label: t('replies:settings.release'), value: t('replies:settings.minutes', { minutes: num(releaseMinutes, lang) }) },
    ] },
    { type: 'context' as const, text: t('replies:settings.hint', { nudge: REPLY_TIMER_DEFAULTS.nudgeMinutes, release: REPLY_TIMER_DEFAULTS.releaseMinutes }) },
  ];
}

export async function replyTimerSettings(ctx: HandlerContext<Services>, options: OptionValues): Promise<Reply> {
  const { t, org } = ctx;
  const current = replyTimersOf(org);
  const nudge = typeof options.nudge_minutes === 'number' ? options.nudge_minutes : current.nudgeMinutes;
  const release = typeof options.release_minutes === 'number' ? options.release_minutes : current.releaseMinutes;
  // The nudge is a warning before the release: it must come first.
  if (nudge >= release) return errorView(t, 'replies:settings.order', { nudge, release });
  const updated = await saveOrgSetting(ctx, { replyNudgeMinutes: nudge, replyReleaseMinutes: release });
  return ephemeral(noticeView(`✅ ${t('replies:settings.saved')}`, timerBlocks(t, updated, ctx.lang)));
}
