import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import {
  FREQUENCY_REFUSALS,
  INBOUND_KINDS,
  PHONE_REJECT_REASONS,
  SHAFT_TERMS,
  WINDOW_REFUSALS,
} from '../../src/core/rules.js';

type Tree = Record<string, unknown>;
const load = (lng: string): Tree => JSON.parse(readFileSync(join('locales', lng, 'rules.json'), 'utf8')) as Tree;
const get = (tree: Tree, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);

/** Every `rules:...` key written in src/core/compliance and src/core/scripts. */
function keysInSource(): string[] {
  const found = new Set<string>();
  for (const dir of ['src/core/compliance', 'src/core/scripts']) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/'rules:([\w.]+)'/g)) found.add(m[1] ?? '');
    }
  }
  return [...found];
}

describe('rules namespace (locales/<lng>/rules.json)', () => {
  const expected = [
    ...keysInSource(),
    ...PHONE_REJECT_REASONS.map((r) => `phone.${r}`),
    ...WINDOW_REFUSALS.map((r) => `window.${r}`),
    ...FREQUENCY_REFUSALS.map((r) => `frequency.${r}`),
    ...INBOUND_KINDS.map((k) => `inbound.${k}`),
    ...Object.keys(SHAFT_TERMS).map((c) => `shaft.${c}`),
  ];

  it('finds the lint keys in the source (the scan itself works)', () => {
    expect(keysInSource()).toEqual(expect.arrayContaining(['lint.missing_org_name', 'lint.url_shortener', 'lint.replaceable_characters']));
  });

  it.each(['en', 'es'])('every key the rules produce exists in %s with a non-empty string', (lng) => {
    const tree = load(lng);
    const missing = expected.filter((k) => typeof get(tree, k) !== 'string' || String(get(tree, k)).trim() === '');
    expect(missing).toEqual([]);
  });

  it('Spanish is a translation, not a copy of English', () => {
    const en = load('en');
    const es = load('es');
    const copied = expected.filter((k) => get(en, k) === get(es, k) && !['shaft.alcohol', 'shaft.cannabis'].includes(k));
    expect(copied).toEqual([]);
  });
});

describe('core index re-exports the rules', () => {
  it.each([
    'normalizePhone', 'maskPhone', 'areaCodeOf', 'resolveTimezones', 'stateForZip', 'renderTemplate', 'templateFields',
    'segmentInfo', 'gsmSafe', 'classifyInbound', 'textingWindow', 'validityPeriodSeconds', 'DEFAULT_TEXTING_POLICY',
    'lintScript', 'checkFrequency', 'DEFAULT_FREQUENCY_CAPS', 'AREA_CODE_ZONES',
  ])('%s', (name) => {
    expect(core).toHaveProperty(name);
  });
});
