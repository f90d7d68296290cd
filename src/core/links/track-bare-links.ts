// "Track links" in the script editor: bare http(s) URLs in a script's text become `{link:<url>}`
// in one press. Only plain text is touched: merge fields, existing tracked links and `{{`/`}}`
// escapes stay exactly as written; a trailing period or bracket ends the sentence, not the URL.
import { isLinkDestination } from '../scripts/template.js';

const URL_RE = /https?:\/\/[^\s{}<>"'`]+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** Start and end (exclusive) of each `{...}` part of a template; `{{`/`}}` escapes are skipped. */
function braceRegions(text: string): [number, number][] {
  const regions: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      i += 2;
      continue;
    }
    if (ch === '{') {
      const close = text.indexOf('}', i + 1);
      if (close === -1) break;
      regions.push([i, close + 1]);
      i = close + 1;
      continue;
    }
    i += 1;
  }
  return regions;
}

/** The text with each bare http(s) URL as `{link:<url>}`, and how many were rewritten. */
export function trackBareLinks(text: string): { text: string; count: number } {
  const regions = braceRegions(text);
  let out = '';
  let last = 0;
  let count = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    if (regions.some(([a, b]) => start >= a && start < b)) continue;
    const url = m[0].replace(TRAILING, '');
    if (!isLinkDestination(url)) continue;
    out += `${text.slice(last, start)}{link:${url}}`;
    last = start + url.length;
    count += 1;
  }
  return { text: out + text.slice(last), count };
}

/** Whether a text has a bare http(s) URL that Track links would rewrite. */
export const hasBareLinks = (text: string): boolean => trackBareLinks(text).count > 0;
