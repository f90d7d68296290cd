/**
 * Neutral View -> a Discord message body, within Discord's limits and without dropping anything
 * (DESIGN: Neutral views): markdown content up to 2,000 characters; a longer view is split at line
 * breaks over embed descriptions (4,096 each, 6,000 in all, 10 embeds), with the content holding
 * the first part when the embeds alone cannot. Actions are laid out by fit-actions.ts in at most
 * 5 rows of 5 buttons (a select alone in its row, 25 options); when they do not fit, the buttons
 * of lower priority move into "More ..." selects that route to the same handlers. `custom_id`s are
 * checked (custom-id.ts). Every message says `allowed_mentions: {parse: []}` so nothing in it can
 * ping @everyone, a role or a user.
 * Section/context/field text is the command's markdown subset (names in it were made inert by the
 * views); `quote` blocks are voter text and are escaped; a view without blocks is plain text.
 */
import type { Block, Button, Select, View } from '../../core/views/view.js';
import { fitActions, type ActionLimits } from '../../core/views/fit-actions.js';
import { actionCustomId, CustomIdError } from './custom-id.js';
import { clip, escapeText, quoteText } from './escape.js';

export const LIMITS = {
  content: 2000,
  embedDescription: 4096,
  /** All embeds of one message together. */
  embedTotal: 6000,
  embeds: 10,
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
  embeds: DiscordEmbed[];
  components: DiscordRow[];
  allowed_mentions: AllowedMentions;
  flags?: number;
}

/** A text embed (long views), or an image embed (MMS media: `image.url` is our public address, the description its alt text). */
export interface DiscordEmbed {
  description: string;
  color: number;
  image?: { url: string };
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
    // Labels are capped at 75 upstream (campaign caps, views' inline()): the clip is only a guard.
    label: clip(b.label, LIMITS.buttonLabel) || '·',
    // A button whose id could not be encoded is shown disabled under an inert id.
    custom_id: customId ?? `tbx:${index}`,
    ...(b.disabled || customId === null ? { disabled: true } : {}),
  };
}

function select(s: Select, mint: ReturnType<typeof idMinter>, opts: RenderOptions): DiscordSelect | null {
  // Views keep option values within VALUE_MAX and fit-actions splits selects to 25 options, so
  // nothing here is left out for a view the commands build; the guard only reports a broken view.
  const options = s.options.filter((o) => o.value.length <= LIMITS.optionValue);
  if (options.length < s.options.length) opts.warn?.({ selectId: s.id }, 'discord: select option values longer than 100 characters were left out');
  const customId = mint(s.id, undefined);
  if (!customId || options.length === 0) return null;
  return {
    type: 3,
    custom_id: customId,
    placeholder: clip(s.placeholder, LIMITS.placeholder),
    options: options.map((o) => ({ label: clip(o.label, LIMITS.optionLabel) || o.value, value: o.value })),
    min_values: 1,
    max_values: 1,
  };
}

/** Discord's component limits as fit-actions sees them. */
export const DISCORD_ACTION_LIMITS: ActionLimits = { maxRows: LIMITS.rows, perRow: LIMITS.buttonsPerRow, optionsPerSelect: LIMITS.selectOptions, selectOwnRow: true };

/**
 * Action blocks -> rows: at most 5, buttons 5 to a row, each select alone in its row. Buttons
 * that do not fit move into selects (by the view's overflow priority) instead of being left out.
 */
export function renderComponents(view: View, opts: RenderOptions = {}): DiscordRow[] {
  const mint = idMinter(opts);
  const fitted = fitActions(view.blocks, DISCORD_ACTION_LIMITS);
  if (fitted.moved > 0) opts.warn?.({ moved: fitted.moved }, 'discord: buttons past 5 rows were moved into selects');
  if (!fitted.fits) opts.warn?.({ rows: fitted.rows.flat().length }, 'discord: actions need more than 5 rows even as selects; the last rows are not shown');
  const rows: DiscordRow[] = [];
  let index = 0;
  for (const row of fitted.rows.flat()) {
    const components: (DiscordButton | DiscordSelect)[] = [];
    for (const el of row) {
      index += 1;
      if (el.type === 'button') components.push(button(el, mint, index));
      else {
        const rendered = select(el, mint, opts);
        if (rendered) components.push(rendered);
      }
    }
    if (components.length) rows.push({ type: 1, components });
  }
  return rows.slice(0, LIMITS.rows);
}

/**
 * Splits markdown at line breaks into pieces of at most `max` characters; a single longer line is
 * cut between characters (never inside a surrogate pair or right after an escape backslash).
 */
export function splitMarkdown(text: string, max: number): string[] {
  const out: string[] = [];
  let current: string | null = null;
  const push = (): void => {
    if (current !== null && current !== '') out.push(current);
    current = null;
  };
  for (const line of text.split('\n')) {
    const candidate: string = current === null ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    push();
    let rest = line;
    while (rest.length > max) {
      let cut = max;
      if (/[\ud800-\udbff]/.test(rest[cut - 1] ?? '')) cut -= 1;
      while (cut > 1 && /(^|[^\\])(\\\\)*\\$/.test(rest.slice(0, cut))) cut -= 1;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  push();
  return out;
}

/** Content and embed descriptions that together hold all of `markdown`, or null when Discord cannot. */
function packText(markdown: string): { content: string; embeds: string[] } | null {
  if (markdown.length <= LIMITS.content) return { content: markdown, embeds: [] };
  const fits = (parts: string[]): boolean => parts.length <= LIMITS.embeds && parts.reduce((n, p) => n + p.length, 0) <= LIMITS.embedTotal;
  const embedsOnly = splitMarkdown(markdown, LIMITS.embedDescription);
  if (fits(embedsOnly)) return { content: '', embeds: embedsOnly };
  const head = splitMarkdown(markdown, LIMITS.content)[0];
  const tail = splitMarkdown(markdown.slice(head?.length ?? 0).replace(/^\n/, ''), LIMITS.embedDescription);
  if (head !== undefined && fits(tail)) return { content: head, embeds: tail };
  return null;
}

/** The view's pictures (http(s) addresses only), shown as image embeds. */
function images(view: View): { url: string; alt: string }[] {
  return view.blocks.flatMap((b) => (b.type === 'image' && /^https?:\/\//.test(b.url) ? [{ url: b.url, alt: b.alt }] : []));
}

/** The whole message: content (and embeds when long), components, and no mentions. */
export function renderMessage(view: View, opts: RenderOptions = {}): DiscordMessage {
  const markdown = viewMarkdown(view);
  const components = renderComponents(view, opts);
  const packed = packText(markdown);
  if (packed) {
    const embeds: DiscordEmbed[] = packed.embeds.map((description) => ({ description, color: EMBED_COLOR }));
    for (const image of images(view)) {
      if (embeds.length < LIMITS.embeds) embeds.push({ description: clip(escapeText(image.alt), 200) || '·', color: EMBED_COLOR, image: { url: image.url } });
      else opts.warn?.({ images: 1 }, 'discord: more images than embeds; the image is left as a link');
    }
    return { content: packed.content, embeds, components, allowed_mentions: noMentions() };
  }
  // Past 8,000 characters no single message can hold the view: the cut is marked (…) and
  // reported. Commands split such views into several replies before they get here.
  opts.warn?.({ length: markdown.length }, 'discord: a view longer than one message can hold was cut');
  const parts = splitMarkdown(markdown, LIMITS.embedDescription);
  const embeds: string[] = [];
  let total = 0;
  for (const p of parts) {
    if (embeds.length === LIMITS.embeds - 1 || total + p.length > LIMITS.embedTotal - 1) break;
    embeds.push(p);
    total += p.length;
  }
  embeds.push('…');
  return { content: '', embeds: embeds.map((description) => ({ description, color: EMBED_COLOR })), components, allowed_mentions: noMentions() };
}

/** A short notice with no components (errors the adapter itself shows). */
export function noticeMessage(text: string): DiscordMessage {
  return { content: clip(text, LIMITS.content), embeds: [], components: [], allowed_mentions: noMentions() };
}
