// Actions are laid out within a platform's rows without dropping a control: buttons that do not
// fit move, by priority, into selects with the same action id and values; long selects split.
import { describe, expect, it } from 'vitest';
import { fitActions, type ActionLimits } from '../../../src/core/views/fit-actions.js';
import type { Block, Button } from '../../../src/core/views/view.js';
import { splitView } from '../../../src/core/views/split-view.js';

const DISCORD: ActionLimits = { maxRows: 5, perRow: 5, optionsPerSelect: 25, selectOwnRow: true };
const buttons = (id: string, n: number): Button[] => Array.from({ length: n }, (_, i) => ({ type: 'button', id, label: `${id} ${i}`, value: `${id}-${i}` }));
const group = (id: string, n: number, priority: number): Block => ({ type: 'actions', elements: buttons(id, n), overflow: { placeholder: `More ${id}`, priority } });

/** Every (action id, value) pair the fitted rows can send. */
function reachable(rows: ReturnType<typeof fitActions>['rows']): string[] {
  return rows.flat(2).flatMap((e) => (e.type === 'button' ? [`${e.id}:${e.value}`] : e.options.map((o) => `${e.id}:${o.value}`)));
}

describe('fitActions', () => {
  it('keeps everything as buttons when it fits', () => {
    const fitted = fitActions([group('canned', 10, 2)], DISCORD);
    expect(fitted).toMatchObject({ fits: true, moved: 0 });
    expect(fitted.rows[0]!.map((r) => r.length)).toEqual([5, 5]);
  });

  it('moves the lowest priority first and never loses a control', () => {
    const blocks: Block[] = [
      { type: 'actions', elements: [{ type: 'button', id: 'confirm', label: 'Confirm', value: 'c' }, { type: 'button', id: 'dismiss', label: 'Dismiss', value: 'c' }] },
      group('canned', 25, 2),
      group('survey', 12, 1),
      { type: 'actions', elements: [{ type: 'select', id: 'tag', placeholder: 'Tag', options: Array.from({ length: 30 }, (_, i) => ({ label: `t${i}`, value: `t${i}` })) }] },
    ];
    const fitted = fitActions(blocks, DISCORD);
    expect(fitted.fits).toBe(true);
    expect(fitted.rows.flat().length).toBe(5);
    // Opt-out row kept; the tag select split in two (30 options); survey and canned become one select each.
    const [optout, canned, survey, tags] = fitted.rows;
    expect(optout).toHaveLength(1);
    expect(tags!.map((r) => r[0]?.type === 'select' && r[0].options.length)).toEqual([25, 5]);
    expect(survey!.flat().filter((e) => e.type === 'select')).toHaveLength(1);
    expect(canned!.flat().every((e) => e.type === 'select' && e.id === 'canned' && e.placeholder === 'More canned')).toBe(true);
    const expected = [...['c'].flatMap((v) => [`confirm:${v}`, `dismiss:${v}`]), ...buttons('canned', 25).map((b) => `canned:${b.value}`), ...buttons('survey', 12).map((b) => `survey:${b.value}`), ...Array.from({ length: 30 }, (_, i) => `tag:t${i}`)];
    expect(reachable(fitted.rows).sort()).toEqual(expected.sort());
  });

  it('says when even selects cannot fit, and splitView then moves the extra rows into a follow-up message', () => {
    const blocks = Array.from({ length: 6 }, (_, i) => group(`g${i}`, 3, i));
    const fitted = fitActions(blocks, DISCORD);
    expect(fitted.fits).toBe(false);
    expect(reachable(fitted.rows)).toHaveLength(18);
    const parts = splitView({ text: 't', blocks: [{ type: 'section', text: 'hello' }, ...blocks] });
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(fitActions(p.blocks, DISCORD).fits).toBe(true);
    expect(parts.flatMap((p) => reachable(fitActions(p.blocks, DISCORD).rows)).sort()).toEqual(reachable(fitted.rows).sort());
  });
});
