// View -> Block Kit inside Slack's limits, with voter text escaped and our markdown subset
// turned into mrkdwn (DESIGN: Neutral views). Real locales for the notes.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderBlocks, renderView } from '../../../src/adapters/slack/render.js';
import { SLACK_LIMITS } from '../../../src/adapters/slack/limits.js';
import { actionIdOf, uniqueActionIds } from '../../../src/adapters/slack/action-ids.js';
import { createI18n } from '../../../src/app/i18n.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import type { Block, Button, View } from '../../../src/core/views/view.js';

let t: Translate;
beforeAll(async () => {
  const i18n = await createI18n('en');
  t = (key, params) => i18n.t('en')(key, params ?? {}) as string;
});

type Out = { type: string; text?: { type: string; text: string; verbatim?: boolean }; elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string; options?: unknown[] }[]; fields?: unknown[] };
const out = (blocks: Block[]) => renderBlocks(blocks, t) as unknown as Out[];
const button = (id: string, label: string, value?: string): Button => ({ type: 'button', id, label, ...(value !== undefined ? { value } : {}) });

describe('render limits', () => {
  it('splits 60 buttons into actions blocks of at most 25 elements', () => {
    const blocks = out([{ type: 'actions', elements: Array.from({ length: 60 }, (_, i) => button('canned', `Reply ${i}`, `["c1","r${i}"]`)) }]);
    expect(blocks.map((b) => b.elements?.length)).toEqual([25, 25, 10]);
    expect(blocks.every((b) => b.type === 'actions')).toBe(true);
  });

  it('cuts button text to 75 characters with an ellipsis', () => {
    const [b] = out([{ type: 'actions', elements: [button('send', 'x'.repeat(200), '["a","b"]')] }]);
    const text = (b?.elements?.[0]?.text as { text: string }).text;
    expect([...text]).toHaveLength(SLACK_LIMITS.buttonText);
    expect(text.endsWith('…')).toBe(true);
  });

  it('splits a select past 100 options into two selects with the same action, never cutting', () => {
    const options = Array.from({ length: 140 }, (_, i) => ({ label: `Member ${i}`, value: `m${i}` }));
    const blocks = out([{ type: 'actions', elements: [{ type: 'select', id: 'reassign', placeholder: 'Pick', options }] }]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.elements?.map((e) => e.options?.length)).toEqual([100, 40]);
    expect(blocks[0]?.elements?.map((e) => actionIdOf(e.action_id ?? ''))).toEqual(['reassign', 'reassign']);
  });

  it('moves buttons into a "More" select only when the 50 blocks run short, by priority', () => {
    const texts = Array.from({ length: 48 }, (_, i) => ({ type: 'section' as const, text: `Item ${i}` }));
    const canned = Array.from({ length: 30 }, (_, i) => button('canned', `Reply ${i}`, `["c1","r${i}"]`));
    const answers = Array.from({ length: 3 }, (_, i) => button('survey', `A${i}`, `["c1","q","a${i}"]`));
    const blocks = out([
      ...texts,
      { type: 'actions', elements: canned, overflow: { placeholder: 'More replies', priority: 2 } },
      { type: 'actions', elements: answers, overflow: { placeholder: 'More answers', priority: 1 } },
    ]);
    expect(blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    const [cannedBlock, surveyBlock] = blocks.slice(-2);
    expect(surveyBlock?.elements?.map((e) => e.type)).toEqual(['button', 'button', 'button']);
    expect(cannedBlock?.elements?.filter((e) => e.type === 'button')).toHaveLength(24);
    const more = cannedBlock?.elements?.at(-1);
    expect(more?.type).toBe('static_select');
    expect(more?.options).toHaveLength(6);
    expect(actionIdOf(more?.action_id ?? '')).toBe('canned');
  });

  it('splits section text over 3000 characters into several sections, none over the limit', () => {
    const long = Array.from({ length: 120 }, (_, i) => `Line ${i} ${'word '.repeat(10)}`).join('\n');
    const blocks = out([{ type: 'section', text: long }]);
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect([...(b.text?.text ?? '')].length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blocks.map((b) => b.text?.text).join('\n')).toBe(long);
  });

  it('never sends more than 50 blocks per message: the rest is summarized in a note', () => {
    const blocks = out(Array.from({ length: 80 }, (_, i) => ({ type: 'section' as const, text: `Item ${i}` })));
    expect(blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    expect(JSON.stringify(blocks.at(-1))).toContain('31 more not shown');
  });

  it('drops button values over 2000 characters and disabled buttons (Slack has neither)', () => {
    const [b] = out([{ type: 'actions', elements: [button('a', 'A', 'v'.repeat(2001)), { ...button('b', 'B', 'ok'), disabled: true }, button('c', 'C', 'ok')] }]);
    expect(b?.elements?.map((e) => e.action_id)).toEqual(['c']);
  });

  it('fields: at most 10 per section block', () => {
    const fields = Array.from({ length: 13 }, (_, i) => ({ label: `L${i}`, value: `${i}` }));
    expect(out([{ type: 'fields', fields }]).map((b) => b.fields?.length)).toEqual([10, 3]);
  });
});

describe('action ids and values', () => {
  it('makes repeated action ids unique per message (canned:0, canned:1) and keeps values as ids', () => {
    const blocks = out([
      { type: 'actions', elements: [button('canned', 'Thanks', '["c1","thanks"]'), button('canned', 'Sorry', '["c1","sorry"]')] },
      { type: 'actions', elements: [button('survey', 'Yes', '["c1","q","yes"]'), button('confirm_optout', 'Opt out', 'c1')] },
    ]);
    const ids = blocks.flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);
    expect(ids).toEqual(['canned:0', 'canned:1', 'survey', 'confirm_optout']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(blocks[0]?.elements?.map((e) => e.value)).toEqual(['["c1","thanks"]', '["c1","sorry"]']);
    expect(ids.map((id) => actionIdOf(id ?? ''))).toEqual(['canned', 'canned', 'survey', 'confirm_optout']);
  });

  it('uniqueActionIds leaves single ids alone', () => {
    expect(uniqueActionIds(['send', 'skip', 'send'])).toEqual(['send:0', 'skip', 'send:1']);
  });
});

describe('escaping and mrkdwn', () => {
  it('escapes voter text so <!channel>, @here and <@U123> cannot ping, and sends it verbatim', () => {
    const [q] = out([{ type: 'quote', text: 'Hi <!channel> @here <@U123> & *bold*\nline two', voter: true }]);
    expect(q?.text).toEqual({ type: 'mrkdwn', text: '>Hi &lt;!channel&gt; @here &lt;@U123&gt; &amp; *bold*\n>line two', verbatim: true });
  });

  it('converts **bold**, keeps _italic_ and `code`, and turns [text](url) into <url|text>', () => {
    const [s] = out([{ type: 'section', text: '**Maria** said _yes_ to `gotv`: see [the plan](https://example.org/a?b=1&c=2)' }]);
    expect(s?.text?.text).toBe('*Maria* said _yes_ to `gotv`: see <https://example.org/a?b=1&amp;c=2|the plan>');
  });

  it('escapes everything else first: no injected mention or link survives', () => {
    const [s] = out([{ type: 'section', text: 'a <!everyone> b [x](javascript:alert(1)) c <https://evil|x>' }]);
    expect(s?.text?.text).toBe('a &lt;!everyone&gt; b [x](javascript:alert(1)) c &lt;https://evil|x&gt;');
  });

  it('the fallback text is escaped too (it reaches notifications)', () => {
    const view: View = { text: 'New reply <!here>', blocks: [] };
    expect(renderView(view, t)).toEqual({ text: 'New reply &lt;!here&gt;', blocks: [] });
  });

  it('renders progress as a bar with counts', () => {
    const [p] = out([{ type: 'progress', label: 'Texted', done: 3, total: 4 }]);
    expect(p?.text?.text).toBe('Texted\n`███████████████░░░░░` 3 / 4 (75%)');
  });
});
