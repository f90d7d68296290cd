import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInstance, type i18n, type TFunction } from 'i18next';
import { SUPPORTED_LANGS, type Lang } from '../core/model/common.js';
import { resolveLang } from '../core/i18n/lang.js';

/** The repository's locales folder (same depth from src/app and dist/app). */
export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads locales/<lng>/<ns>.json for every supported language. */
export function loadResources(dir = LOCALES_DIR): Resources {
  const resources: Resources = {};
  for (const lng of SUPPORTED_LANGS) {
    const folder = join(dir, lng);
    resources[lng] = {};
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      resources[lng][file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

export interface I18n {
  instance: i18n;
  /** A `t` fixed to one language (per request / per member). Keys are `ns:key`. */
  t(lang: Lang): TFunction;
  /** Resolve a platform locale chain to a language, then give its `t`. */
  forLocale(...candidates: (string | null | undefined)[]): { lang: Lang; t: TFunction };
}

/**
 * A language's `t`, remembering keys asked without options. A card, a help page or a form asks
 * for the same labels on every render, and i18next resolves each one from scratch (about 15 µs
 * a key: half of a card's render at election-eve load). Resources are fixed at boot, so a plain
 * key always resolves the same; calls with options (values, count, context) go to i18next.
 */
function rememberingT(fixed: TFunction): TFunction {
  const plain = new Map<string, string>();
  const call = fixed as unknown as (...args: unknown[]) => unknown;
  // No options: nothing, undefined, or an empty object (callers often pass `params ?? {}`).
  const noOptions = (rest: unknown[]): boolean => {
    if (rest.length === 0) return true;
    const [opts] = rest;
    return rest.length === 1 && (opts === undefined || (typeof opts === 'object' && opts !== null && Object.getPrototypeOf(opts) === Object.prototype && Object.keys(opts).length === 0));
  };
  const t = (key: unknown, ...rest: unknown[]): unknown => {
    if (typeof key !== 'string' || !noOptions(rest)) return call(key, ...rest);
    const known = plain.get(key);
    if (known !== undefined) return known;
    const value = call(key);
    if (typeof value === 'string') plain.set(key, value);
    return value;
  };
  return t as unknown as TFunction;
}

/** One i18next instance for the process, resources loaded at boot. */
export async function createI18n(defaultLang: Lang = 'en', resources: Resources = loadResources()): Promise<I18n> {
  const instance = createInstance();
  await instance.init({
    resources,
    lng: defaultLang,
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGS],
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const byLang = new Map<Lang, TFunction>();
  const fixedFor = (lang: Lang): TFunction => {
    let t = byLang.get(lang);
    if (!t) {
      t = rememberingT(instance.getFixedT(lang));
      byLang.set(lang, t);
    }
    return t;
  };
  return {
    instance,
    t: fixedFor,
    forLocale: (...candidates) => {
      const lang = resolveLang(...candidates, defaultLang);
      return { lang, t: fixedFor(lang) };
    },
  };
}
