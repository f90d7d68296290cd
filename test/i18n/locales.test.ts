import { describe, expect, it } from 'vitest';
import { loadResources, createI18n } from '../../src/app/i18n.js';
import { resolveLang } from '../../src/core/i18n/lang.js';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('locales', () => {
  const res = loadResources();

  it('has English and Spanish with the same namespaces', () => {
    expect(Object.keys(res.en ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(res.es ?? {}).sort()).toEqual(Object.keys(res.en ?? {}).sort());
  });

  it('every key exists in both languages, with the same {{placeholders}}', () => {
    const problems: string[] = [];
    for (const ns of new Set([...Object.keys(res.en ?? {}), ...Object.keys(res.es ?? {})])) {
      const en = res.en?.[ns] ?? {};
      const es = res.es?.[ns] ?? {};
      const ek = new Set(keys(en));
      const sk = new Set(keys(es));
      for (const k of ek) if (!sk.has(k)) problems.push(`es/${ns}.json lacks ${k}`);
      for (const k of sk) if (!ek.has(k)) problems.push(`en/${ns}.json lacks ${k}`);
      for (const k of ek) {
        if (!sk.has(k)) continue;
        const get = (o: Record<string, unknown>) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o);
        const ph = (s: unknown) => [...String(s).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join(',');
        if (ph(get(en)) !== ph(get(es))) problems.push(`${ns}:${k} placeholders differ between en and es`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no value is empty', () => {
    const empty: string[] = [];
    for (const [lng, nss] of Object.entries(res)) {
      for (const [ns, tree] of Object.entries(nss)) {
        for (const k of keys(tree)) {
          const v = k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], tree);
          if (typeof v !== 'string' || v.trim() === '') empty.push(`${lng}/${ns}:${k}`);
        }
      }
    }
    expect(empty).toEqual([]);
  });

  it('the parity check can fail: a key missing in one language is reported', () => {
    const en = keys({ a: { b: 'x', c: 'y' } });
    const es = keys({ a: { b: 'x' } });
    expect(en.filter((k) => !es.includes(k))).toEqual(['a.c']);
  });
});

describe('locale resolution', () => {
  it.each([
    ['en-US', 'en'], ['en-GB', 'en'], ['es-ES', 'es'], ['es-LA', 'es'], ['es-419', 'es'], ['es_MX', 'es'],
    ['ES', 'es'], ['pt-BR', 'en'], ['fr', 'en'], ['', 'en'], [undefined, 'en'],
  ])('maps %s to %s', (input, lang) => {
    expect(resolveLang(input)).toBe(lang);
  });

  it('tries member, then workspace, then default', () => {
    expect(resolveLang('pt-BR', 'es-419', 'en')).toBe('es');
    expect(resolveLang(undefined, undefined, 'es')).toBe('es');
  });

  it('gives a t fixed to the member language, falling back to English', async () => {
    const i18n = await createI18n('en');
    expect(i18n.t('es')('common:errors.forbidden')).toBe('No tienes permiso para hacer eso.');
    expect(i18n.forLocale('pt-BR').t('common:errors.forbidden')).toBe("You don't have permission to do that.");
    expect(i18n.forLocale('es-419').lang).toBe('es');
  });

  it('remembers plain keys per language and still interpolates, counts and falls back on every call', async () => {
    const resources = loadResources();
    const i18n = await createI18n('en', resources);
    const es = i18n.t('es');
    expect(i18n.t('es')).toBe(es); // one t per language
    const plain = es('common:errors.forbidden');
    expect(es('common:errors.forbidden', {})).toBe(plain);
    expect(es('common:errors.forbidden', undefined)).toBe(plain);
    expect(i18n.t('en')('common:errors.forbidden')).not.toBe(plain);
    // A remembered answer is the one i18next gives: compare against a fresh instance for every key.
    const fresh = await createI18n('en', resources);
    for (const key of keys(resources.es?.common ?? {}).slice(0, 50)) {
      expect(es(`common:${key}`)).toBe(fresh.instance.getFixedT('es')(`common:${key}`));
    }
    // Calls with options are not remembered: each gets its own values.
    i18n.instance.addResource('en', 'common', 'zzTestGreeting', 'Hi {{name}}');
    expect(i18n.t('en')('common:zzTestGreeting', { name: 'Ana' })).toBe('Hi Ana');
    expect(i18n.t('en')('common:zzTestGreeting', { name: 'Luis' })).toBe('Hi Luis');
  });
});
