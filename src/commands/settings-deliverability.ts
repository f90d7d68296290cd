// `/textbank settings deliverability_warn:<percent> deliverability_pause:<percent>
// deliverability_window:<sends>` (owners): the deliverability guardrail's thresholds. The reply
// (and `/textbank settings sms`) shows the values in force; they apply from the next outcome on.
import { DeliverabilitySettings, DELIVERABILITY_DEFAULTS, DELIVERABILITY_LIMITS, deliverabilityOf, minSampleOf } from '../core/deliverability/settings.js';
import type { Lang } from '../core/model/common.js';
import type { Org } from '../core/model/org.js';
import type { Block, Reply } from '../core/views/view.js';
import { errorView } from './framework/error-view.js';
import type { HandlerContext, Translate } from './framework/definition.js';
import type { OptionSpec, OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { num } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

export const DELIVERABILITY_OPTIONS: readonly OptionSpec[] = [
  { name: 'deliverability_warn', type: 'integer', descriptionKey: 'deliverability:options.warn', min: DELIVERABILITY_LIMITS.percentMin, max: DELIVERABILITY_LIMITS.percentMax },
  { name: 'deliverability_pause', type: 'integer', descriptionKey: 'deliverability:options.pause', min: DELIVERABILITY_LIMITS.percentMin, max: DELIVERABILITY_LIMITS.percentMax },
  { name: 'deliverability_window', type: 'integer', descriptionKey: 'deliverability:options.window', min: DELIVERABILITY_LIMITS.windowMin, max: DELIVERABILITY_LIMITS.windowMax },
];

export function hasDeliverabilityOptions(options: OptionValues): boolean {
  return options.deliverability_warn !== undefined || options.deliverability_pause !== undefined || options.deliverability_window !== undefined;
}

/** The thresholds in force, and how to change them. */
export function deliverabilityBlocks(t: Translate, org: Pick<Org, 'deliverability'>, lang: Lang): Block[] {
  const s = deliverabilityOf(org);
  return [
    { type: 'section', text: `**${t('deliverability:settings.title')}**` },
    {
      type: 'fields',
      fields: [
        { label: t('deliverability:settings.warn'), value: t('deliverability:settings.percent', { percent: num(s.warnPercent, lang) }) },
        { label: t('deliverability:settings.pause'), value: t('deliverability:settings.percent', { percent: num(s.pausePercent, lang) }) },
        { label: t('deliverability:settings.window'), value: t('deliverability:settings.sends', { count: num(s.window, lang) }) },
      ],
    },
    { type: 'context', text: t('deliverability:settings.hint', { min: minSampleOf(s), warn: DELIVERABILITY_DEFAULTS.warnPercent, pause: DELIVERABILITY_DEFAULTS.pausePercent, window: DELIVERABILITY_DEFAULTS.window }) },
  ];
}

export async function deliverabilitySettings(ctx: HandlerContext<Services>, options: OptionValues): Promise<Reply> {
  const { t, org } = ctx;
  const current = deliverabilityOf(org);
  const next = {
    warnPercent: typeof options.deliverability_warn === 'number' ? options.deliverability_warn : current.warnPercent,
    pausePercent: typeof options.deliverability_pause === 'number' ? options.deliverability_pause : current.pausePercent,
    window: typeof options.deliverability_window === 'number' ? options.deliverability_window : current.window,
  };
  // A warning only helps before the pause.
  if (next.warnPercent >= next.pausePercent) return errorView(t, 'deliverability:settings.order', { warn: next.warnPercent, pause: next.pausePercent });
  const parsed = DeliverabilitySettings.safeParse(next);
  if (!parsed.success) return errorView(t, 'deliverability:settings.order', { warn: next.warnPercent, pause: next.pausePercent });
  const { store } = ctx.services;
  const updated = await store.orgs.update(org.id, { deliverability: parsed.data });
  await auditByMember(ctx, {
    action: 'org.updated',
    subject: { type: 'org', id: org.id },
    data: { fields: ['deliverability'], ...parsed.data },
  });
  return ephemeral(noticeView(`✅ ${t('deliverability:settings.saved')}`, deliverabilityBlocks(t, updated, ctx.lang)));
}
