// Number lookup views: the plan with its Run button, the run's one progress message, and its
// report. Counts, line types and reason words only: never a voter's phone.
import type { Lang } from '../../core/model/common.js';
import { doneOf, LOOKUP_CACHE_DAYS, type LookupReport } from '../../core/lookups/model.js';
import type { LookupPlan } from '../../core/lookups/plan.js';
import type { Block, View } from '../../core/views/view.js';
import { ACTION } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import { inline, num, when } from './text.js';

/** "$0.31": a price in the reader's number format (prices below a cent keep their digits). */
export function money(amount: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: amount > 0 && amount < 0.1 ? 4 : 2 }).format(amount);
}

export function planView(t: Translate, d: { campaign: { id: string; name: string }; plan: LookupPlan; unitPrice: number; currency: string; lang: Lang }): View {
  const title = t('lookup:plan.title', { campaign: inline(d.campaign.name) });
  const p = d.plan;
  const blocks: Block[] = [
    { type: 'section', text: `**${title}**` },
    {
      type: 'fields',
      fields: [
        { label: t('lookup:plan.needing'), value: num(p.needing, d.lang) },
        { label: t('lookup:plan.cached'), value: num(p.cached, d.lang) },
        { label: t('lookup:plan.to_pay'), value: num(p.toPay, d.lang) },
        { label: t('lookup:plan.cost'), value: money(p.cost, d.currency, d.lang) },
      ],
    },
    { type: 'context', text: t('lookup:plan.explain', { price: money(d.unitPrice, d.currency, d.lang), days: LOOKUP_CACHE_DAYS }) },
    { type: 'actions', elements: [{ type: 'button', id: ACTION.lookupRun, label: t('lookup:plan.run', { cost: money(p.cost, d.currency, d.lang) }), style: 'primary', value: d.campaign.id }] },
  ];
  return { text: title, blocks };
}

export function progressView(t: Translate, d: { campaignName: string; report: LookupReport; lang: Lang }): View {
  const title = t('lookup:progress.title', { campaign: inline(d.campaignName) });
  const done = doneOf(d.report);
  const total = Math.max(d.report.total, done);
  return {
    text: title,
    blocks: [
      { type: 'section', text: `**${title}**` },
      { type: 'progress', label: t('lookup:progress.done', { done: num(done, d.lang), total: num(total, d.lang) }), done, total },
      { type: 'context', text: countsLine(t, d.report, d.lang) },
    ],
  };
}

function countsLine(t: Translate, r: LookupReport, lang: Lang): string {
  const failed = Object.values(r.failed).reduce((a, b) => a + (b ?? 0), 0);
  return t('lookup:progress.counts', { mobile: num(r.lineTypes.mobile, lang), landline: num(r.lineTypes.landline, lang), voip: num(r.lineTypes.voip, lang), unknown: num(r.lineTypes.unknown, lang), failed: num(failed, lang) });
}

export function reportView(t: Translate, d: { campaignName: string; report: LookupReport; unitPrice: number; currency: string; lang: Lang; finishedAt: Date; stopped?: string }): View {
  const r = d.report;
  const stopped = d.stopped ?? r.stopped;
  const campaign = inline(d.campaignName);
  const title = stopped ? t(`lookup:report.stopped.${stopped}`, { campaign, defaultValue: t('lookup:report.stopped.other', { campaign }) }) : t('lookup:report.title', { campaign });
  const blocks: Block[] = [
    { type: 'section', text: `**${title}**` },
    {
      type: 'fields',
      fields: [
        { label: t('lookup:line.mobile'), value: num(r.lineTypes.mobile, d.lang) },
        { label: t('lookup:line.landline'), value: num(r.lineTypes.landline, d.lang) },
        { label: t('lookup:line.voip'), value: num(r.lineTypes.voip, d.lang) },
        { label: t('lookup:line.unknown'), value: num(r.lineTypes.unknown, d.lang) },
        { label: t('lookup:report.cached'), value: num(r.cached, d.lang) },
        { label: t('lookup:report.charged'), value: t('lookup:report.charged_value', { count: r.paid, shown: num(r.paid, d.lang), cost: money(r.paid * d.unitPrice, d.currency, d.lang) }) },
      ],
    },
  ];
  const fails = Object.entries(r.failed).filter(([, n]) => (n ?? 0) > 0).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  if (fails.length > 0) {
    const lines = fails.map(([reason, n]) => `• ${t(`lookup:fail.${reason}`, { defaultValue: t('lookup:fail.other') })}: ${num(n ?? 0, d.lang)}`);
    blocks.push({ type: 'section', text: `${t('lookup:report.failed_why')}\n${lines.join('\n')}` });
  }
  if (r.lineTypes.landline + r.lineTypes.voip > 0) blocks.push({ type: 'context', text: t('lookup:report.never_claimed') });
  if (stopped) blocks.push({ type: 'context', text: t('lookup:report.stopped_hint') });
  blocks.push({ type: 'context', text: t('lookup:report.footer', { at: when(d.finishedAt, d.lang) }) });
  return { text: title, blocks };
}
