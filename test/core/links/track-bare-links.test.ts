import { describe, expect, it } from 'vitest';
import { hasBareLinks, trackBareLinks } from '../../../src/core/links/track-bare-links.js';
import { parseTemplate, templateLinks } from '../../../src/core/scripts/template.js';

describe('trackBareLinks (script editor: Track links)', () => {
  it('GIVEN bare URLs THEN each becomes {link:...}, sentence punctuation kept outside', () => {
    const r = trackBareLinks('Hi {firstName}! RSVP at https://example.org/rsvp?a=1. Or http://x.example/y), thanks');
    expect(r).toEqual({ text: 'Hi {firstName}! RSVP at {link:https://example.org/rsvp?a=1}. Or {link:http://x.example/y}), thanks', count: 2 });
    expect(parseTemplate(r.text).ok).toBe(true);
    expect(templateLinks(r.text)).toEqual(['https://example.org/rsvp?a=1', 'http://x.example/y']);
  });

  it('GIVEN tracked links, fallbacks and escapes THEN nothing inside braces changes', () => {
    const text = 'A {link:https://a.example} B {site|https://b.example} C {{https://c.example}} D';
    expect(trackBareLinks(text)).toEqual({ text: 'A {link:https://a.example} B {site|https://b.example} C {{{link:https://c.example}}} D', count: 1 });
    expect(hasBareLinks('A {link:https://a.example} done')).toBe(false);
  });

  it('GIVEN no URL or a non-http one THEN unchanged', () => {
    expect(trackBareLinks('Reply STOP; mailto:x@y.org ftp://z.example')).toEqual({ text: 'Reply STOP; mailto:x@y.org ftp://z.example', count: 0 });
  });
});
