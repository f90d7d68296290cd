/**
 * Our markdown subset -> Slack mrkdwn. Everything is escaped first (`&`, `<`, `>`), so no text
 * can become a mention (`<!channel>`, `<@U123>`) or a link; then **bold** -> *bold*, _italic_
 * and `code` stay, [text](url) -> <url|text> for http(s) URLs only. Voter text gets the escaping
 * and nothing else (R: voter text cannot ping or link), shown as a quote.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes the three characters Slack treats as control sequences. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c] as string);
}

/** A URL fit for `<url|label>`: absolute http(s), with the characters Slack parses encoded. */
export function slackUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

// Private-use characters mark held pieces; removed from the input first.
const MARK = '\uE000';
const MARK_RE = /\uE000(\d+)\uE000/g;

function emphasis(escaped: string): string {
  return escaped.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '*$1*');
}

/** Markdown subset -> mrkdwn, escaping first. */
export function toMrkdwn(markdown: string): string {
  const held: string[] = [];
  const hold = (piece: string): string => `${MARK}${held.push(piece) - 1}${MARK}`;
  let work = markdown.replace(/\uE000/g, '');
  work = work.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`\`${escapeMrkdwn(code)}\``));
  work = work.replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, (whole, label: string, href: string) => {
    const url = slackUrl(href);
    if (!url) return whole;
    return hold(`<${url}|${emphasis(escapeMrkdwn(label))}>`);
  });
  let out = emphasis(escapeMrkdwn(work));
  for (let pass = 0; pass < 3 && out.includes(MARK); pass += 1) out = out.replace(MARK_RE, (_m, i: string) => held[Number(i)] ?? '');
  return out;
}

/**
 * Text a voter wrote: escaped (so `<!channel>` arrives as `&lt;!channel&gt;`) and quoted line by
 * line. Sent with `verbatim: true`, so Slack does not auto-link names, channels or @here either.
 */
export function voterMrkdwn(text: string): string {
  const lines = escapeMrkdwn(text.replace(/\r\n?/g, '\n')).split('\n');
  return lines.map((l) => `>${l}`).join('\n');
}

/** Plain text for Block Kit `plain_text` objects (labels, titles): no mrkdwn applies there. */
export function plain(markdown: string): string {
  return markdown
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1')
    .replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1');
}

/**
 * What a member typed in Slack, as plain text for an SMS: Slack's own escapes undone and its
 * link/mention markup turned back into what the person saw (`<https://x.org|x.org>` -> x.org,
 * `<#C1|gotv>` -> #gotv, `<!here>` -> @here, `&amp;` -> &).
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto|tel):[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => (url.replace(/^(https?:\/\/|mailto:|tel:)/, '').replace(/\/$/, '') === label.replace(/\/$/, '') ? label : `${label} (${url})`))
    .replace(/<((?:https?|mailto|tel):[^>]+)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `@${name || id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Slash command text (the manifest sets should_escape, so `@ana` arrives as `<@U123|ana>`):
 * user mentions are kept for the commands to resolve (`role grant @ana`), links become their
 * URL, channels their #name, and entities are undone. A channel given as an option's value
 * (`review_channel:<#C1|review>`, `--review_channel <#C1|review>`) keeps its id (`<#C1>`): the
 * command needs the channel, not its name.
 */
export function fromSlackCommandText(text: string): string {
  return text
    .replace(/((?:^|\s)(?:[\w-]+:|--[\w-]+=|--[\w-]+\s+))<#([A-Z0-9]+)(?:\|[^>]*)?>/g, '$1<#$2>')
    .replace(/<((?:https?):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
