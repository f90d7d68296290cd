import { describe, expect, it } from 'vitest';
import { fieldKey, parseTemplate, renderTemplate, templateFields } from '../../../src/core/rules.js';

const FIELDS = { firstName: 'Ana', texterName: 'Sam', orgName: 'Vote Forward', precinct: '12-B', lastName: '' };

describe('renderTemplate', () => {
  it.each([
    ['Hi {firstName}, this is {texterName} with {orgName}.', 'Hi Ana, this is Sam with Vote Forward.'],
    ['Precinct {precinct}', 'Precinct 12-B'],
    ['Hi {FIRSTNAME}', 'Hi Ana'],
    ['Hi {first_name}', 'Hi Ana'],
    ['Hi {First Name}', 'Hi Ana'],
    ['Hi { firstName }', 'Hi Ana'],
    ['Hi {firstName|friend}', 'Hi Ana'],
    ['Hi {lastName|neighbor}', 'Hi neighbor'], // empty value counts as missing -> fallback
    ['Hi {nickname|friend}!', 'Hi friend!'],
    ['Hi {nickname | there }!', 'Hi there!'],
    ['Hi{nickname|}!', 'Hi!'], // explicit empty fallback
    ['Literal {{braces}} and }} too', 'Literal {braces} and } too'],
    ['{{firstName}} is {firstName}', '{firstName} is Ana'],
    ['No fields at all', 'No fields at all'],
    ['', ''],
  ])('GIVEN %j THEN it renders %j', (template, text) => {
    expect(renderTemplate(template, FIELDS)).toEqual({ ok: true, text });
  });

  it('GIVEN values with stray spaces THEN they are trimmed; whitespace-only counts as missing', () => {
    expect(renderTemplate('Hi {firstName}!', { first_name: '  Ana ' })).toEqual({ ok: true, text: 'Hi Ana!' });
    expect(renderTemplate('Hi {firstName|friend}!', { firstName: '   ' })).toEqual({ ok: true, text: 'Hi friend!' });
  });

  it('GIVEN missing fields without fallback THEN they are reported (deduped, as written) and nothing renders', () => {
    expect(renderTemplate('Hi {firstName} {lastName}, {LASTNAME}! Vote at {pollingPlace}.', { firstName: 'Ana', lastName: null })).toEqual({
      ok: false,
      missing: ['lastName', 'pollingPlace'],
    });
    expect(renderTemplate('Hi {firstName}', { firstName: undefined })).toEqual({ ok: false, missing: ['firstName'] });
    expect(renderTemplate('Hi {firstName}', {})).toEqual({ ok: false, missing: ['firstName'] });
  });

  it.each([
    ['Hi {firstName', 'unbalanced_braces'],
    ['Hi firstName}', 'unbalanced_braces'],
    ['Hi {first{Name}}', 'unbalanced_braces'],
    ['Hi {}', 'empty_field'],
    ['Hi { |friend}', 'empty_field'],
  ])('GIVEN the malformed template %j THEN it reports %s and renders nothing', (template, error) => {
    expect(renderTemplate(template, FIELDS)).toEqual({ ok: false, missing: [], error });
  });
});

describe('templateFields', () => {
  it('GIVEN a template THEN field names come back deduped by key in original spelling', () => {
    expect(templateFields('Hi {firstName|friend}, {FIRST_NAME}! {texterName} from {orgName}, precinct { precinct }.')).toEqual([
      'firstName',
      'texterName',
      'orgName',
      'precinct',
    ]);
    expect(templateFields('{{not a field}}')).toEqual([]);
  });

  it('parseTemplate reports where the error is', () => {
    expect(parseTemplate('ab}c')).toMatchObject({ ok: false, error: 'unbalanced_braces', index: 2 });
    expect(fieldKey('First_Name')).toBe('firstname');
  });
});
