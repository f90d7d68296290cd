/**
 * Neutral View -> a Discord message body, within Discord's limits: markdown content (2,000
 * characters; longer views move into one embed description of up to 4,096), buttons in action
 * rows of at most 5, a select alone in its row, at most 5 rows, 25 select options, labels cut to
 * size and `custom_id`s checked (custom-id.ts). Every message says `allowed_mentions: {parse: []}`
 * so nothing in it can ping @everyone, a role or a user.
 * Section/context/field text is the command's markdown subset (names in it were made inert by the
 * views); `quote` blocks are voter text and are escaped; a view without blocks is plain text.
 */
import type { Block, Button, Select, View } from '../../core/views/view.js';
import { actionCustomId, CustomIdError } from './custom-id.js';
import { clip, escapeText, quoteText } from './escape.js';

export const LIMITS = {
  content: 2000,
  embedDescription: 4096,
  rows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  buttonLabel: 80,
  optionLabel: 100,
  optionValue: 100,
  placeholder: 150,
} as const;

/** Discord button styles: Primary 1, Secondary 2, Danger 4. */
const STYLE = { primary: 1, default: 2, danger: 4 } as const;

export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
  disabled?: boolean;
}
export interface DiscordSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  options: { label: string; value: string }[];
  min_values: 1;
  max_values: 1;
}
export interface DiscordRow {
  type: 1;
  components: (DiscordButton | DiscordSelect)[];
}
export interface AllowedMentions {
  parse: [];
}
export interface DiscordMessage {
  content: string;
  embeds: { description: string; color: number }[];
  components: DiscordRow[];
  allowed_mentions: AllowedMentions;
  flags?: number;
}

/** Nothing in the message may ping: no @everyone/@here, no roles, no users. */
export function noMentions(): AllowedMentions {
  return { parse: [] };
}
/** Discord's blurple, for the embed bar of long views. */
const EMBED_COLOR = 0x5865f2;

export interface RenderOptions {
  /** Told when something had to be left out to fit Discord's limits. */
  warn?(obj: object, msg: string): void;
}

function progressLine(label: string, done: number, total: number): string {
  const d = Math.max(0, Math.floor(Number(done) || 0));
  const n = Math.max(0, Math.floor(Number(total) || 0));
  const filled = n > 0 ? Math.min(10, Math.round((d / n) * 10)) : 0;
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${label}`;
}

function blockText(block: Block): string | null {
  switch (block.type) {
    case 'section':
      return block.text;
    case 'context':
      return block.text
        .split('\n')
        .map((line) => (line.trim() ? `-# ${line}` : line))
        .join('\n');
    case 'fields':
      return block.fields.map((f) => `**${f.label}:** ${f.value}`).join('\n');
    case 'divider':
      return '';
    case 'progress':
      return progressLine(block.label, block.done, block.total);
    case 'quote':
      return quoteText(block.text);
    case 'actions':
      return null;
    default:
      return null;
  }
}

/** The markdown of a view (no components), before any length limit. */
export function viewMarkdown(view: View): string {
  const parts = view.blocks.map(blockText).filter((p): p is string => p !== null);
  const text = parts.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text || escapeText(view.text);
}

/** Mints unique custom_ids within one message. */
function idMinter(opts: RenderOptions) {
  const seen = new Map<string, number>();
  return (id: string, value: string | undefined): string | null => {
    const key = `${id}\u0000${value ?? ''}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    try {
      return actionCustomId(id, value, n);
    } catch (err) {
      if (!(err instanceof CustomIdError)) throw err;
      opts.warn?.({ actionId: id, length: err.customId.length }, 'discord: a button value is too long for a custom_id; button disabled');
      return null;
    }
  };
}

function button(b: Button, mint: ReturnType<typeof idMinter>, index: number): DiscordButton {
  const customId = mint(b.id, b.value);
  return {
    type: 2,
    style: STYLE[b.style ?? 'default'],
    label: clip(b.label, LIMITS.buttonLabel) || '·',
    // A button whose id could not be encoded is shown disabled under an inert id.
    custom_id: customId ?? `tbx:${index}`,
    ...(b.disabled || customId === null ? { disabled: true } : {}),
  };
}

function select(s: Select, mint: ReturnType<typeof idMinter>, opts: RenderOptions): DiscordSelect | null {
  const options = s.options.filter((o) => o.value.length <= LIMITS.optionValue);
  if (options.length < s.options.length) opts.warn?.({ selectId: s.id }, 'discord: select option values longer than 100 characters were left out');
  if (options.length > LIMITS.selectOptions) opts.warn?.({ selectId: s.id, options: options.length }, 'discord: a select was cut to 25 options');
  const customId = mint(s.id, undefined);
  if (!customId || options.length === 0) return null;
  return {
    type: 3,
    custom_id: customId,
    placeholder: clip(s.placeholder, LIMITS.placeholder),
    options: options.slice(0, LIMITS.selectOptions).map((o) => ({ label: clip(o.label, LIMITS.optionLabel) || o.value, value: o.value })),
    min_values: 1,
    max_values: 1,
  };
}

/** Action blocks -> rows: buttons 5 to a row, each select alone in its row, 5 rows at most. */
export function renderComponents(view: View, opts: RenderOptions = {}): DiscordRow[] {
  const mint = idMinter(opts);
  const rows: DiscordRow[] = [];
  let index = 0;
  for (const block of view.blocks) {
    if (block.type !== 'actions') continue;
    let current: DiscordButton[] = [];
    const flush = (): void => {
      if (current.length) rows.push({ type: 1, components: current });
      current = [];
    };
    for (const el of block.elements) {
      index += 1;
      if (el.type === 'button') {
        if (current.length === LIMITS.buttonsPerRow) flush();
        current.push(button(el, mint, index));
      } else {
        flush();
        const rendered = select(el, mint, opts);
        if (rendered) rows.push({ type: 1, components: [rendered] });
      }
    }
    flush();
  }
  if (rows.length > LIMITS.rows) opts.warn?.({ rows: rows.length }, 'discord: more than 5 rows of buttons; the extra rows were left out');
  return rows.slice(0, LIMITS.rows);
}

/** The whole message: content (or one embed when long), components, and no mentions. */
export function renderMessage(view: View, opts: RenderOptions = {}): DiscordMessage {
  const markdown = viewMarkdown(view);
  const components = renderComponents(view, opts);
  if (markdown.length <= LIMITS.content) return { content: markdown, embeds: [], components, allowed_mentions: noMentions() };
  return {
    content: '',
    embeds: [{ description: clip(markdown, LIMITS.embedDescription), color: EMBED_COLOR }],
    components,
    allowed_mentions: noMentions(),
  };
}

/** A short notice with no components (errors the adapter itself shows). */
export function noticeMessage(text: string): DiscordMessage {
  return { content: clip(text, LIMITS.content), embeds: [], components: [], allowed_mentions: noMentions() };
}
