/**
 * Splits a long view into several messages at block boundaries, so no renderer has to cut it
 * (DESIGN: Neutral views; nothing is silently truncated). The budget is counted for the worst
 * case of every platform: Discord holds 8,000 characters per message (2,000 content + 6,000 in
 * embeds) and its escaping can triple a voter's text (a line break becomes `\n> `); Slack holds 50
 * blocks of 3,000 characters and its escaping can make one character five (`&` -> `&amp;`).
 */
import type { Block, Reply, View } from './view.js';
import { fitActions, type ActionLimits } from './fit-actions.js';

/** The strictest actions limits of the platforms (Discord: 5 rows of 5 buttons, a select alone in its row, 25 options). */
export const STRICT_ACTIONS: ActionLimits = { maxRows: 5, perRow: 5, optionsPerSelect: 25, selectOwnRow: true };

export const SPLIT_BUDGET = {
  /** Discord characters per message after escaping, with room for line-boundary splits. */
  characters: 7000,
  /** Slack blocks per message, with room for notes. */
  slackBlocks: 45,
} as const;

const SLACK_SECTION = 3000;

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/**
 * Characters after Discord's escaping at worst: markup and mention characters gain a backslash
 * or a zero-width space, a quoted line break becomes `\n> `, a link gains `<>`.
 */
function discordSize(text: string, quoted: boolean): number {
  return text.length + count(text, /[\\*_~`|<>[\]@#+-]/g) + (quoted ? 3 : 1) * count(text, /\n/g) + 2 * count(text, /https?:/g) + 10;
}

/** Slack blocks after escaping (`&` -> `&amp;`, `<` -> `&lt;`), in sections of 3,000. */
function slackSections(text: string): number {
  return Math.max(1, Math.ceil((text.length + 4 * count(text, /&/g) + 3 * count(text, /[<>]/g) + count(text, /\n/g)) / (SLACK_SECTION - 100)));
}

function cost(block: Block): { characters: number; slackBlocks: number } {
  switch (block.type) {
    case 'quote':
      return { characters: discordSize(block.text, true), slackBlocks: slackSections(block.text) };
    case 'section':
      return { characters: discordSize(block.text, false), slackBlocks: slackSections(block.text) };
    case 'context':
      return { characters: discordSize(block.text, false) + 4 * count(block.text, /\n/g), slackBlocks: Math.max(1, Math.ceil(slackSections(block.text) / 10)) };
    case 'fields':
      return { characters: block.fields.reduce((n, f) => n + discordSize(f.label, false) + discordSize(f.value, false), 0), slackBlocks: Math.ceil(block.fields.length / 10) };
    case 'actions':
      return { characters: 0, slackBlocks: 5 };
    default:
      return { characters: 64, slackBlocks: 1 };
  }
}

/**
 * The view as one or more views, each within SPLIT_BUDGET. `continued(n, total)` labels the
 * second and later parts (a context block at their top) so a reader sees the message goes on.
 */
export function splitView(view: View, continued?: (n: number, total: number) => string): View[] {
  const parts: Block[][] = [];
  let current: Block[] = [];
  let used = { characters: 0, slackBlocks: 0 };
  const room = { characters: SPLIT_BUDGET.characters - 200, slackBlocks: SPLIT_BUDGET.slackBlocks - 1 };
  for (const block of view.blocks) {
    const c = cost(block);
    if (current.length > 0 && (used.characters + c.characters > room.characters || used.slackBlocks + c.slackBlocks > room.slackBlocks)) {
      parts.push(current);
      current = [];
      used = { characters: 0, slackBlocks: 0 };
    }
    current.push(block);
    used = { characters: used.characters + c.characters, slackBlocks: used.slackBlocks + c.slackBlocks };
  }
  parts.push(current);
  if (parts.length === 1) return splitActions(view);
  return parts
    .map((blocks, i): View => ({
      text: view.text,
      blocks: i > 0 && continued ? [{ type: 'context', text: continued(i + 1, parts.length) }, ...blocks] : blocks,
    }))
    .flatMap(splitActions);
}

/**
 * Controls that even as selects need more rows than one message has: the message keeps the first
 * rows (laid out as the strictest platform would) and the rest follow in further messages.
 */
function splitActions(view: View): View[] {
  const fitted = fitActions(view.blocks, STRICT_ACTIONS);
  if (fitted.fits) return [view];
  const first: Block[] = [];
  const extra: Block[] = [];
  let used = 0;
  let index = 0;
  for (const block of view.blocks) {
    if (block.type !== 'actions') {
      first.push(block);
      continue;
    }
    for (const row of fitted.rows[index] ?? []) {
      const laidOut: Block = { type: 'actions', elements: row };
      if (used < STRICT_ACTIONS.maxRows) first.push(laidOut);
      else extra.push(laidOut);
      used += 1;
    }
    index += 1;
  }
  const more: View[] = [];
  for (let i = 0; i < extra.length; i += STRICT_ACTIONS.maxRows) more.push({ text: view.text, blocks: extra.slice(i, i + STRICT_ACTIONS.maxRows) });
  return [{ text: view.text, blocks: first }, ...more];
}

/**
 * Replies whose views exceed SPLIT_BUDGET become several replies of the same kind (an `update`
 * keeps its first part in place and adds the rest for the actor only), so no renderer cuts them.
 */
export function splitReplies(replies: readonly Reply[]): Reply[] {
  return replies.flatMap((r): Reply[] => {
    if (!('view' in r) || r.kind === 'file') return [r];
    const parts = splitView(r.view);
    if (parts.length === 1) return [r];
    if (r.kind === 'update') return [{ kind: 'update', view: parts[0] as View }, ...parts.slice(1).map((view): Reply => ({ kind: 'ephemeral', view }))];
    return parts.map((view): Reply => ({ ...r, view }));
  });
}
