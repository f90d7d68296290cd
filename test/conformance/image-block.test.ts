// Conformance: the neutral image block (MMS media) on every renderer: Slack an image block,
// Discord an embed image beside the text, the sandbox an <img>; an address that is not http(s)
// never reaches any of them.
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/adapters/discord/render-message.js';
import { renderView as renderSlack } from '../../src/adapters/slack/render.js';
import { renderView as renderWeb } from '../../src/adapters/web/render.js';
import type { View } from '../../src/core/views/view.js';

const t = (k: string) => k;
const view = (url: string): View => ({ text: 'MMS', blocks: [{ type: 'section', text: 'Hi **there**' }, { type: 'image', url, alt: 'Rally <poster>' }] });
const URL_OK = 'https://tb.example.org/media/AbCdEfGhIjKlMnOpQrStUv';

describe('conformance: image block', () => {
  it('Slack renders an image block with the address and alt text', () => {
    const blocks = renderSlack(view(URL_OK), t).blocks as { type: string; image_url?: string; alt_text?: string }[];
    expect(blocks.find((b) => b.type === 'image')).toEqual({ type: 'image', image_url: URL_OK, alt_text: 'Rally <poster>' });
  });

  it('Discord renders the text and an embed image', () => {
    const msg = renderMessage(view(URL_OK));
    expect(msg.content).toContain('Hi **there**');
    expect(msg.embeds).toHaveLength(1);
    expect(msg.embeds[0]?.image).toEqual({ url: URL_OK });
    expect(msg.embeds[0]?.description).not.toContain('<poster>');
  });

  it('the sandbox renders an escaped <img>', () => {
    const html = renderWeb(view(URL_OK));
    expect(html).toContain(`<img src="${URL_OK}" alt="Rally &lt;poster&gt;" loading="lazy">`);
  });

  it('no renderer shows an address that is not http(s)', () => {
    const bad = view('javascript:alert(1)');
    expect(JSON.stringify(renderSlack(bad, t).blocks)).not.toContain('javascript:');
    expect(renderMessage(bad).embeds.some((e) => e.image)).toBe(false);
    expect(renderWeb(bad)).not.toContain('javascript:');
  });
});
