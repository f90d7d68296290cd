// Import and export views: progress while a file is read, the import report (what was imported,
// skipped and why, with line numbers), the opt-out list import report, and the export notice.
import type { ImportReport } from '../../core/contacts/import/report.js';
import type { RowRejection } from '../../core/contacts/import/reasons.js';
import type { Lang } from '../../core/model/common.js';
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { code, inline, num } from './text.js';

/** How many rejected lines are listed by number (all are counted). */
export const LISTED_INVALID = 10;

export interface ProgressData {
  fileName: string;
  rows: number;
  bytes: number;
  totalBytes?: number;
  lang: Lang;
}

export function importProgressView(t: Translate, d: ProgressData): View {
  const total = d.totalBytes && d.totalBytes > 0 ? d.totalBytes : 0;
  const done = total ? Math.min(d.bytes, total) : 0;
  const percent = total ? Math.floor((done / total) * 100) : 0;
  const text = t('commands:import.progress', { file: inline(d.fileName), rows: num(d.rows, d.lang) });
  return {
    text,
    blocks: [
      { type: 'section', text },
      ...(total ? [{ type: 'progress' as const, label: t('commands:import.progress_label', { percent }), done, total }] : []),
    ],
  };
}

function invalidBlocks(t: Translate, invalid: readonly RowRejection[], total: number, lang: Lang): Block[] {
  if (total === 0) return [];
  const lines = invalid
    .slice(0, LISTED_INVALID)
    .map((r) => `• ${t('import:report.invalidLine', { line: r.line, reason: t(`import:reason.${r.reason}`) })}`);
  const blocks: Block[] = [{ type: 'section', text: t('commands:import.invalid_title', { n: num(total, lang) }) }];
  blocks.push({ type: 'section', text: lines.join('\n') });
  if (total > lines.length) blocks.push({ type: 'context', text: t('commands:import.invalid_more', { n: num(total - lines.length, lang) }) });
  return blocks;
}

export function importReportView(t: Translate, d: { report: ImportReport; campaignName: string; fileName: string; lang: Lang }): View {
  const r = d.report;
  const n = (v: number): string => num(v, d.lang);
  const summary = t('import:report.summary', { imported: n(r.imported), rows: n(r.rows), duplicates: n(r.duplicates), optedOut: n(r.optedOut), invalid: n(r.invalidTotal) });
  const blocks: Block[] = [
    { type: 'section', text: t('commands:import.done_title', { file: inline(d.fileName), campaign: inline(d.campaignName) }) },
    { type: 'progress', label: t('commands:import.imported_label', { imported: n(r.imported), rows: n(r.rows) }), done: r.imported, total: r.rows },
    {
      type: 'fields',
      fields: [
        { label: t('commands:import.imported'), value: n(r.imported) },
        { label: t('commands:import.duplicates'), value: n(r.duplicates) },
        { label: t('commands:import.opted_out'), value: n(r.optedOut) },
        { label: t('commands:import.invalid'), value: n(r.invalidTotal) },
      ],
    },
    ...invalidBlocks(t, r.invalid, r.invalidTotal, d.lang),
  ];
  if (r.missingFields.length > 0) {
    blocks.push({ type: 'section', text: `⚠️ ${t('import:report.missingFields', { fields: r.missingFields.map((f) => code(f)).join(', ') })}` });
  }
  blocks.push({ type: 'context', text: t('commands:import.columns', { columns: columnList(r) }) });
  return { text: summary, blocks };
}

function columnList(r: ImportReport): string {
  const c = r.columns;
  const named = [c.phone, c.firstName, c.lastName, c.zip, c.state, c.language, ...c.custom].filter((x): x is string => Boolean(x));
  return named.map((x) => code(x, 30)).join(', ') || '-';
}

export interface OptOutImportReport {
  rows: number;
  added: number;
  already: number;
  duplicates: number;
  invalid: RowRejection[];
  invalidTotal: number;
}

export function optOutImportView(t: Translate, d: { report: OptOutImportReport; fileName: string; lang: Lang }): View {
  const r = d.report;
  const n = (v: number): string => num(v, d.lang);
  const text = t('commands:optout.import_done', { file: inline(d.fileName), added: n(r.added), rows: n(r.rows) });
  return {
    text,
    blocks: [
      { type: 'section', text },
      {
        type: 'fields',
        fields: [
          { label: t('commands:optout.import_added'), value: n(r.added) },
          { label: t('commands:optout.import_already'), value: n(r.already) },
          { label: t('commands:import.duplicates'), value: n(r.duplicates) },
          { label: t('commands:import.invalid'), value: n(r.invalidTotal) },
        ],
      },
      ...invalidBlocks(t, r.invalid, r.invalidTotal, d.lang),
    ],
  };
}

export function exportReadyView(t: Translate, d: { campaignName: string; kind: 'contacts' | 'messages'; fileName: string }): View {
  const text = t(`commands:export.ready_${d.kind}`, { campaign: inline(d.campaignName), file: inline(d.fileName, 120) });
  return { text, blocks: [{ type: 'section', text }, { type: 'context', text: t('commands:export.privacy') }] };
}
