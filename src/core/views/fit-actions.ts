/**
 * Lays out a view's actions within a platform's limits without dropping a control (DESIGN:
 * Neutral views; nothing is silently dropped). Each renderer passes its own limits; the result is
 * a list of rows per actions block. When rows run short, blocks marked `overflow` keep as many
 * buttons as fit, in priority order, and the rest move (in order) into selects whose id is the
 * buttons' action id and whose option values are the buttons' values, so a choice reaches the
 * same handler with the same ids. Selects longer than a platform allows are split, never cut.
 */
import type { Block, Button, Select } from './view.js';

export interface ActionLimits {
  /** Rows the actions of one message may use (Discord action rows, Slack actions blocks). */
  maxRows: number;
  /** Elements in one row (Discord: 5 buttons; Slack: 25 elements). */
  perRow: number;
  /** Options in one select (Discord 25, Slack 100). */
  optionsPerSelect: number;
  /** A select takes a row of its own (Discord) or sits among the buttons (Slack). */
  selectOwnRow: boolean;
}

export type Element = Button | Select;
export type ActionsBlock = Extract<Block, { type: 'actions' }>;

export interface FittedActions {
  /** Rows per actions block of the view, in view order (index = position among actions blocks). */
  rows: Element[][][];
  /** True when every control got a place within maxRows. */
  fits: boolean;
  /** Buttons that were moved into selects. */
  moved: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Existing selects split into pieces the platform can hold; same id, placeholder kept. */
function splitSelect(s: Select, max: number): Select[] {
  if (s.options.length <= max) return [s];
  return chunk(s.options, max).map((options) => ({ ...s, options }));
}

/** The buttons from `from` on, as selects: one per action id (in first-seen order), split to size. */
function overflowSelects(buttons: readonly Button[], placeholder: string, max: number): Select[] {
  const byId = new Map<string, { label: string; value: string }[]>();
  for (const b of buttons) {
    const list = byId.get(b.id) ?? [];
    list.push({ label: b.label, value: b.value ?? '' });
    byId.set(b.id, list);
  }
  return [...byId].flatMap(([id, options]) => splitSelect({ type: 'select', id, placeholder, options }, max));
}

/** Rows for one block when its first `keep` movable buttons stay buttons. */
function layout(block: ActionsBlock, keep: number, limits: ActionLimits): Element[][] {
  const movable = block.overflow !== undefined;
  const buttons: Button[] = [];
  const selects: Select[] = [];
  const moved: Button[] = [];
  for (const el of block.elements) {
    if (el.type === 'select') selects.push(...splitSelect(el, limits.optionsPerSelect));
    else if (movable && !el.disabled && el.value !== undefined && buttons.length >= keep) moved.push(el);
    else buttons.push(el);
  }
  if (block.overflow) selects.push(...overflowSelects(moved, block.overflow.placeholder, limits.optionsPerSelect));
  if (limits.selectOwnRow) return [...chunk(buttons, limits.perRow), ...selects.map((s) => [s])];
  return chunk<Element>([...buttons, ...selects], limits.perRow);
}

function movableCount(block: ActionsBlock): number {
  if (!block.overflow) return 0;
  return block.elements.filter((e) => e.type === 'button' && !e.disabled && e.value !== undefined).length;
}

/** The layout keeping the most buttons within `budget` rows (or the smallest layout when none fits). */
function best(block: ActionsBlock, budget: number, limits: ActionLimits): Element[][] {
  const n = movableCount(block);
  const full = layout(block, Number.POSITIVE_INFINITY, limits);
  if (full.length <= budget || n === 0) return full;
  let smallest = full;
  for (let keep = n - 1; keep >= 0; keep -= 1) {
    const rows = layout(block, keep, limits);
    if (rows.length <= budget) return rows;
    if (rows.length < smallest.length) smallest = rows;
  }
  return smallest;
}

/** Fits every actions block of `blocks` into `limits`, keeping buttons by priority. */
export function fitActions(blocks: readonly Block[], limits: ActionLimits): FittedActions {
  const actions = blocks.filter((b): b is ActionsBlock => b.type === 'actions');
  const rows = actions.map((b) => best(b, 0, limits));
  const total = (): number => rows.reduce((n, r) => n + r.length, 0);
  let spare = limits.maxRows - total();
  // Blocks that cannot move keep their rows; the others grow back toward buttons by priority.
  const order = actions
    .map((b, i) => ({ i, priority: b.overflow ? b.overflow.priority : Number.NEGATIVE_INFINITY }))
    .sort((a, b) => a.priority - b.priority || a.i - b.i);
  for (const { i } of order) {
    const block = actions[i] as ActionsBlock;
    const current = (rows[i] as Element[][]).length;
    if (spare <= 0 || !block.overflow) continue;
    const grown = best(block, current + spare, limits);
    if (grown.length <= current + spare) {
      spare -= grown.length - current;
      rows[i] = grown;
    }
  }
  const moved = actions.reduce((n, b, i) => {
    const kept = (rows[i] as Element[][]).flat().filter((e) => e.type === 'button').length;
    return n + (b.elements.filter((e) => e.type === 'button').length - kept);
  }, 0);
  return { rows, fits: total() <= limits.maxRows, moved };
}
