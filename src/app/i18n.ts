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
  return {
    instance,
    t: (lang) => instance.getFixedT(lang),
    forLocale: (...candidates) => {
      const lang = resolveLang(...candidates, defaultLang);
      return { lang, t: instance.getFixedT(lang) };
    },
  };
}
