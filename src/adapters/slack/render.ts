/**
 * Neutral View -> Block Kit, inside Slack's limits (limits.ts) without dropping anything (DESIGN:
 * Neutral views): long sections split into several sections; actions laid out by fit-actions.ts
 * in blocks of at most 25 elements, selects split at 100 options, and when the 50 blocks of a
 * message run short, buttons of lower priority move into "More ..." selects that route to the
 * same handlers. Button text is capped upstream (labels are at most 75 characters); the cut here
 * is only a visible guard. Our markdown becomes mrkdwn with everything escaped first; voter quotes
 * are escaped and sent `verbatim`, so they cannot ping.
 * Action ids are made unique per message (action-ids.ts); values carry our ids only.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { Block, Button, Select, View } from '../../core/views/view.js';
import { fitActions, type ActionLimits } from '../../core/views/fit-actions.js';
import type { Translate } from '../../commands/framework/definition.js';
import { uniqueActionIds } from './action-ids.js';
import { SLACK_LIMITS as L, truncate } from './limits.js';
import { plain, toMrkdwn, voterMrkdwn } from './mrkdwn.js';

export type SlackBlock = SlackTypes.KnownBlock;
export interface RenderedMessage {
  text: string;
  blocks: SlackBlock[];
}

const mrkdwn = (text: string, verbatim = false): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text, ...(verbatim ? { verbatim: true } : {}) });
const plainText = (text: string): SlackTypes.PlainTextElement => ({ type: 'plain_text', text, emoji: true });

/**
 * Splits mrkdwn into pieces of at most `max` characters, at line breaks when it can, never
 * inside an entity (`&amp;`) or a surrogate pair; a voter quote's continued line gets its `>`
 * again so every piece still reads as the quote.
 */
export function splitMrkdwn(text: string, max: number, quoted = false): string[] {
  const out: string[] = [];
  let current: string | null = null;
  const push = (): void => {
    if (current !== null && current.trim() !== '' && current !== '>') out.push(current);
    current = null;
  };
  for (const line of text.split('\n')) {
    const candidate: string = current === null ? line : `${current}\n${line}`;
    if ([...candidate].length <= max) {
      current = candidate;
      continue;
    }
    push();
    let rest = line;
    while ([...rest].length > max) {
      let cut = [...rest].slice(0, max).join('').length;
      const amp = rest.lastIndexOf('&', cut - 1);
      if (amp > (quoted ? 1 : 0) && !rest.slice(amp, cut).includes(';') && /^&(amp|lt|gt);/.test(rest.slice(amp))) cut = amp;
      out.push(rest.slice(0, cut));
      rest = `${quoted ? '>' : ''}${rest.slice(cut)}`;
    }
    current = rest;
  }
  push();
  return out;
}

function sections(text: string, verbatim = false): SlackBlock[] {
  return splitMrkdwn(text, L.sectionText, verbatim).map((t) => ({ type: 'section', text: mrkdwn(t, verbatim) }));
}

function progressText(label: string, done: number, total: number): string {
  const d = Math.max(0, Math.floor(Number(done) || 0));
  const n = Math.max(0, Math.floor(Number(total) || 0));
  const pct = n > 0 ? Math.max(0, Math.min(100, Math.round((d / n) * 100))) : 0;
  const filled = Math.round(pct / 5);
  return `${toMrkdwn(label)}\n\`${'█'.repeat(filled)}${'░'.repeat(20 - filled)}\` ${d} / ${n} (${pct}%)`;
}

type Element = Button | Select;

function renderElement(e: Element, actionId: string): SlackTypes.ActionsBlockElement | null {
  if (e.type === 'button') {
    // Slack has no disabled buttons: a disabled one is left out.
    if (e.disabled) return null;
    if (e.value !== undefined && e.value.length > L.buttonValue) return null;
    // Labels are capped at 75 upstream (campaign caps, views' inline()): the cut is only a guard.
    return {
      type: 'button',
      action_id: actionId,
      text: plainText(truncate(plain(e.label), L.buttonText) || '…'),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.style === 'primary' || e.style === 'danger' ? { style: e.style } : {}),
    };
  }
  // Views keep values within VALUE_MAX and fit-actions splits selects at 100 options.
  const options = e.options.filter((o) => o.value.length > 0 && o.value.length <= L.optionValue);
  if (options.length === 0) return null;
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plainText(truncate(plain(e.placeholder), L.placeholder) || '…'),
    options: options.slice(0, L.optionsPerSelect).map((o) => ({ text: plainText(truncate(plain(o.label), L.optionText) || '…'), value: o.value })),
  };
}

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'section':
      return sections(toMrkdwn(block.text));
    case 'quote':
      return sections(voterMrkdwn(block.text), true);
    case 'context': {
      // A context holds up to 10 elements of 3,000 characters: long text goes over several.
      const pieces = splitMrkdwn(toMrkdwn(block.text), L.contextText);
      const out: SlackBlock[] = [];
      for (let i = 0; i < pieces.length; i += 10) out.push({ type: 'context', elements: pieces.slice(i, i + 10).map((p) => mrkdwn(p)) });
      return out;
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'progress':
      return [{ type: 'section', text: mrkdwn(progressText(block.label, block.done, block.total)) }];
    case 'image':
      // Slack fetches image_url itself: only an http(s) address is given, never anything else.
      return /^https?:\/\//.test(block.url) && block.url.length <= L.imageUrl ? [{ type: 'image', image_url: block.url, alt_text: truncate(plain(block.alt), L.imageAlt) || '·' }] : [];
    case 'fields': {
      const out: SlackBlock[] = [];
      const fields = block.fields.map((f) => mrkdwn(truncate(`*${toMrkdwn(plain(f.label))}*\n${toMrkdwn(f.value)}`, L.fieldText)));
      for (let i = 0; i < fields.length; i += L.fieldsPerSection) out.push({ type: 'section', fields: fields.slice(i, i + L.fieldsPerSection) });
      return out;
    }
    default:
      return [];
  }
}


/** Slack's actions limits as fit-actions sees them; rows are the blocks left in the message. */
export function slackActionLimits(maxRows: number): ActionLimits {
  return { maxRows, perRow: L.elementsPerActions, optionsPerSelect: L.optionsPerSelect, selectOwnRow: false };
}

/** Blocks for a message (max 50) or a modal (max 100). */
export function renderBlocks(blocks: readonly Block[], t: Translate, maxBlocks: number = L.blocksPerMessage): SlackBlock[] {
  const rendered = blocks.map((b) => (b.type === 'actions' ? null : renderBlock(b)));
  const textBlocks = rendered.reduce((n, r) => n + (r?.length ?? 0), 0);
  const fitted = fitActions(blocks, slackActionLimits(Math.max(1, maxBlocks - textBlocks)));
  const rows = fitted.rows.flat();
  const unique = uniqueActionIds(rows.flat().map((e) => e.id));
  let next = 0;
  const ids = () => unique[next++] as string;
  let actionIndex = 0;
  const out = blocks.flatMap((b, i): SlackBlock[] => {
    if (b.type !== 'actions') return rendered[i] ?? [];
    const blockRows = fitted.rows[actionIndex++] ?? [];
    return blockRows.flatMap((row): SlackBlock[] => {
      const elements = row.map((e) => renderElement(e, ids())).filter((e): e is SlackTypes.ActionsBlockElement => e !== null);
      return elements.length ? [{ type: 'actions', elements }] : [];
    });
  });
  if (out.length <= maxBlocks) return out;
  // Only a view far past anything the commands build gets here: the cut is said, never silent.
  const kept = out.slice(0, maxBlocks - 1);
  kept.push({ type: 'context', elements: [mrkdwn(toMrkdwn(t('slack:limits.more_blocks', { count: out.length - kept.length })))] });
  return kept;
}

/** A whole message: fallback text (escaped, for notifications) and blocks. */
export function renderView(view: View, t: Translate): RenderedMessage {
  // The fallback is the notification line: with blocks, they carry the whole view and a long
  // fallback is marked (…); without blocks it is the message itself, so it goes out whole.
  if (view.blocks.length === 0) return { text: truncate(toMrkdwn(view.text), MESSAGE_TEXT_MAX) || ' ', blocks: [] };
  const text = truncate(toMrkdwn(view.text), L.fallbackText) || ' ';
  return { text, blocks: renderBlocks(view.blocks, t) };
}

/** Slack truncates a message's top-level text past 40,000 characters (chat.postMessage). */
const MESSAGE_TEXT_MAX = 40000;

/** A view as one mrkdwn text (file comments, where blocks cannot go). */
export function viewAsMrkdwn(view: View): string {
  const parts = view.blocks.flatMap((b) => (b.type === 'section' || b.type === 'context' ? [toMrkdwn(b.text)] : b.type === 'quote' ? [voterMrkdwn(b.text)] : []));
  return truncate(parts.length > 0 ? parts.join('\n') : toMrkdwn(view.text), L.sectionText);
}
