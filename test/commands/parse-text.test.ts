import { describe, expect, it } from 'vitest';
import { matchPath, textToOptions, tokenize } from '../../src/commands/framework/parse-text.js';
import { parseOptions, type OptionSpec } from '../../src/commands/framework/options.js';

const claim: OptionSpec[] = [
  { name: 'campaign', type: 'string', descriptionKey: 'x', required: true },
  { name: 'size', type: 'integer', descriptionKey: 'x', min: 1, max: 200 },
];
const create: OptionSpec[] = [{ name: 'name', type: 'string', descriptionKey: 'x', required: true, maxLength: 100 }];

describe('free text (Slack) and typed options (Discord) end in the same options', () => {
  it('tokenizes quotes', () => {
    expect(tokenize(' campaign create "Get out the vote"  now ')).toEqual(['campaign', 'create', 'Get out the vote', 'now']);
    expect(tokenize("optout add '+1 202 555 0143'")).toEqual(['optout', 'add', '+1 202 555 0143']);
    expect(tokenize('import “Spring list”')).toEqual(['import', 'Spring list']);
  });

  it('matches the longest command path, case-insensitively', () => {
    const items = [{ path: ['campaign'] }, { path: ['campaign', 'create'] }, { path: ['claim'] }];
    expect(matchPath(items, ['Campaign', 'CREATE', 'x'])).toEqual({ item: { path: ['campaign', 'create'] }, rest: ['x'] });
    expect(matchPath(items, ['campaign', 'list'])?.item.path).toEqual(['campaign']);
    expect(matchPath(items, ['stats'])).toBeNull();
  });

  it.each([
    [['gotv', '25'], { campaign: 'gotv', size: 25 }],
    [['gotv'], { campaign: 'gotv' }],
    [['--size', '10', 'gotv'], { campaign: 'gotv', size: 10 }],
    [['gotv', '--size=10'], { campaign: 'gotv', size: 10 }],
    [['size:7', 'campaign:gotv'], { campaign: 'gotv', size: 7 }],
  ])('`/textbank claim %j` parses like Discord typed options', (words, expected) => {
    const slack = parseOptions(claim, textToOptions(claim, words).values);
    const discord = parseOptions(claim, expected);
    expect(slack).toEqual({ ok: true, values: expected });
    expect(discord).toEqual(slack);
  });

  it('joins trailing words into a free-text last option', () => {
    expect(textToOptions(create, ['Get', 'out', 'the', 'vote']).values).toEqual({ name: 'Get out the vote' });
  });

  it('a word naming a boolean option turns it on (`campaign list all`)', () => {
    const list: OptionSpec[] = [{ name: 'all', type: 'boolean', descriptionKey: 'x' }];
    expect(parseOptions(list, textToOptions(list, ['all']).values)).toEqual({ ok: true, values: { all: true } });
    expect(parseOptions(list, textToOptions(list, []).values)).toEqual({ ok: true, values: {} });
  });

  it('reports words it cannot place', () => {
    expect(textToOptions(claim, ['gotv', '25', 'please']).extra).toEqual(['please']);
  });

  it.each([
    [{ campaign: 'gotv', size: 'abc' }, 'commands:errors.option_integer', { option: 'size', got: 'abc', min: 1, max: 200 }],
    [{ campaign: 'gotv', size: '0' }, 'commands:errors.option_integer', { option: 'size', got: '0', min: 1, max: 200 }],
    [{ campaign: 'gotv', size: '2.5' }, 'commands:errors.option_integer', { option: 'size', got: '2.5', min: 1, max: 200 }],
    [{}, 'commands:errors.option_missing', { option: 'campaign' }],
    [{ campaign: 'gotv', color: 'red' }, 'commands:errors.option_unknown', { option: 'color' }],
  ])('a bad option %j says what was expected', (raw, key, params) => {
    const res = parseOptions(claim, raw);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.problems[0]).toMatchObject({ key, params });
  });

  it('checks choices and lengths', () => {
    const spec: OptionSpec[] = [{ name: 'action', type: 'string', descriptionKey: 'x', required: true, choices: ['add', 'remove'] }];
    expect(parseOptions(spec, { action: 'ADD' })).toEqual({ ok: true, values: { action: 'add' } });
    const bad = parseOptions(spec, { action: 'drop' });
    expect(bad.ok || bad.problems[0]).toMatchObject({ key: 'commands:errors.option_choice', params: { choices: 'add, remove' } });
    const long = parseOptions(create, { name: 'x'.repeat(101) });
    expect(long.ok || long.problems[0]).toMatchObject({ key: 'commands:errors.option_too_long', params: { max: 100 } });
  });
});
