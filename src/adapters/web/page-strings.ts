/** The sandbox namespace keys the page shows, translated on the server and embedded in the page. */
import type { Lang } from '../../core/model/common.js';

export type SandboxTranslate = (lang: Lang, key: string, params?: Record<string, unknown>) => string;

export const PAGE_KEYS: readonly string[] = [
  'page.title', 'page.banner', 'page.bannerDetail', 'page.actingAs', 'page.language', 'page.workspace', 'page.channels',
  'page.directMessages', 'page.dmWithBot', 'page.bot', 'page.appBadge', 'page.onlyYou', 'page.edited', 'page.emptyChannel',
  'page.emptyDm', 'page.download', 'page.loading',
  'roster.organizer', 'roster.volunteer',
  'quick.title', 'quick.step1', 'quick.step2', 'quick.step3', 'quick.step4', 'quick.sampleCsv',
  'composer.placeholder', 'composer.send', 'composer.attach', 'composer.attachSample', 'composer.attached', 'composer.remove', 'composer.notCommand',
  'thread.title', 'thread.close', 'thread.placeholder', 'thread.send', 'thread.open',
  'phones.title', 'phones.subtitle', 'phones.empty', 'phones.placeholder', 'phones.send', 'phones.stop', 'phones.fromOrg', 'phones.fromVoter', 'phones.media',
  'phones.filter', 'phones.filterStop', 'phones.filterHint',
  'modal.cancel', 'modal.optional', 'modal.useSample', 'modal.uploading', 'modal.required',
  'errors.network', 'errors.request', 'errors.unexpected',
];

/**
 * Key -> text for the page. Texts with {{params}} keep them (the page fills them in), so they
 * are translated with each param mapped to its own placeholder.
 */
export function pageStrings(t: SandboxTranslate, lang: Lang): Record<string, string> {
  const keep = { name: '{{name}}', message: '{{message}}', interpolation: { escapeValue: false } };
  return Object.fromEntries(PAGE_KEYS.map((k) => [k, t(lang, `sandbox:${k}`, keep)]));
}

/** Fills {{name}}-style params of a page string (same syntax the page uses). */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
