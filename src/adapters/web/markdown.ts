/**
 * HTML escaping and the View markdown subset (**bold**, _italic_, `code`, [link](url)).
 * Everything is escaped first; the subset is then converted on the escaped text, so nothing a
 * command or a voter wrote can become markup. Links are kept only for http and https.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/** Plain text with line breaks kept (voter text, user-typed messages): no markdown at all. */
export function plainText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/** The URL when it is an absolute http(s) URL, else null (javascript:, data:, relative...). */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

// Private-use characters mark placeholders; they are removed from the input first.
const MARK = '\uE000';
const MARK_RE = /\uE000(\d+)\uE000/g;

/** Bold and italic on already-escaped text. */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>');
}

/**
 * Markdown subset -> safe HTML. Code spans are taken out first (their content stays literal),
 * then links (label escaped, href checked and escaped), then bold/italic on the escaped rest.
 */
export function renderMarkdown(text: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `${MARK}${held.push(html) - 1}${MARK}`;
  let work = text.replace(/\uE000/g, '');
  work = work.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  work = work.replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, (whole, label: string, href: string) => {
    const url = safeHref(href);
    if (!url) return whole;
    return hold(`<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${emphasis(escapeHtml(label))}</a>`);
  });
  let html = emphasis(escapeHtml(work)).replace(/\r?\n/g, '<br>');
  // A link label may hold a code span: substitute until no placeholder is left (depth <= 2).
  for (let pass = 0; pass < 3 && html.includes(MARK); pass += 1) html = html.replace(MARK_RE, (_m, i: string) => held[Number(i)] ?? '');
  return html;
}
