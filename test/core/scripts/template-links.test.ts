import { describe, expect, it } from 'vitest';
import { isLinkDestination, parseTemplate, renderTemplate, templateFields, templateLinks } from '../../../src/core/scripts/template.js';

describe('template: {link:<url>} tracked links', () => {
  it('GIVEN {link:https://...} THEN it is a link part, not a merge field', () => {
    const parsed = parseTemplate('Hi {firstName}, RSVP {link:https://example.org/rsvp?x=1&y=2} now');
    expect(parsed).toEqual({
      ok: true,
      parts: [
        { type: 'text', text: 'Hi ' },
        { type: 'field', name: 'firstName', key: 'firstname' },
        { type: 'text', text: ', RSVP ' },
        { type: 'link', url: 'https://example.org/rsvp?x=1&y=2' },
        { type: 'text', text: ' now' },
      ],
    });
    expect(templateFields('RSVP {link:https://example.org/rsvp}')).toEqual([]);
  });

  it('GIVEN spaces and a capitalised prefix THEN the destination is trimmed', () => {
    expect(templateLinks('{ Link: http://a.example/x } and {link:https://b.example} and {link:http://a.example/x}')).toEqual(['http://a.example/x', 'https://b.example']);
  });

  it.each(['javascript:alert(1)', 'ftp://example.org/file', 'example.org/rsvp', 'https://', 'mailto:a@b.org', 'https://user:pw@example.org/', 'https://exa mple.org', ''])(
    'GIVEN {link:%s} THEN invalid_link at its position (nothing renders)',
    (url) => {
      const parsed = parseTemplate(`Hi! {link:${url}}`);
      expect(parsed).toMatchObject({ ok: false, error: 'invalid_link', index: 4 });
      expect(renderTemplate(`Hi! {link:${url}}`, {}, {})).toEqual({ ok: false, missing: [], error: 'invalid_link' });
      expect(isLinkDestination(url)).toBe(false);
    },
  );

  it('GIVEN links THEN each destination renders as the contact’s own link', () => {
    const links = { 'https://example.org/rsvp': 'https://go.example/l/AbCdEf1234' };
    expect(renderTemplate('Hi {firstName}: {link:https://example.org/rsvp}', { firstName: 'Ana' }, links)).toEqual({ ok: true, text: 'Hi Ana: https://go.example/l/AbCdEf1234' });
  });

  it('GIVEN links without this destination THEN unresolved_link (never the bare destination)', () => {
    expect(renderTemplate('{link:https://example.org/rsvp}', {}, { 'https://other.example': 'x' })).toEqual({ ok: false, missing: [], error: 'unresolved_link' });
    // A key inherited from Object.prototype is not a link either.
    expect(renderTemplate('{link:https://example.org/constructor}', {}, {})).toMatchObject({ ok: false, error: 'unresolved_link' });
  });

  it('GIVEN no links (a reply) THEN the destination is shown as written', () => {
    expect(renderTemplate('See {link:https://example.org/rsvp}', {})).toEqual({ ok: true, text: 'See https://example.org/rsvp' });
  });

  it('GIVEN {{ and }} THEN escaping is unchanged ({{link:x}} is text)', () => {
    expect(renderTemplate('{{link:https://example.org}}', {}, {})).toEqual({ ok: true, text: '{link:https://example.org}' });
  });
});
