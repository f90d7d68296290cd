/**
 * Text a voter (or anyone outside the team) wrote, made inert for Discord markdown: markup
 * characters are backslash-escaped so they show as typed, mentions cannot form (`<@id>`,
 * `@everyone`, `@here` are broken with an escape or a zero-width space), and links are wrapped
 * in `<...>` so they never unfurl a preview. `allowed_mentions: { parse: [] }` on every message
 * is the second lock (DESIGN: Neutral views; voter text never pings).
 */

const ZWSP = '\u200b';
/** Control and invisible format characters (zero-width, bidi overrides); line breaks and tabs are kept. */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const keepBreaks = (c: string): string => (c === '\n' || c === '\t' ? c : '');
/** Characters Discord treats as markup anywhere in a line. */
const INLINE_MARKUP = /[\\*_~`|<>[\]]/g;
const URL = /\bhttps?:\/\/[^\s<>]+[^\s<>.,;:!?)'"\]]/gi;

/** Neutralizes @everyone / @here (Discord would otherwise highlight them, and ping without allowed_mentions). */
export function breakMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`);
}

function escapePlain(text: string): string {
  const escaped = text.replace(INLINE_MARKUP, (c) => `\\${c}`);
  // Block markup only counts at a line start: lists (-, +, 1.), headers (#, ##) and subtext (-#).
  const blocks = escaped.replace(/^(\s*)(?:([-+#])|(\d+)\.)/gm, (_m, sp: string, mark?: string, digits?: string) => (mark ? `${sp}\\${mark}` : `${sp}${digits ?? ''}\\.`));
  return breakMentions(blocks);
}

/** Plain text shown exactly as written: markdown escaped, mentions broken, links kept but never unfurled. */
export function escapeText(text: string): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(CONTROL, keepBreaks);
  let out = '';
  let last = 0;
  for (const m of clean.matchAll(URL)) {
    out += escapePlain(clean.slice(last, m.index));
    out += `<${m[0]}>`;
    last = (m.index ?? 0) + m[0].length;
  }
  return out + escapePlain(clean.slice(last));
}

/** A voter's message as a Discord block quote: every line prefixed with `> ` and escaped. */
export function quoteText(text: string): string {
  return escapeText(text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Cuts to `max` characters (code points kept whole), ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never end on half a surrogate pair or a dangling escape backslash.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  if (/(^|[^\\])(\\\\)*\\$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
