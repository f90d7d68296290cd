import { describe, expect, it } from 'vitest';
import { lintScript, type LintOptions } from '../../../src/core/rules.js';
import { measuredTemplate } from '../../../src/core/compliance/script-lint.js';
import { lintCampaign, lintScripts } from '../../../src/core/campaigns/campaign-lint.js';

const FIRST: LintOptions = { orgName: 'Vote Forward', isFirstMessage: true, lang: 'en' };
const ok = (link: string): string => `Hi {firstName}, this is Vote Forward. RSVP: ${link} Reply STOP to opt out`;

describe('lint of tracked links', () => {
  it('GIVEN a valid {link:...} THEN no finding', () => {
    expect(lintScript(ok('{link:https://example.org/rsvp}'), FIRST)).toEqual([]);
  });

  it('GIVEN a destination that is not http(s) THEN one template error with the localized key and position', () => {
    expect(lintScript(ok('{link:javascript:alert(1)}'), FIRST)).toContainEqual({ rule: 'template', severity: 'error', key: 'links:lint.invalid_link', params: { position: 45 } });
  });

  it('R3.5 GIVEN a tracked link whose destination is a public shortener THEN refused', () => {
    expect(lintScript(ok('{link:https://bit.ly/abc}'), FIRST)).toEqual([{ rule: 'R3.5', severity: 'error', key: 'rules:lint.url_shortener', params: { domain: 'bit.ly' } }]);
  });

  it('R3.5 GIVEN a bare shortener next to a tracked link THEN still refused', () => {
    expect(lintScript(ok('{link:https://example.org} or https://tinyurl.com/x'), FIRST).map((f) => f.params?.domain)).toEqual(['tinyurl.com']);
  });

  it('R3.5 GIVEN LINK_BASE_URL on the org domain THEN the link as sent is not a shortener', () => {
    expect(lintScript(ok('{link:https://example.org/rsvp}'), { ...FIRST, linkBase: 'https://go.voteforward.org/l' })).toEqual([]);
  });

  it('R3.6 GIVEN a link base THEN length is measured on the link as sent', () => {
    expect(measuredTemplate('RSVP {link:https://example.org/a-very-long-path/that-is-long} {firstName}', 'https://go.example/l')).toBe('RSVP https://go.example/l/xxxxxxxxxx {firstName}');
    expect(measuredTemplate('RSVP {link:https://example.org/x}')).toBe('RSVP https://example.org/x');
  });

  it('GIVEN scripts with a link base THEN campaign lint measures with it', () => {
    // 440 characters with the destination (3 segments); the link as sent is 40 characters longer (4).
    const long = `Vote Forward ${'a'.repeat(400)} {link:https://e.org/x} Reply STOP`;
    const segs = (base?: string) => lintScripts({ en: { initial: long, followUps: [] } }, 'Vote Forward', base).filter((f) => f.key === 'rules:lint.too_many_segments');
    expect(segs(`https://go.example.org/${'l'.repeat(20)}`)).toHaveLength(1);
    expect(segs()).toHaveLength(0);
  });

  it('GIVEN replies with tracked links (quick reply, survey reply, follow-up) THEN campaign lint measures them as sent too', () => {
    const long = `Vote Forward ${'a'.repeat(400)} {link:https://e.org/x}`;
    const texts = {
      scripts: { en: { initial: 'Hi, this is Vote Forward. Reply STOP to opt out', followUps: [{ id: 'f', label: 'F', text: long }] } },
      cannedReplies: [{ id: 'c', label: 'C', text: { en: long } }],
      survey: [{ id: 'q', text: 'Q?', answers: [{ id: 'a', label: 'A', reply: { en: long } }] }],
    };
    const where = (base?: string) => lintCampaign(texts, 'Vote Forward', base).filter((f) => f.key === 'rules:lint.too_many_segments').map((f) => f.where).sort();
    expect(where(`https://go.example.org/${'l'.repeat(20)}`)).toEqual(['canned', 'follow_up', 'survey']);
    expect(where()).toEqual([]);
  });
});
