// CRM views: connection status, a sync run's progress and report, and the notices of connect and
// disconnect. Counts and closed reason codes only: never an API key, never a voter's phone.
import type { Lang } from '../../core/model/common.js';
import type { CrmConnection, CrmRun, CrmRunReport } from '../../core/crm/model.js';
import type { CrmKind } from '../../core/ports.js';
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { code, inline, num, when } from './text.js';

export const kindName = (t: Translate, kind: CrmKind): string => t(`crm:kind.${kind}`);

/** "no_van_id: 3" lines in words, biggest first. */
function reasonLines(t: Translate, counts: Record<string, number>, group: 'skip' | 'fail', lang: Lang, examples: Record<string, string[]> = {}): string[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => {
      const label = t(`crm:${group}.${reason}`, { defaultValue: t(`crm:${group}.other`) });
      const ids = examples[reason]?.length ? ` — ${t('crm:report.examples', { ids: examples[reason].map((id) => code(id, 30)).join(', ') })}` : '';
      return `• ${label}: ${num(n, lang)}${ids}`;
    });
}

export function runProgressView(t: Translate, d: { kind: CrmKind; campaignName: string; report: CrmRunReport; lang: Lang }): View {
  const title = t('crm:progress.title', { crm: kindName(t, d.kind), campaign: inline(d.campaignName) });
  const r = d.report;
  const failed = Object.values(r.failed).reduce((a, b) => a + b, 0);
  const skipped = Object.values(r.skipped).reduce((a, b) => a + b, 0);
  return {
    text: title,
    blocks: [
      { type: 'section', text: `**${title}**` },
      { type: 'progress', label: t('crm:progress.read', { read: num(r.read, d.lang), total: num(r.total, d.lang) }), done: r.read, total: Math.max(r.total, r.read) },
      { type: 'context', text: t('crm:progress.counts', { sent: num(r.sent, d.lang), skipped: num(skipped, d.lang), failed: num(failed, d.lang) }) },
    ],
  };
}

export function runReportView(t: Translate, d: { kind: CrmKind; campaignName: string; report: CrmRunReport; lang: Lang; stopped?: string; finishedAt: Date }): View {
  const r = d.report;
  const title = d.stopped
    ? t(`crm:report.stopped.${d.stopped}`, { crm: kindName(t, d.kind), campaign: inline(d.campaignName), defaultValue: t('crm:report.stopped.other', { crm: kindName(t, d.kind) }) })
    : t('crm:report.title', { crm: kindName(t, d.kind), campaign: inline(d.campaignName) });
  const blocks: Block[] = [
    { type: 'section', text: `**${title}**` },
    {
      type: 'fields',
      fields: [
        { label: t('crm:report.sent'), value: num(r.sent, d.lang) },
        { label: t('crm:report.skipped'), value: num(Object.values(r.skipped).reduce((a, b) => a + b, 0), d.lang) },
        { label: t('crm:report.failed'), value: num(Object.values(r.failed).reduce((a, b) => a + b, 0), d.lang) },
        { label: t('crm:report.read'), value: `${num(r.read, d.lang)} / ${num(r.total, d.lang)}` },
      ],
    },
  ];
  const skips = reasonLines(t, r.skipped, 'skip', d.lang);
  if (skips.length) blocks.push({ type: 'section', text: `${t('crm:report.skipped_why')}\n${skips.join('\n')}` });
  const fails = reasonLines(t, r.failed, 'fail', d.lang, r.examples);
  if (fails.length) blocks.push({ type: 'section', text: `${t('crm:report.failed_why')}\n${fails.join('\n')}` });
  if (r.unmapped) blocks.push({ type: 'context', text: t('crm:report.unmapped', { count: r.unmapped, shown: num(r.unmapped, d.lang) }) });
  blocks.push({ type: 'context', text: t('crm:report.footer', { at: when(d.finishedAt, d.lang) }) });
  return { text: title, blocks };
}

export function statusView(t: Translate, d: { connections: CrmConnection[]; runs: (CrmRun & { campaignName: string })[]; lang: Lang }): View {
  if (d.connections.length === 0) {
    const text = t('crm:status.none');
    return { text, blocks: [{ type: 'section', text }] };
  }
  const blocks: Block[] = [];
  for (const c of d.connections) {
    const fields = [
      { label: t('crm:status.connected_at'), value: when(c.connectedAt, d.lang) },
      { label: t('crm:status.mapped'), value: num(c.mappings.length, d.lang) },
    ];
    if (c.account) fields.push({ label: t('crm:status.account'), value: inline(c.account, 60) });
    if (c.appName) fields.push({ label: t('crm:status.app_name'), value: inline(c.appName, 60) });
    if (c.mode) fields.push({ label: t('crm:status.mode'), value: t(`crm:mode.${c.mode}`) });
    blocks.push({ type: 'section', text: `**${kindName(t, c.kind)}** — ${t('crm:status.key_sealed')}` }, { type: 'fields', fields });
  }
  if (d.runs.length) {
    const lines = d.runs.map((r) =>
      t('crm:status.run_line', {
        campaign: inline(r.campaignName, 40),
        crm: kindName(t, r.kind),
        status: t(`crm:run_status.${r.status}`),
        sent: num(r.report.sent, d.lang),
        failed: num(Object.values(r.report.failed).reduce((a, b) => a + b, 0), d.lang),
        at: when(r.finishedAt ?? r.createdAt, d.lang),
      }),
    );
    blocks.push({ type: 'section', text: `${t('crm:status.runs')}\n${lines.map((l) => `• ${l}`).join('\n')}` });
  }
  blocks.push({ type: 'context', text: t('crm:status.footer') });
  return { text: t('crm:status.title'), blocks };
}

/** The VAN bulk-upload file is ready; contacts without a VAN ID are counted, never silently left out. */
export function vanExportReadyView(t: Translate, d: { campaignName: string; fileName: string; rows: number; noVanId: number; lang: Lang }): View {
  const text = t('crm:export.ready', { campaign: inline(d.campaignName), file: inline(d.fileName, 120), rows: num(d.rows, d.lang) });
  const blocks: Block[] = [{ type: 'section', text }];
  if (d.noVanId > 0) blocks.push({ type: 'section', text: `⚠️ ${t('crm:export.no_van_id', { count: d.noVanId, shown: num(d.noVanId, d.lang) })}` });
  blocks.push({ type: 'context', text: t('crm:export.how') }, { type: 'context', text: t('commands:export.privacy') });
  return { text, blocks };
}
