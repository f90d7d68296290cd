// The stats chart as neutral data: every label already in the reader's language, every number
// ready to draw. The app's chart renderer (src/adapters/charts) turns it into a PNG; the text view
// (views/stats.ts) stays the complete answer, the chart is an addition with an alt text.
import type { Lang } from '../../core/model/common.js';
import type { CampaignStats } from '../../core/stats/stats-service.js';
import type { Translate } from '../framework/definition.js';
import { num, percent } from './text.js';

export interface StatsChartSeries {
  label: string;
  values: number[];
}

export interface StatsChartBars {
  title: string;
  /** Shown instead of the bars when there is nothing to draw. */
  empty?: string;
  bars: { label: string; value: number; display: string }[];
  /** Bars are shares in percent (axis 0..100) rather than counts. */
  percent?: boolean;
}

export interface StatsChart {
  lang: Lang;
  title: string;
  /** Describes the picture for people who cannot see it (screen readers, alt text). */
  alt: string;
  hourly: { title: string; empty: string; hours: string[]; sent: StatsChartSeries; replies: StatsChartSeries };
  rates: StatsChartBars;
  survey: StatsChartBars[];
}

/** Collapses whitespace; chart text is drawn as-is (no chat markup to escape). */
const plain = (s: string): string => s.replace(/\s+/g, ' ').trim();

function hourLabel(hour: string, lang: Lang): string {
  const at = new Date(`${hour}:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(at);
}

export function statsChart(t: Translate, s: CampaignStats, lang: Lang): StatsChart {
  const name = plain(s.name);
  const hours = s.hourly.map((p) => hourLabel(p.hour, lang));
  const answered = s.survey
    .map((q) => ({ q, total: q.answers.reduce((a, b) => a + b.count, 0) }))
    .filter(({ total }) => total > 0);
  const survey: StatsChartBars[] = answered.map(({ q, total }) => ({
    title: t('charts:survey.question', { question: plain(q.text), total: num(total, lang) }),
    bars: q.answers.map((a) => ({ label: plain(a.label), value: a.count, display: `${num(a.count, lang)} · ${percent(total > 0 ? a.count / total : 0)}` })),
  }));
  const range = s.hourly.length > 0 ? t('charts:alt.range', { from: hours[0], to: hours[hours.length - 1] }) : t('charts:alt.no_texts');
  return {
    lang,
    title: t('charts:title', { name }),
    alt: t('charts:alt.text', { name, range, replyRate: percent(s.replyRate), optOutRate: percent(s.optOutRate), questions: num(survey.length, lang) }),
    hourly: {
      title: t('charts:hourly.title'),
      empty: t('charts:hourly.empty'),
      hours,
      sent: { label: t('charts:hourly.sent', { n: num(s.initials, lang) }), values: s.hourly.map((p) => p.sent) },
      replies: { label: t('charts:hourly.replies', { n: num(s.replies, lang) }), values: s.hourly.map((p) => p.replies) },
    },
    rates: {
      title: t('charts:rates.title', { initials: num(s.initials, lang) }),
      percent: true,
      bars: [
        { label: t('charts:rates.reply'), value: s.replyRate * 100, display: percent(s.replyRate) },
        { label: t('charts:rates.optout'), value: s.optOutRate * 100, display: percent(s.optOutRate) },
      ],
    },
    survey,
  };
}
