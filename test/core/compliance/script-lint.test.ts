import { describe, expect, it } from 'vitest';
import { lintScript, type LintFinding, type LintOptions } from '../../../src/core/rules.js';

const FIRST: LintOptions = { orgName: 'Vote Forward', isFirstMessage: true, lang: 'en' };
const GOOD = 'Hi {firstName|friend}, this is {texterName} with {orgName}. Can we count on your vote Nov 3? Reply STOP to opt out';
const keys = (findings: LintFinding[]): string[] => findings.map((f) => f.key);

describe('lintScript: R3.1 org name and R3.2 opt-out language (first message)', () => {
  it('GIVEN a compliant first message THEN no findings', () => {
    expect(lintScript(GOOD, FIRST)).toEqual([]);
  });

  it.each([
    'Hi, this is Sam with Vote Forward. Text STOP to stop.',
    'Hi from vote forward! STOP to end',
    'Hi from {org_name}. Reply STOP to opt out',
    'Vote Forward: polls open 7am. Reply "STOP" to unsubscribe.',
    'Vote Forward here. STOP=quit',
  ])('R3.1/R3.2 GIVEN %j THEN accepted', (text) => {
    expect(lintScript(text, FIRST)).toEqual([]);
  });

  it.each([
    'Hola, soy Sam de Vote Forward. Responde STOP o ALTO para no recibir más mensajes.',
    'Vote Forward: ALTO para cancelar',
    'Vote Forward: responde ALTO para salir',
  ])('R3.2 (es) GIVEN %j THEN accepted', (text) => {
    expect(lintScript(text, { ...FIRST, lang: 'es' })).toEqual([]);
  });

  it('R3.1 GIVEN no org name THEN an error with the org name as param', () => {
    expect(lintScript('Hi {firstName}, vote Nov 3! Reply STOP to opt out', FIRST)).toEqual([
      { rule: 'R3.1', severity: 'error', key: 'rules:lint.missing_org_name', params: { orgName: 'Vote Forward' } },
    ]);
  });

  it('R3.1 GIVEN a partial org name THEN still missing (whole words)', () => {
    expect(keys(lintScript('Hi from Vote Forwarders. Reply STOP to opt out', FIRST))).toEqual(['rules:lint.missing_org_name']);
  });

  it('R3.1 GIVEN the org name only after the first segment THEN a warning', () => {
    const text = `${'Polls are open from 7am to 8pm. '.repeat(6)}Vote Forward. Reply STOP to opt out`;
    expect(lintScript(text, FIRST)).toContainEqual({
      rule: 'R3.1', severity: 'warning', key: 'rules:lint.org_name_not_in_first_segment', params: { orgName: 'Vote Forward' },
    });
  });

  it('R3.2 GIVEN no opt-out language THEN an error with an example in the script language', () => {
    expect(lintScript('Hi, Vote Forward here. Will you vote?', FIRST)).toEqual([
      { rule: 'R3.2', severity: 'error', key: 'rules:lint.missing_opt_out_language', params: { example: 'Reply STOP to opt out.' } },
    ]);
    expect(lintScript('Hola, Vote Forward aquí. ¿Vas a votar?', { ...FIRST, lang: 'es' })[0]?.params).toEqual({
      example: 'Responde STOP o ALTO para no recibir más mensajes.',
    });
  });

  it('R3.1/R3.2 GIVEN a later message THEN neither is required', () => {
    expect(lintScript('Thanks {firstName}! See you at the polls.', { ...FIRST, isFirstMessage: false })).toEqual([]);
  });

  it("R3.2 GIVEN the word stop used otherwise THEN it does not count as opt-out language", () => {
    expect(keys(lintScript("Vote Forward: let's stop the cuts!", FIRST))).toEqual(['rules:lint.missing_opt_out_language']);
  });
});

describe('lintScript: R3.5 URL shorteners', () => {
  it.each([
    ['https://bit.ly/abc', 'bit.ly'],
    ['bit.ly/abc', 'bit.ly'],
    ['http://www.tinyurl.com/x1', 'tinyurl.com'],
    ['see t.co/xyz', 't.co'],
    ['HTTPS://CUTT.LY/q', 'cutt.ly'],
    ['rb.gy/7f', 'rb.gy'],
  ])('R3.5 GIVEN %j THEN error for %s', (link, domain) => {
    expect(lintScript(`Vote Forward: info at ${link}. Reply STOP to opt out`, FIRST)).toEqual([
      { rule: 'R3.5', severity: 'error', key: 'rules:lint.url_shortener', params: { domain } },
    ]);
  });

  it.each(['https://voteforward.org/bit', 'https://myt.co.uk/x', 'https://notbit.ly.example.org'])('R3.5 GIVEN an own-domain link %j THEN fine', (link) => {
    expect(lintScript(`Vote Forward: info at ${link}. Reply STOP to opt out`, FIRST)).toEqual([]);
  });
});

describe('lintScript: R3.4 SHAFT terms (warnings)', () => {
  it.each([
    ['Free beer at the rally!', 'beer', 'alcohol'],
    ['Protect our guns', 'guns', 'firearms'],
    ['Habrá cerveza gratis', 'cerveza', 'alcohol'],
    ['Legalize marijuana now', 'marijuana', 'cannabis'],
    ['Tobacco tax vote', 'tobacco', 'tobacco'],
  ])('R3.4 GIVEN %j THEN warning for %s (%s)', (text, term, category) => {
    expect(lintScript(text, { ...FIRST, isFirstMessage: false })).toEqual([
      { rule: 'R3.4', severity: 'warning', key: 'rules:lint.shaft_term', params: { term, category } },
    ]);
  });

  it('R3.4 GIVEN words that merely contain a term THEN no warning (word boundaries)', () => {
    expect(lintScript('Sussex County and Essex voters: begun, shotgunned? No: guntersville', { ...FIRST, isFirstMessage: false })).toEqual([]);
  });
});

describe('lintScript: R3.6 length and encoding', () => {
  const later = { ...FIRST, isFirstMessage: false };

  it('R3.6 GIVEN more than 3 segments THEN a warning', () => {
    expect(lintScript('a'.repeat(460), later)).toEqual([
      { rule: 'R3.6', severity: 'warning', key: 'rules:lint.too_many_segments', params: { segments: 4, max: 3 } },
    ]);
    expect(lintScript('a'.repeat(459), later)).toEqual([]);
  });

  it('R3.6 GIVEN more than 1600 characters THEN an error (and the segment warning)', () => {
    expect(keys(lintScript('a'.repeat(1601), later))).toEqual(['rules:lint.too_long', 'rules:lint.too_many_segments']);
    expect(lintScript('a'.repeat(1601), later)[0]?.params).toEqual({ characters: 1601, max: 1600 });
  });

  it('R3.6 GIVEN a smart quote forcing UCS-2 THEN a warning with the gsmSafe suggestion', () => {
    expect(lintScript('It’s {firstName}’s day — vote!', later)).toEqual([
      {
        rule: 'R3.6',
        severity: 'warning',
        key: 'rules:lint.replaceable_characters',
        params: { chars: '’ —', suggestion: "It's {firstName}'s day - vote!" },
      },
    ]);
  });

  it('R3.6 GIVEN Spanish accents forcing UCS-2 THEN no replaceable-character warning (accents are not replaced)', () => {
    expect(lintScript('¿Votarás? Sí, ¡vota! — gracias', later)).toEqual([]);
  });
});

describe('lintScript: template syntax and fields', () => {
  const later = { ...FIRST, isFirstMessage: false };

  it.each([
    ['Hi {firstName', 'rules:lint.unbalanced_braces', 4],
    ['Hi firstName}', 'rules:lint.unbalanced_braces', 13],
    ['Hi {}', 'rules:lint.empty_field', 4],
  ])('GIVEN %j THEN error %s at character %d', (text, key, position) => {
    expect(lintScript(text, later)).toEqual([{ rule: 'template', severity: 'error', key, params: { position } }]);
  });

  it('GIVEN knownFields THEN unknown fields are errors; standard fields are always known', () => {
    const findings = lintScript('Hi {firstName}, {texterName} here about {Precinct} and {pollingPlace} / {POLLING_PLACE}', {
      ...later,
      knownFields: ['firstName', 'precinct'],
    });
    expect(findings).toEqual([{ rule: 'template', severity: 'error', key: 'rules:lint.unknown_field', params: { field: 'pollingPlace' } }]);
  });

  it('GIVEN no knownFields THEN fields are not checked', () => {
    expect(lintScript('Hi {whatever}', later)).toEqual([]);
  });
});
