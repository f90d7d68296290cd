// View -> HTML for the sandbox page (DESIGN: Neutral views — voter text is always escaped).
import { describe, expect, it } from 'vitest';
import { renderBlock, renderView, percent } from '../../../src/adapters/web/render.js';
import { escapeHtml, renderMarkdown, safeHref } from '../../../src/adapters/web/markdown.js';
import type { View } from '../../../src/core/views/view.js';

/** Every tag name in a piece of HTML. */
const tags = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase());

describe('escapeHtml', () => {
  it('escapes the five HTML specials and backticks', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });
});

describe('markdown subset', () => {
  it('converts **bold**, _italic_, `code` and [link](https) after escaping', () => {
    expect(renderMarkdown('**Hi** _there_ `a<b` [site](https://example.org/a?b=1&c=2)')).toBe(
      '<strong>Hi</strong> <em>there</em> <code>a&lt;b</code> <a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    );
  });

  it('keeps code spans literal (no bold inside code) and snake_case words unchanged', () => {
    expect(renderMarkdown('`**x**` first_name_here')).toBe('<code>**x**</code> first_name_here');
  });

  it('links only http and https: javascript:, data: and relative links stay text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>', '/relative', 'vbscript:x']) {
      const html = renderMarkdown(`[click](${href})`);
      expect(html).not.toContain('<a');
      expect(html).not.toMatch(/<script/i);
    }
    expect(safeHref('https://ok.example/')).toBe('https://ok.example/');
    expect(safeHref('ftp://x.example/')).toBeNull();
  });

  it('an attribute cannot be broken out of through a link', () => {
    const html = renderMarkdown('[x](https://e.example/"onmouseover="alert\'1\')');
    expect(html).toContain('<a href="https://e.example/%22onmouseover=%22alert&#39;1&#39;"');
    expect(html).not.toMatch(/"\s*onmouseover=/);
    expect(tags(html)).toEqual(['a', 'a']);
  });

  it('markup typed as text is shown, not run', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<script>alert(1)</script>**');
    expect(tags(html)).toEqual(['strong', 'strong']);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('private-use placeholder characters in the input cannot smuggle held HTML', () => {
    const html = renderMarkdown('\uE0000\uE000 `x`');
    expect(html).toBe('0 <code>x</code>');
  });
});

describe('renderView', () => {
  it('voter quotes are plain escaped text: no markdown, no tags, no links (XSS attempts)', () => {
    const attacks = [
      '<script>alert("pwned")</script>',
      '"><img src=x onerror=alert(1)>',
      '**bold** _it_ `code` [win](https://evil.example)',
      "javascript:alert('x')",
      '<!channel> @everyone <@U123>',
      '</blockquote><button data-action-id="send">Send</button>',
    ];
    for (const text of attacks) {
      const html = renderBlock({ type: 'quote', text, voter: true });
      expect(tags(html)).toEqual(['blockquote', 'blockquote']);
      expect(html).not.toContain('<strong>');
      expect(html).not.toContain('href');
    }
    expect(renderBlock({ type: 'quote', text: 'line 1\nline <2>', voter: true })).toBe('<blockquote class="tb-quote tb-voter">line 1<br>line &lt;2&gt;</blockquote>');
  });

  it('buttons carry the action id and value only, escaped, with style and disabled', () => {
    const html = renderBlock({
      type: 'actions',
      elements: [
        { type: 'button', id: 'send', label: 'Send <now>', style: 'primary', value: '{"c":"c1","k":"k\\"2"}' },
        { type: 'button', id: 'skip', label: 'Skip', disabled: true },
      ],
    });
    const buttons = [...html.matchAll(/<button([^>]*)>/g)].map((m) => m[1] as string);
    expect(buttons).toHaveLength(2);
    const attrs = (b: string) => [...b.matchAll(/\s([\w-]+)(?:="[^"]*")?/g)].map((m) => m[1]).sort();
    expect(attrs(buttons[0] as string)).toEqual(['class', 'data-action-id', 'data-value', 'type']);
    expect(attrs(buttons[1] as string)).toEqual(['class', 'data-action-id', 'disabled', 'type']);
    expect(buttons[0]).toContain('data-action-id="send"');
    expect(buttons[0]).toContain('data-value="{&quot;c&quot;:&quot;c1&quot;,&quot;k&quot;:&quot;k\\&quot;2&quot;}"');
    expect(buttons[0]).toContain('tb-btn-primary');
    expect(html).toContain('>Send &lt;now&gt;</button>');
  });

  it('selects carry the action id; options are escaped', () => {
    const html = renderBlock({ type: 'actions', elements: [{ type: 'select', id: 'survey', placeholder: 'Pick <one>', options: [{ label: 'Yes "sure"', value: 'q1/yes' }] }] });
    expect(html).toContain('<select class="tb-select" data-action-id="survey" aria-label="Pick &lt;one&gt;">');
    expect(html).toContain('<option value="q1/yes">Yes &quot;sure&quot;</option>');
  });

  it('progress bars show done/total and a clamped width', () => {
    const html = renderBlock({ type: 'progress', label: 'Sent', done: 5, total: 10 });
    expect(html).toContain('style="width:50%"');
    expect(html).toContain('5 / 10');
    expect(html).toContain('aria-valuenow="5"');
    expect(renderBlock({ type: 'progress', label: 'x', done: 12, total: 10 })).toContain('width:100%');
    expect(renderBlock({ type: 'progress', label: 'x', done: 3, total: 0 })).toContain('width:0%');
    expect(percent(1, 3)).toBe(33);
    expect(percent(Number.NaN, 3)).toBe(0);
  });

  it('renders sections, fields, context and dividers with the markdown subset', () => {
    const view: View = {
      text: 'fallback',
      blocks: [
        { type: 'section', text: '**Campaign** <b>x</b>' },
        { type: 'fields', fields: [{ label: 'Status <1>', value: '_active_' }] },
        { type: 'context', text: 'see [docs](http://docs.example)' },
        { type: 'divider' },
      ],
    };
    const html = renderView(view);
    expect(html).toContain('<div class="tb-section"><strong>Campaign</strong> &lt;b&gt;x&lt;/b&gt;</div>');
    expect(html).toContain('<dt>Status &lt;1&gt;</dt><dd><em>active</em></dd>');
    expect(html).toContain('<a href="http://docs.example/"');
    expect(html).toContain('<hr class="tb-divider">');
    expect(html).not.toContain('fallback');
  });

  it('a view without blocks shows its fallback text, escaped', () => {
    expect(renderView({ text: 'Hi <there>', blocks: [] })).toBe('<div class="tb-section">Hi &lt;there&gt;</div>');
  });
});
