/**
 * Neutral View -> Block Kit, inside Slack's limits (limits.ts): long sections split, actions
 * split into blocks of 25, button text cut to 75, selects to 100 options (with a note), at most
 * 50 blocks per message (the rest summarized in a note). Our markdown becomes mrkdwn with
 * everything escaped first; voter quotes are escaped and sent `verbatim`, so they cannot ping.
 * Action ids are made unique per message (action-ids.ts); values carry our ids only.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { Block, Button, Select, View } from '../../core/views/view.js';
import type { Translate } from '../../commands/framework/definition.js';
import { uniqueActionIds } from './action-ids.js';
import { SLACK_LIMITS as L, splitText, truncate } from './limits.js';
import { plain, toMrkdwn, voterMrkdwn } from './mrkdwn.js';

export type SlackBlock = SlackTypes.KnownBlock;
export interface RenderedMessage {
  text: string;
  blocks: SlackBlock[];
}

const mrkdwn = (text: string, verbatim = false): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text, ...(verbatim ? { verbatim: true } : {}) });
const plainText = (text: string): SlackTypes.PlainTextElement => ({ type: 'plain_text', text, emoji: true });

function sections(text: string, verbatim = false): SlackBlock[] {
  return splitText(text, L.sectionText).filter((t) => t.trim() !== '').map((t) => ({ type: 'section', text: mrkdwn(t, verbatim) }));
}

function progressText(label: string, done: number, total: number): string {
  const d = Math.max(0, Math.floor(Number(done) || 0));
  const n = Math.max(0, Math.floor(Number(total) || 0));
  const pct = n > 0 ? Math.max(0, Math.min(100, Math.round((d / n) * 100))) : 0;
  const filled = Math.round(pct / 5);
  return `${toMrkdwn(label)}\n\`${'█'.repeat(filled)}${'░'.repeat(20 - filled)}\` ${d} / ${n} (${pct}%)`;
}

type Element = Button | Select;

function renderElement(e: Element, actionId: string, t: Translate, notes: string[]): SlackTypes.ActionsBlockElement | null {
  if (e.type === 'button') {
    // Slack has no disabled buttons: a disabled one is left out.
    if (e.disabled) return null;
    if (e.value !== undefined && e.value.length > L.buttonValue) return null;
    return {
      type: 'button',
      action_id: actionId,
      text: plainText(truncate(plain(e.label), L.buttonText) || '…'),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.style === 'primary' || e.style === 'danger' ? { style: e.style } : {}),
    };
  }
  const options = e.options.filter((o) => o.value.length > 0 && o.value.length <= L.optionValue);
  if (options.length === 0) return null;
  if (options.length > L.optionsPerSelect) notes.push(t('slack:limits.more_options', { shown: L.optionsPerSelect, total: options.length }));
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plainText(truncate(plain(e.placeholder), L.placeholder) || '…'),
    options: options.slice(0, L.optionsPerSelect).map((o) => ({ text: plainText(truncate(plain(o.label), L.optionText) || '…'), value: o.value })),
  };
}

function renderBlock(block: Block, ids: () => string, t: Translate): SlackBlock[] {
  switch (block.type) {
    case 'section':
      return sections(toMrkdwn(block.text));
    case 'quote':
      return sections(voterMrkdwn(block.text), true);
    case 'context': {
      const text = truncate(toMrkdwn(block.text), L.contextText);
      return text.trim() ? [{ type: 'context', elements: [mrkdwn(text)] }] : [];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'progress':
      return [{ type: 'section', text: mrkdwn(progressText(block.label, block.done, block.total)) }];
    case 'fields': {
      const out: SlackBlock[] = [];
      const fields = block.fields.map((f) => mrkdwn(truncate(`*${toMrkdwn(plain(f.label))}*\n${toMrkdwn(f.value)}`, L.fieldText)));
      for (let i = 0; i < fields.length; i += L.fieldsPerSection) out.push({ type: 'section', fields: fields.slice(i, i + L.fieldsPerSection) });
      return out;
    }
    case 'actions': {
      const notes: string[] = [];
      const elements = block.elements.map((e) => renderElement(e, ids(), t, notes)).filter((e): e is SlackTypes.ActionsBlockElement => e !== null);
      const out: SlackBlock[] = [];
      for (let i = 0; i < elements.length; i += L.elementsPerActions) out.push({ type: 'actions', elements: elements.slice(i, i + L.elementsPerActions) });
      for (const note of notes) out.push({ type: 'context', elements: [mrkdwn(escapeNote(note))] });
      return out;
    }
    default:
      return [];
  }
}

const escapeNote = (note: string): string => toMrkdwn(note);

/** Blocks for a message (max 50) or a modal (max 100). */
export function renderBlocks(blocks: readonly Block[], t: Translate, maxBlocks: number = L.blocksPerMessage): SlackBlock[] {
  const elementIds = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.id) : []));
  const unique = uniqueActionIds(elementIds);
  let next = 0;
  const ids = () => unique[next++] as string;
  const out = blocks.flatMap((b) => renderBlock(b, ids, t));
  if (out.length <= maxBlocks) return out;
  const kept = out.slice(0, maxBlocks - 1);
  kept.push({ type: 'context', elements: [mrkdwn(toMrkdwn(t('slack:limits.more_blocks', { count: out.length - kept.length })))] });
  return kept;
}

/** A whole message: fallback text (escaped, for notifications) and blocks. */
export function renderView(view: View, t: Translate): RenderedMessage {
  const text = truncate(toMrkdwn(view.text), L.fallbackText) || ' ';
  return { text, blocks: renderBlocks(view.blocks, t) };
}

/** A view as one mrkdwn text (file comments, where blocks cannot go). */
export function viewAsMrkdwn(view: View): string {
  const parts = view.blocks.flatMap((b) => (b.type === 'section' || b.type === 'context' ? [toMrkdwn(b.text)] : b.type === 'quote' ? [voterMrkdwn(b.text)] : []));
  return truncate(parts.length > 0 ? parts.join('\n') : toMrkdwn(view.text), L.sectionText);
}
