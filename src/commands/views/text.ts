// Small text helpers shared by the views. Anything that came from a voter file, a voter or a
// member (names, cities, campaign names) is made inert before it goes into markdown: the
// markdown subset cannot be escaped the same way on every platform (Slack has no backslash
// escapes), so markup and mention characters are removed or broken instead. Whole voter
// messages never go through here: they go into `quote` blocks, which renderers escape.
import type { Lang } from '../../core/model/common.js';

const MARKUP = /[*_~`|<>[\]\\#]/g;
/** Control and invisible format characters (zero-width, bidi overrides). */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * A short name-like value made safe for markdown: no markup characters, no line breaks, mentions
 * broken with a zero-width space after '@' (`@everyone` cannot ping), trimmed to `max`.
 */
export function inline(value: string | undefined | null, max = 80): string {
  const cleaned = (value ?? '')
    .replace(CONTROL, ' ')
    .replace(MARKUP, '')
    .replace(/@/g, '@\u200b')
    .replace(/\s+/g, ' ')
    .trim();
  return [...cleaned].length > max ? `${[...cleaned].slice(0, max - 1).join('')}…` : cleaned;
}

/** A short value shown as `code` (column names, merge fields, codes): no formatting applies inside. */
export function code(value: string, max = 40): string {
  const cleaned = value.replace(CONTROL, ' ').replace(/`/g, "'").replace(/[<>]/g, '').replace(/@/g, '@\u200b').replace(/\s+/g, ' ').trim();
  const cut = [...cleaned].length > max ? `${[...cleaned].slice(0, max - 1).join('')}…` : cleaned;
  return cut ? `\`${cut}\`` : '';
}

/** 0.234 -> "23%" (whole percent; "<1%" for a small non-zero share). */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** Shares as a whole percent of `total` (0 when total is 0). */
export function shareOf(n: number, total: number): number {
  return total > 0 ? n / total : 0;
}

/** Numbers grouped the way the language writes them (1,234 / 1.234). */
export function num(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US').format(n);
}

/**
 * A time people can read in chat: "Tue, Nov 17, 14:00 UTC". UTC is said explicitly because the
 * reader's and the voter's zones both differ from the server's.
 */
export function when(at: Date, lang: Lang): string {
  const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', {
    weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
  });
  return `${fmt.format(at)} UTC`;
}

/** Engine failure params may hold ISO times (opensAt, retryAt): shown as readable times. */
export function readableParams(params: Record<string, string | number>, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) ? when(new Date(v), lang) : v;
  }
  return out;
}
