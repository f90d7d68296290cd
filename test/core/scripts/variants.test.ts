import { describe, expect, it } from 'vitest';
import { ScriptSet, type Campaign } from '../../../src/core/model/campaign.js';
import { assignVariant, initialTemplateFor, liveVariants, stableHash, variantForContact, variantsOf, withRetired, withVariantText } from '../../../src/core/scripts/variants.js';

const set = (over: Partial<ScriptSet> = {}): ScriptSet => ScriptSet.parse({ initial: 'Hi from Org A. Reply STOP to opt out', ...over });
const ids = (n: number, prefix = ''): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(16).padStart(24, '0')}`);

describe('A/B variant assignment', () => {
  it('stableHash is deterministic and spreads ids that differ in one character', () => {
    expect(stableHash('abc')).toBe(stableHash('abc'));
    expect(stableHash('abc')).not.toBe(stableHash('abd'));
    expect(stableHash('')).toBe(stableHash(''));
  });

  it.each([2, 3, 4])('splits 10K sequential ids evenly over %i variants (each share within 3%% of 1/n)', (n) => {
    const live = (['A', 'B', 'C', 'D'] as const).slice(0, n);
    const counts = new Map<string, number>();
    for (const id of ids(10_000)) {
      const v = assignVariant(id, live) as string;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...live]);
    for (const c of counts.values()) expect(Math.abs(c / 10_000 - 1 / n)).toBeLessThan(0.03);
  });

  it('splits memory-store style counter ids evenly too', () => {
    let a = 0;
    for (let i = 0; i < 10_000; i += 1) if (assignVariant(`c${i}`, ['A', 'B']) === 'A') a += 1;
    expect(Math.abs(a / 10_000 - 0.5)).toBeLessThan(0.03);
  });

  it('gives the same contact the same variant every time, whatever order the live list comes in', () => {
    for (const id of ids(200)) expect(assignVariant(id, ['A', 'B', 'C'])).toBe(assignVariant(id, ['C', 'A', 'B']));
  });

  it('a retired variant is never given to a new claim', () => {
    const s = withRetired(set({ variants: [{ id: 'B', initial: 'Hey, Org A here. Reply STOP to opt out' }] }), 'B', true);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const campaign = { scripts: { en: s.set } } as Pick<Campaign, 'scripts'>;
    for (const id of ids(500)) expect(variantForContact(campaign, { id, language: 'en' }, 'en')).toBe('A');
  });

  it('the last live variant cannot be retired, and an unknown one is refused', () => {
    const two = set({ variants: [{ id: 'B', initial: 'b' }], retired: ['B'] });
    expect(withRetired(two, 'A', true)).toEqual({ ok: false, reason: 'last_live' });
    expect(withRetired(two, 'C', true)).toEqual({ ok: false, reason: 'unknown_variant' });
    const restored = withRetired(two, 'B', false);
    expect(restored.ok && restored.set.retired).toBeUndefined();
  });

  it('a script with one variant gives no variant (nothing to compare)', () => {
    expect(variantForContact({ scripts: { en: set() } }, { id: 'x', language: 'en' }, 'en')).toBeUndefined();
  });

  it('variants come from the script the contact is texted in (its language, else the fallback)', () => {
    const campaign = { scripts: { en: set({ variants: [{ id: 'B', initial: 'b' }] }), es: set({ initial: 'Hola de Org A. Responde STOP' }) } };
    expect(variantForContact(campaign, { id: 'x', language: 'es' }, 'en')).toBeUndefined();
    expect(['A', 'B']).toContain(variantForContact({ scripts: { en: campaign.scripts.en } }, { id: 'x', language: 'es' }, 'en'));
  });

  it('renders the stored variant (retired too), else A with no variant recorded', () => {
    const s = set({ variants: [{ id: 'B', initial: 'text B' }], retired: ['B'] });
    expect(initialTemplateFor(s, 'B')).toEqual({ template: 'text B', variant: 'B' });
    expect(initialTemplateFor(s, 'A')).toEqual({ template: s.initial, variant: 'A' });
    expect(initialTemplateFor(s, 'D')).toEqual({ template: s.initial });
    expect(initialTemplateFor(s, undefined)).toEqual({ template: s.initial });
  });

  it('edits keep at most four variants and A is the initial', () => {
    let s: ScriptSet = set();
    for (const id of ['B', 'C', 'D'] as const) {
      const r = withVariantText(s, id, `text ${id}`);
      expect(r.ok).toBe(true);
      if (r.ok) s = r.set;
    }
    expect(variantsOf(s).map((v) => v.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(liveVariants(s)).toEqual(['A', 'B', 'C', 'D']);
    const a = withVariantText(s, 'A', 'new A');
    expect(a.ok && a.set.initial).toBe('new A');
    expect(withVariantText(undefined, 'B', 'x')).toEqual({ ok: false, reason: 'no_script' });
    expect(ScriptSet.safeParse({ ...s, variants: [...(s.variants ?? []), { id: 'B', initial: 'x' }] }).success).toBe(false);
  });
});
