// Neutral View -> Discord message JSON within Discord's limits (5 buttons a row, 5 rows, 25
// options, custom_id <= 100, content 2,000 / embed 4,096), voter text escaped, no mentions ever.
import { describe, expect, it } from 'vitest';
import {
  actionCustomId,
  CUSTOM_ID_MAX,
  escapeText,
  LIMITS,
  modalCustomId,
  MODAL_LIMITS,
  parseCustomId,
  quoteText,
  renderMessage,
  renderModal,
} from '../../../src/adapters/discord/index.js';
import type { Button, View } from '../../../src/core/views/view.js';

const buttons = (n: number, id = 'b'): Button[] => Array.from({ length: n }, (_, i) => ({ type: 'button', id: `${id}${i}`, label: `Button ${i}`, value: `v${i}` }));

/** Undo escapeText: drop the escaping backslashes, the zero-width spaces and the link brackets. */
function shown(escaped: string): string {
  return escaped.replace(/<(https?:\/\/[^>]+)>/g, '$1').replace(/\\(.)/g, '$1').replace(/\u200b/g, '');
}

/** Markup characters not preceded by an escaping backslash. */
function unescapedMarkup(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if ('*_~`|<>[]'.includes(text[i] as string)) found.push(text[i] as string);
  }
  return found;
}

describe('custom ids', () => {
  it('carry the action id and value, compactly, and round-trip', () => {
    const value = JSON.stringify(['6afc6bf00000000000000013', '6afc6bf0000000000000000b']);
    const id = actionCustomId('send', value);
    expect(id).toBe('tb:send:[6afc6bf00000000000000013,6afc6bf0000000000000000b');
    expect(parseCustomId(id)).toEqual({ kind: 'action', id: 'send', value });
    expect(parseCustomId(actionCustomId('claim', 'abc'))).toEqual({ kind: 'action', id: 'claim', value: 'abc' });
    expect(parseCustomId(actionCustomId('tag'))).toEqual({ kind: 'action', id: 'tag' });
    expect(parseCustomId(modalCustomId('script_edit', JSON.stringify(['c1', 'en'])))).toEqual({ kind: 'modal', id: 'script_edit', value: '["c1","en"]' });
    // Values that are not plain-id arrays travel as they are.
    const odd = JSON.stringify(['a b', 'c']);
    expect(parseCustomId(actionCustomId('x', odd))?.value).toBe(odd);
  });

  it('refuse ids longer than 100 characters and ids we did not mint', () => {
    expect(() => actionCustomId('send', 'x'.repeat(CUSTOM_ID_MAX))).toThrow(/custom_id/);
    expect(parseCustomId('other-app:thing')).toBeNull();
    expect(parseCustomId(`tb:send:${'x'.repeat(100)}`)).toBeNull();
  });
});

describe('voter text escaping', () => {
  it('shows markup as typed, never pings, never unfurls links', () => {
    const voter = '*bold* _it_ ~~s~~ `c` ||spoiler|| > q [x](https://evil.example) <@123> <@&9> @everyone @here\n# big\n- item\n1. first\nsee https://example.org/a_b';
    const escaped = escapeText(voter);
    expect(unescapedMarkup(escaped.replace(/<https?:\/\/[^>]+>/g, ''))).toEqual([]);
    expect(escaped).toContain('\\*bold\\*');
    expect(escaped).toContain('\\<@123\\>');
    expect(escaped).toContain('@\u200beveryone');
    expect(escaped).toContain('@\u200bhere');
    expect(escaped).toContain('\\# big');
    expect(escaped).toContain('\\- item');
    expect(escaped).toContain('1\\. first');
    expect(escaped).toContain('<https://example.org/a_b>');
    expect(shown(escaped)).toBe(voter);
    expect(quoteText('one\ntwo')).toBe('> one\n> two');
    expect(escapeText('a\u202eb\u200bc\u0007')).toBe('abc');
  });
});

describe('View -> Discord message', () => {
  it('keeps the markdown subset, escapes voter quotes and says allowed_mentions: {parse: []}', () => {
    const view: View = {
      text: 'fallback',
      blocks: [
        { type: 'section', text: '**Maria** · (212) •••-0101' },
        { type: 'quote', text: 'Count *me* in @everyone', voter: true },
        { type: 'context', text: 'small print' },
        { type: 'fields', fields: [{ label: 'Sent', value: '3' }] },
        { type: 'progress', label: '3 of 10', done: 3, total: 10 },
      ],
    };
    const m = renderMessage(view);
    expect(m.content).toBe('**Maria** · (212) •••-0101\n> Count \\*me\\* in @\u200beveryone\n-# small print\n**Sent:** 3\n▰▰▰▱▱▱▱▱▱▱ 3 of 10');
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.embeds).toEqual([]);
    expect(renderMessage({ text: 'Hi *there* @here', blocks: [] }).content).toBe('Hi \\*there\\* @\u200bhere');
  });

  it('puts buttons 5 to a row, a select alone in its row; a select past 25 options is split, never cut', () => {
    const view: View = {
      text: 't',
      blocks: [
        { type: 'actions', elements: buttons(7) },
        { type: 'actions', elements: [{ type: 'select', id: 'tag', placeholder: 'p'.repeat(200), options: Array.from({ length: 30 }, (_, i) => ({ label: `L${i}`, value: `v${i}` })) }] },
      ],
    };
    const m = renderMessage(view);
    expect(m.components.map((r) => r.components.length)).toEqual([5, 2, 1, 1]);
    const selects = m.components.flatMap((r) => r.components).filter((c) => c.type === 3);
    expect(selects.flatMap((c) => (c.type === 3 ? c.options.map((o) => o.value) : []))).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
    for (const c of selects) if (c.type === 3) expect(c.placeholder.length).toBeLessThanOrEqual(150);
  });

  it('moves buttons past 5 rows into "More" selects by priority instead of dropping them', () => {
    const warnings: string[] = [];
    const canned = Array.from({ length: 25 }, (_, i): Button => ({ type: 'button', id: 'canned', label: `Reply ${i}`, value: `["c1","r${i}"]` }));
    const answers = Array.from({ length: 4 }, (_, i): Button => ({ type: 'button', id: 'survey', label: `Answer ${i}`, value: `["c1","q","a${i}"]` }));
    const view: View = {
      text: 't',
      blocks: [
        { type: 'actions', elements: [{ type: 'button', id: 'confirm_optout', label: 'Confirm', value: 'c1' }, { type: 'button', id: 'dismiss_optout', label: 'Dismiss', value: 'c1' }] },
        { type: 'actions', elements: canned, overflow: { placeholder: 'More replies', priority: 2 } },
        { type: 'actions', elements: answers, overflow: { placeholder: 'More answers', priority: 1 } },
        { type: 'actions', elements: [{ type: 'select', id: 'tag', placeholder: 'Add a tag', options: [{ label: 'Hot', value: '["c1","hot"]' }] }] },
      ],
    };
    const m = renderMessage(view, { warn: (_o, msg) => void warnings.push(msg) });
    expect(m.components).toHaveLength(LIMITS.rows);
    // opt-out row, 5 canned buttons + a select with the other 20, the 4 answers, the tag select.
    expect(m.components.map((r) => r.components.map((c) => c.type))).toEqual([[2, 2], [2, 2, 2, 2, 2], [3], [2, 2, 2, 2], [3]]);
    const more = m.components[2]?.components[0];
    expect(more).toMatchObject({ type: 3, placeholder: 'More replies' });
    expect(more && more.type === 3 ? more.options.map((o) => o.label) : []).toEqual(Array.from({ length: 20 }, (_, i) => `Reply ${i + 5}`));
    // The select routes to the same handler with the same value as the button would.
    expect(parseCustomId(more?.custom_id ?? '')).toEqual({ kind: 'action', id: 'canned' });
    expect(more && more.type === 3 ? more.options[0]?.value : '').toBe('["c1","r5"]');
    expect(warnings.join(' ')).toMatch(/moved into selects/);
  });

  it('gives same id+value buttons distinct custom_ids and disables a button whose value does not fit', () => {
    const warnings: string[] = [];
    const view: View = {
      text: 't',
      blocks: [{ type: 'actions', elements: [
        { type: 'button', id: 'canned', label: 'A', value: 'same' },
        { type: 'button', id: 'canned', label: 'B', value: 'same' },
        { type: 'button', id: 'survey', label: 'Too long', value: JSON.stringify(['c'.repeat(40), 'q'.repeat(40), 'a'.repeat(40)]) },
      ] }],
    };
    const [row] = renderMessage(view, { warn: (_o, msg) => void warnings.push(msg) }).components;
    const ids = row!.components.map((c) => c.custom_id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.slice(0, 2)).toEqual(['tb:canned:same', 'tb2:canned:same']);
    expect(parseCustomId(ids[1]!)).toEqual({ kind: 'action', id: 'canned', value: 'same' });
    expect(row!.components[2]).toMatchObject({ disabled: true });
    expect(warnings).toHaveLength(1);
  });

  it('moves a view longer than 2,000 characters into embeds, split at line breaks, never cut', () => {
    const long = renderMessage({ text: 't', blocks: [{ type: 'section', text: 'a'.repeat(2500) }] });
    expect(long.content).toBe('');
    expect(long.embeds[0]?.description).toHaveLength(2500);
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'b'.repeat(50)}`).join('\n');
    const big = renderMessage({ text: 't', blocks: [{ type: 'quote', text: lines, voter: true }] });
    expect(big.embeds.length).toBeGreaterThan(1);
    for (const e of big.embeds) expect(e.description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect([big.content, ...big.embeds.map((e) => e.description)].filter(Boolean).join('\n')).toBe(quoteText(lines));
    expect(big.embeds.reduce((n, e) => n + e.description.length, 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    const warnings: string[] = [];
    const huge = renderMessage({ text: 't', blocks: [{ type: 'quote', text: 'b'.repeat(9000), voter: true }] }, { warn: (_o, msg) => void warnings.push(msg) });
    expect(huge.embeds.at(-1)?.description).toBe('…');
    expect(warnings.join(' ')).toMatch(/was cut/);
  });
});

describe('Modal -> Discord modal', () => {
  it('uses Label components for text, select and file inputs within the limits', () => {
    const modal = renderModal({
      id: 'settings',
      title: 'A title that is far longer than forty-five characters allows',
      submitLabel: 'Save',
      privateValue: 'c1',
      inputs: [
        { id: 'name', label: 'Name', kind: 'text', initial: 'Texas Forward', hint: 'h' },
        { id: 'notes', label: 'Notes', kind: 'textarea', optional: true },
        { id: 'visibility', label: 'Visibility', kind: 'select', initial: 'channel', options: [{ label: 'Private', value: 'private' }, { label: 'Channel', value: 'channel' }] },
        { id: 'file', label: 'File', kind: 'file' },
        { id: 'n', label: 'N', kind: 'number' },
        { id: 'sixth', label: 'Dropped', kind: 'text' },
      ],
    });
    expect(modal.custom_id).toBe('tbm:settings:c1');
    expect(modal.title.length).toBeLessThanOrEqual(MODAL_LIMITS.title);
    expect(modal.components).toHaveLength(5);
    expect(modal.components.map((c) => [c.type, c.component.type, c.component.custom_id])).toEqual([[18, 4, 'name'], [18, 4, 'notes'], [18, 3, 'visibility'], [18, 19, 'file'], [18, 4, 'n']]);
    expect(modal.components[0]).toMatchObject({ label: 'Name', description: 'h', component: { style: 1, required: true, value: 'Texas Forward' } });
    expect(modal.components[1]?.component).toMatchObject({ style: 2, required: false });
    expect(modal.components[2]?.component).toMatchObject({ options: [{ value: 'private' }, { value: 'channel', default: true }] });
  });

  it('passes the input maximum on and never cuts an initial text: longer than the maximum is an error', async () => {
    const { ModalTextTooLongError } = await import('../../../src/adapters/discord/render-modal.js');
    const modal = renderModal({ id: 'm', title: 'T', submitLabel: 'S', inputs: [{ id: 'a', label: 'A', kind: 'textarea', initial: 'x'.repeat(2999), maxLength: 3000 }, { id: 'b', label: 'B', kind: 'text' }] });
    expect(modal.components.map((c) => (c.component.type === 4 ? c.component.max_length : 0))).toEqual([3000, MODAL_LIMITS.value]);
    expect(modal.components[0]?.component).toMatchObject({ value: 'x'.repeat(2999) });
    expect(() => renderModal({ id: 'm', title: 'T', submitLabel: 'S', inputs: [{ id: 'a', label: 'A', kind: 'textarea', initial: 'x'.repeat(3001), maxLength: 3000 }] })).toThrow(ModalTextTooLongError);
  });
});
