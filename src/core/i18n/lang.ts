import { SUPPORTED_LANGS, type Lang } from '../model/common.js';

/**
 * Maps platform locales (Slack `en-US`, Discord `es-ES`, `es-419`, `pt-BR`, ...) to a supported
 * language. Candidates are tried in order (member, then workspace/guild, then org default);
 * the first one we support wins; `en` is the fallback (Sapphire i18next resolution order).
 */
export function resolveLang(...candidates: (string | null | undefined)[]): Lang {
  for (const c of candidates) {
    if (!c) continue;
    const base = c.trim().toLowerCase().replace('_', '-').split('-')[0];
    const hit = SUPPORTED_LANGS.find((l) => l === base);
    if (hit) return hit;
  }
  return 'en';
}
