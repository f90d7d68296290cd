/** The sandbox page: the HTML template filled with translated text and a JSON boot block. */
import type { Lang } from '../../core/model/common.js';
import { escapeHtml } from './markdown.js';
import { pageStrings, type SandboxTranslate } from './page-strings.js';
import type { SandboxMember } from './roster.js';

export interface PageBoot {
  lang: Lang;
  langs: { code: Lang; label: string }[];
  strings: Record<string, string>;
  roster: { id: string; name: string; hint: string }[];
  defaultChannelId: string;
  apiBase: string;
  sampleCsvUrl: string;
  sampleUploadId: string;
  /** How many texts one press of "Simulate carrier filtering" fails. */
  carrierFilterTexts: number;
}

/** Same-origin everything; inline style attributes are allowed for progress bar widths only. */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const LANG_LABELS: Record<Lang, string> = { en: 'English', es: 'Español' };

export function pageBoot(opts: { t: SandboxTranslate; lang: Lang; roster: readonly SandboxMember[]; defaultChannelId: string; sampleUploadId: string; carrierFilterTexts?: number }): PageBoot {
  const { t, lang } = opts;
  return {
    lang,
    langs: (Object.keys(LANG_LABELS) as Lang[]).map((code) => ({ code, label: LANG_LABELS[code] })),
    strings: pageStrings(t, lang),
    roster: opts.roster.map((m) => ({ id: m.id, name: m.displayName, hint: t(lang, m.hintKey) })),
    defaultChannelId: opts.defaultChannelId,
    apiBase: '/sandbox/api',
    sampleCsvUrl: '/sandbox/sample-voters.csv',
    sampleUploadId: opts.sampleUploadId,
    carrierFilterTexts: opts.carrierFilterTexts ?? 10,
  };
}

/** `{{t:key}}` -> escaped sandbox text, `{{lang}}`, and `{{boot}}` -> JSON safe inside a script element. */
export function renderPage(template: string, t: SandboxTranslate, boot: PageBoot): string {
  const json = JSON.stringify(boot).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return template
    .replace(/\{\{t:([\w.]+)\}\}/g, (_m, key: string) => escapeHtml(t(boot.lang, `sandbox:${key}`)))
    .replace(/\{\{lang\}\}/g, boot.lang)
    .replace('{{boot}}', () => json);
}
