// Campaign stats: progress bars, delivery/reply/opt-out rates, top volunteers and survey results.
// Everything comes from counters and tallies (engine stats service), never a scan.
import type { Lang } from '../../core/model/common.js';
import type { CampaignStats } from '../../core/stats/stats-service.js';
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { countsOf } from './campaign-post.js';
import { smsErrorLabel } from './outcome-labels.js';
import { variantStatsBlocks } from './variant-stats.js';
import { inline, num, percent, shareOf } from './text.js';

const TOP_VOLUNTEERS = 5;

export function statsView(t: Translate, s: CampaignStats, names: ReadonlyMap<string, string>, lang: Lang): View {
  const name = inline(s.name);
  const counts = countsOf(s.contactsByStatus);
  const n = (v: number): string => num(v, lang);
  const blocks: Block[] = [
    { type: 'section', text: t('commands:stats.title', { name, status: t(`commands:campaign.status_${s.status}`) }) },
    { type: 'progress', label: t('commands:stats.texted', { done: n(s.initials), total: n(s.contacts) }), done: s.initials, total: s.contacts },
    { type: 'progress', label: t('commands:stats.handled', { done: n(counts.done), total: n(counts.total) }), done: counts.done, total: counts.total },
    { type: 'progress', label: t('commands:stats.delivered', { done: n(s.delivered), total: n(s.sent) }), done: s.delivered, total: s.sent },
    {
      type: 'fields',
      fields: [
        { label: t('commands:stats.pending'), value: n(counts.pending) },
        { label: t('commands:stats.in_batches'), value: n(counts.assigned) },
        { label: t('commands:stats.sent'), value: n(s.sent) },
        { label: t('commands:stats.failed'), value: n(s.failed) },
        { label: t('commands:stats.reply_rate'), value: t('commands:stats.rate', { rate: percent(s.replyRate), n: n(s.repliedContacts) }) },
        { label: t('commands:stats.optout_rate'), value: t('commands:stats.rate', { rate: percent(s.optOutRate), n: n(s.optOuts) }) },
        { label: t('commands:stats.needs_reply'), value: n(s.contactsByStatus.needs_reply ?? 0) },
        { label: t('commands:stats.spam_filtered'), value: n(s.spamFiltered) },
      ],
    },
  ];
  const codes = Object.entries(s.failedByCode).filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]).slice(0, 5);
  // Tracked links: contacts who clicked, as a share of texted contacts, and all counted clicks.
  if (s.links) blocks.push({ type: 'context', text: t('links:stats.clicks', { clickers: n(s.links.clickers), texted: n(s.initials), rate: percent(s.links.clickRate), clicks: n(s.links.clicks) }) });
  if (codes.length > 0) blocks.push({ type: 'context', text: t('commands:stats.failed_codes', { codes: codes.map(([errorCode, c]) => `${inline(smsErrorLabel(t, errorCode), 60)} ×${n(c)}`).join(', ') }) });

  const top = s.volunteers.filter((v) => v.initials + v.replies > 0).slice(0, TOP_VOLUNTEERS);
  if (top.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: t('commands:stats.top_volunteers') });
    blocks.push({
      type: 'fields',
      fields: top.map((v, i) => ({
        label: `${i + 1}. ${inline(names.get(v.volunteerId) ?? t('commands:stats.unknown_volunteer'), 60)}`,
        value: t('commands:stats.volunteer_line', { initials: n(v.initials), replies: n(v.replies) }),
      })),
    });
  }
  // A/B script variants: per-variant rates with intervals, and a winner only when significant.
  if (s.variants) blocks.push(...variantStatsBlocks(t, s.variants, lang));
  for (const q of s.survey) {
    const total = q.answers.reduce((a, b) => a + b.count, 0);
    if (total === 0) continue;
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: t('commands:stats.survey_question', { question: inline(q.text, 300), total: n(total) }) });
    for (const a of q.answers) {
      blocks.push({ type: 'progress', label: `${inline(a.label, 75)} · ${percent(shareOf(a.count, total))}`, done: a.count, total });
    }
  }
  return {
    text: t('commands:stats.fallback', { name, texted: n(s.initials), total: n(s.contacts), replyRate: percent(s.replyRate) }),
    blocks,
  };
}
