// Script templates with merge fields.
// Syntax:
//   {firstName}          field; names compare case-insensitively, ignoring '_', '-' and spaces
//                        ({FIRSTNAME}, {first_name}, { First Name } are the same key)
//   {firstName|friend}   fallback used when the field is missing or empty ('|' then text, trimmed)
//   {firstName|}         explicit empty fallback: renders '' instead of reporting it missing
//   {{ and }}            literal '{' and '}' ('{{firstName}}' renders the text '{firstName}')
//   {link:https://x.org} a tracked link: each contact gets its own short link to that destination
//                        (an http(s) URL with a host; anything else is 'invalid_link')
// A lone '{' or '}', a '{' inside a field, or an unclosed field is an error ('unbalanced_braces');
// '{}' or '{|x}' is an error ('empty_field'). Errors never render: renderTemplate returns
// { ok: false, missing: [], error }. lintScript reports the same errors.
// Design: the send flow refuses a script with a missing field rather than texting "Hi ,".

export type TemplateError = 'unbalanced_braces' | 'empty_field' | 'invalid_link' | 'unresolved_link';

export type TemplatePart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'field'; readonly name: string; readonly key: string; readonly fallback?: string }
  | { readonly type: 'link'; readonly url: string };

export type ParsedTemplate =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly error: TemplateError; readonly index: number; readonly parts: readonly TemplatePart[] };

export type RenderTemplateResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly missing: string[]; readonly error?: TemplateError };

export type TemplateFields = Readonly<Record<string, string | undefined | null>>;

/**
 * The contact's own link per destination (`{link:<destination>}` -> the tracked URL). When a
 * render is given links, a destination without one is 'unresolved_link': a tracked script never
 * goes out with the bare destination instead of the contact's link.
 */
export type TemplateLinks = Readonly<Record<string, string>>;

/** The fields every campaign provides, in their canonical spelling. */
export const STANDARD_FIELDS: readonly string[] = ['firstName', 'lastName', 'texterName', 'orgName', 'disclaimer'];

/** Canonical lookup key for a field name: 'First_Name', 'first name', 'FIRSTNAME' -> 'firstname'. */
export function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

const LINK_PREFIX = /^\s*link\s*:/i;

/** A destination a tracked link may point to: an absolute http(s) URL with a host and no spaces or credentials. */
export function isLinkDestination(url: string): boolean {
  if (url === '' || /\s/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

function parseField(body: string, index: number): TemplatePart | { error: TemplateError; index: number } {
  const link = LINK_PREFIX.exec(body);
  if (link) {
    const url = body.slice(link[0].length).trim();
    return isLinkDestination(url) ? { type: 'link', url } : { error: 'invalid_link', index };
  }
  const bar = body.indexOf('|');
  const name = (bar === -1 ? body : body.slice(0, bar)).trim();
  if (name === '') return { error: 'empty_field', index };
  const key = fieldKey(name);
  return bar === -1 ? { type: 'field', name, key } : { type: 'field', name, key, fallback: body.slice(bar + 1).trim() };
}

/**
 * Parsed templates by their text. A campaign renders the same few scripts for every voter, and
 * the parse is read-only, so one parse serves them all (bounded: the oldest parse leaves first).
 */
const parsedCache = new Map<string, ParsedTemplate>();
const PARSED_CACHE_SIZE = 500;

/** Parse a template into text and field parts; stops at the first syntax error. */
export function parseTemplate(template: string): ParsedTemplate {
  const cached = parsedCache.get(template);
  if (cached) return cached;
  const parsed = parseUncached(template);
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(template, parsed);
  return parsed;
}

function parseUncached(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  const flush = (): void => {
    if (text !== '') parts.push({ type: 'text', text });
    text = '';
  };
  while (i < template.length) {
    const ch = template[i];
    const next = template[i + 1];
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      text += ch;
      i += 2;
      continue;
    }
    if (ch === '}') return { ok: false, error: 'unbalanced_braces', index: i, parts };
    if (ch !== '{') {
      text += ch;
      i += 1;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    const nested = template.indexOf('{', i + 1);
    if (close === -1 || (nested !== -1 && nested < close)) return { ok: false, error: 'unbalanced_braces', index: i, parts };
    const field = parseField(template.slice(i + 1, close), i);
    if ('error' in field) return { ok: false, error: field.error, index: field.index, parts };
    flush();
    parts.push(field);
    i = close + 1;
  }
  flush();
  return { ok: true, parts };
}

function fieldLookup(fields: TemplateFields): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) {
    const trimmed = value?.trim() ?? '';
    const key = fieldKey(name);
    if (trimmed !== '' && !lookup.has(key)) lookup.set(key, trimmed);
  }
  return lookup;
}

/**
 * Render a template. An empty or whitespace-only value counts as missing (the fallback is used
 * if there is one). Missing fields without a fallback are reported, deduplicated, spelled as in
 * the template; nothing is rendered in that case.
 */
export function renderTemplate(template: string, fields: TemplateFields, links?: TemplateLinks): RenderTemplateResult {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return { ok: false, missing: [], error: parsed.error };
  const values = fieldLookup(fields);
  const missing: string[] = [];
  const missingKeys = new Set<string>();
  let text = '';
  for (const part of parsed.parts) {
    if (part.type === 'text') {
      text += part.text;
      continue;
    }
    if (part.type === 'link') {
      // Without links (a reply, a preview of the script itself) the destination is shown as written.
      const url = links ? (Object.hasOwn(links, part.url) ? links[part.url] : undefined) : part.url;
      if (url === undefined) return { ok: false, missing: [], error: 'unresolved_link' };
      text += url;
      continue;
    }
    const value = values.get(part.key) ?? part.fallback;
    if (value !== undefined) {
      text += value;
    } else if (!missingKeys.has(part.key)) {
      missingKeys.add(part.key);
      missing.push(part.name);
    }
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text };
}

/** Destinations of the template's tracked links (deduplicated, in order); [] when it does not parse. */
export function templateLinks(template: string): string[] {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return [];
  return [...new Set(parsed.parts.flatMap((p) => (p.type === 'link' ? [p.url] : [])))];
}

/** Field names used by a template (deduplicated by key, first spelling kept), so an import can warn. */
export function templateFields(template: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of parseTemplate(template).parts) {
    if (part.type === 'field' && !seen.has(part.key)) {
      seen.add(part.key);
      names.push(part.name);
    }
  }
  return names;
}
