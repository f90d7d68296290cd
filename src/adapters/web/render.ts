/**
 * Neutral View -> HTML for the sandbox page (server-side; the page inserts the result).
 * Every string is escaped; section/context/field text gets the markdown subset after escaping;
 * voter quotes (`quote` with voter: true) are plain escaped text, never markdown. Buttons and
 * selects carry their action id and value only: the server re-builds everything else.
 */
import type { Block, Button, Select, View } from '../../core/views/view.js';
import { escapeHtml, plainText, renderMarkdown } from './markdown.js';

function renderButton(b: Button): string {
  const style = b.style === 'primary' ? ' tb-btn-primary' : b.style === 'danger' ? ' tb-btn-danger' : '';
  const value = b.value === undefined ? '' : ` data-value="${escapeHtml(b.value)}"`;
  const disabled = b.disabled ? ' disabled' : '';
  return `<button type="button" class="tb-btn${style}" data-action-id="${escapeHtml(b.id)}"${value}${disabled}>${escapeHtml(b.label)}</button>`;
}

function renderSelect(s: Select): string {
  const options = s.options.map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`).join('');
  return (
    `<select class="tb-select" data-action-id="${escapeHtml(s.id)}" aria-label="${escapeHtml(s.placeholder)}">` +
    `<option value="" selected disabled>${escapeHtml(s.placeholder)}</option>${options}</select>`
  );
}

/** done/total as a whole percentage in 0..100 (0 when total is 0 or values are not numbers). */
export function percent(done: number, total: number): number {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

export function renderBlock(block: Block): string {
  switch (block.type) {
    case 'section':
      return `<div class="tb-section">${renderMarkdown(block.text)}</div>`;
    case 'context':
      return `<div class="tb-context">${renderMarkdown(block.text)}</div>`;
    case 'divider':
      return '<hr class="tb-divider">';
    case 'fields':
      return `<dl class="tb-fields">${block.fields
        .map((f) => `<div class="tb-field"><dt>${escapeHtml(f.label)}</dt><dd>${renderMarkdown(f.value)}</dd></div>`)
        .join('')}</dl>`;
    case 'progress': {
      const done = Math.max(0, Math.floor(Number(block.done) || 0));
      const total = Math.max(0, Math.floor(Number(block.total) || 0));
      const pct = percent(done, total);
      return (
        `<div class="tb-progress"><div class="tb-progress-label"><span>${escapeHtml(block.label)}</span><span class="tb-progress-count">${done} / ${total}</span></div>` +
        `<div class="tb-progress-track" role="progressbar" aria-label="${escapeHtml(block.label)}" aria-valuemin="0" aria-valuemax="${total}" aria-valuenow="${done}">` +
        `<div class="tb-progress-fill" style="width:${pct}%"></div></div></div>`
      );
    }
    case 'actions':
      return `<div class="tb-actions">${block.elements.map((e) => (e.type === 'button' ? renderButton(e) : renderSelect(e))).join('')}</div>`;
    case 'quote':
      return `<blockquote class="tb-quote tb-voter">${plainText(block.text)}</blockquote>`;
    case 'image':
      // Only http(s) or our own /media/ paths reach src: never a javascript: or data: address.
      return /^(https?:\/\/|\/media\/)/.test(block.url)
        ? `<figure class="tb-image"><img src="${escapeHtml(block.url)}" alt="${escapeHtml(block.alt)}" loading="lazy"></figure>`
        : '';
    default:
      return '';
  }
}

/** A whole view; a view with no blocks shows its fallback text (escaped, with the markdown subset). */
export function renderView(view: View): string {
  if (view.blocks.length === 0) return `<div class="tb-section">${renderMarkdown(view.text)}</div>`;
  return view.blocks.map(renderBlock).join('');
}
