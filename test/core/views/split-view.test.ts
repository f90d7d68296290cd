// Long views go out as several messages at block boundaries, never cut: every block is kept, in
// order, and each part stays within the budget every platform can show.
import { describe, expect, it } from 'vitest';
import { SPLIT_BUDGET, splitReplies, splitView } from '../../../src/core/views/split-view.js';
import type { Block, View } from '../../../src/core/views/view.js';

const quote = (n: number, seed = 'a'): Block => ({ type: 'quote', text: seed.repeat(n), voter: true });

describe('splitView', () => {
  it('keeps a view within budget whole, and splits a long one at block boundaries without losing a block', () => {
    const small: View = { text: 't', blocks: [{ type: 'section', text: 'hi' }, quote(1600)] };
    expect(splitView(small)).toEqual([small]);
    const blocks = Array.from({ length: 12 }, () => quote(1600, '*\n'));
    const parts = splitView({ text: 't', blocks }, (n, total) => `part ${n}/${total}`);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.blocks).filter((b) => b.type === 'quote')).toEqual(blocks);
    expect(parts[1]?.blocks[0]).toEqual({ type: 'context', text: `part 2/${parts.length}` });
  });

  it('counts Slack blocks too: 60 short sections become two messages under 50 blocks', () => {
    const parts = splitView({ text: 't', blocks: Array.from({ length: 60 }, (_, i) => ({ type: 'section' as const, text: `Item ${i}` })) });
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.blocks.length).toBeLessThanOrEqual(SPLIT_BUDGET.slackBlocks);
  });

  it('splitReplies keeps each kind; an update changes in place and the rest goes to the actor', () => {
    const long: View = { text: 't', blocks: Array.from({ length: 60 }, (_, i) => ({ type: 'section' as const, text: `Item ${i}` })) };
    expect(splitReplies([{ kind: 'thread', conversationId: 'c1', view: long }]).map((r) => r.kind)).toEqual(['thread', 'thread']);
    expect(splitReplies([{ kind: 'update', view: long }]).map((r) => r.kind)).toEqual(['update', 'ephemeral']);
    const none = { kind: 'none' } as const;
    expect(splitReplies([none])).toEqual([none]);
  });
});
