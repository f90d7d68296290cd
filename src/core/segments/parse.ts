// The one chat filter syntax (Slack and sandbox free text, Discord typed options and its form all
// end here): `key:value` tokens, ANDed across keys; repeating a key (or commas) ORs its values.
// Survey questions, answers and tags are named by id or exact label (case-insensitive) and stored
// resolved to ids. Errors are i18n keys (segments namespace) that name the bad filter.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Campaign } from '../model/campaign.js';
import { ContactStatus } from '../model/contact.js';
import { TriageIntent } from '../triage/intent.js';
import { SEGMENT_EXCLUDED_STATUSES, Segment, type SegmentFieldFilter } from './segment.js';

/** Every filter key, in the order help lists them. */
export const SEGMENT_FILTER_KEYS = [
  'replied', 'answer', 'tag', 'intent', 'delivered', 'error', 'clicked', 'status', 'field', 'state', 'zip', 'lang', 'before', 'after',
] as const;
export type SegmentFilterKey = (typeof SEGMENT_FILTER_KEYS)[number];
const KEYS: ReadonlySet<string> = new Set(SEGMENT_FILTER_KEYS);

export interface SegmentParseContext {
  /** The campaigns the segment reads (questions, answers and tags resolve against them). */
  campaigns: readonly Pick<Campaign, 'slug' | 'survey' | 'tags'>[];
  /** IANA zone whose whole days `before:`/`after:` name (default UTC). */
  timeZone?: string;
}

export interface SegmentParseError {
  key: string;
  params: Record<string, string>;
}
export type SegmentParseResult = { ok: true; segment: Segment } | { ok: false; error: SegmentParseError };

/** One filter as typed: its key and the raw value (quotes kept, for `answer:` and `field:`). */
export interface FilterToken {
  key: string;
  value: string;
  /** As written, for messages. */
  text: string;
}

/**
 * Splits text into words; a quoted part ("...", '...', “...”) stays inside its word, so
 * `answer:"Will you vote?"=Yes` is one word. A word wholly in quotes loses them.
 */
export function splitFilterWords(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote: string | undefined;
  const flush = (): void => {
    const w = unquote(word);
    if (w !== '') out.push(w);
    word = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quote) {
      word += ch;
      // A single quote closes only before a separator, so "don't" inside stays literal.
      if (ch === quote && (quote !== "'" || /^[\s=,]?$/.test(text[i + 1] ?? ''))) quote = undefined;
    } else if (/\s/.test(ch)) flush();
    else {
      if (ch === '"') quote = '"';
      else if (ch === '“') quote = '”';
      else if (ch === "'" && (word === '' || /[:=,]$/.test(word))) quote = "'";
      word += ch;
    }
  }
  flush();
  return out;
}

/** `key:value` with a letters-only key; undefined for other words. */
export function filterToken(word: string): FilterToken | undefined {
  const m = /^([A-Za-z][A-Za-z_-]*):([\s\S]+)$/.exec(word);
  return m ? { key: (m[1] as string).toLowerCase(), value: m[2] as string, text: word } : undefined;
}

export const isFilterKey = (key: string): key is SegmentFilterKey => KEYS.has(key.toLowerCase());

const YES = new Set(['yes', 'y', 'true', 'si', 'sí', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

interface Acc {
  replied: Set<boolean>;
  delivered: Set<boolean>;
  clicked: Set<boolean>;
  answers: Map<string, Set<string>>;
  tags: Set<string>;
  intents: Set<string>;
  errorCodes: Set<string>;
  statuses: Set<ContactStatus>;
  fields: Map<string, SegmentFieldFilter>;
  states: Set<string>;
  zips: Set<string>;
  langs: Set<'en' | 'es'>;
  before?: Date;
  after?: Date;
}

class Bad extends Error {
  constructor(readonly problem: SegmentParseError) {
    super(problem.key);
  }
}
const bad = (key: string, params: Record<string, string>): never => {
  throw new Bad({ key: `segments:errors.${key}`, params });
};

/**
 * Parses filters (free text, or words already split) into a validated Segment. Words that are
 * not `key:value` filters, and unknown keys, are errors naming the word.
 */
export function parseSegmentFilters(input: string | readonly string[], ctx: SegmentParseContext): SegmentParseResult {
  const words = typeof input === 'string' ? splitFilterWords(input) : input.map(unquote).filter((w) => w.trim() !== '');
  const acc: Acc = {
    replied: new Set(), delivered: new Set(), clicked: new Set(), answers: new Map(), tags: new Set(), intents: new Set(),
    errorCodes: new Set(), statuses: new Set(), fields: new Map(), states: new Set(), zips: new Set(), langs: new Set(),
  };
  try {
    for (const word of words) {
      const tok = filterToken(word);
      if (!tok || !isFilterKey(tok.key)) bad('unknown_filter', { filter: shown(word), filters: SEGMENT_FILTER_KEYS.join(', ') });
      else apply(acc, tok, ctx);
    }
  } catch (err) {
    if (err instanceof Bad) return { ok: false, error: err.problem };
    throw err;
  }
  return build(acc);
}

function apply(acc: Acc, tok: FilterToken, ctx: SegmentParseContext): void {
  const filter = shown(tok.text);
  switch (tok.key as SegmentFilterKey) {
    case 'replied': case 'delivered': case 'clicked':
      for (const v of list(tok.value)) acc[tok.key as 'replied'].add(yesNo(v, filter));
      return;
    case 'answer':
      return addAnswer(acc, tok.value, filter, ctx);
    case 'tag':
      for (const v of list(tok.value)) acc.tags.add(resolveTag(v, ctx));
      return;
    case 'intent':
      for (const v of list(tok.value)) {
        const r = TriageIntent.safeParse(v.toLowerCase());
        if (!r.success) bad('bad_intent', { filter, intents: TriageIntent.options.join(', ') });
        else acc.intents.add(r.data);
      }
      return;
    case 'error':
      for (const v of list(tok.value)) {
        if (!/^\d{1,10}$/.test(v)) bad('bad_error_code', { filter });
        acc.errorCodes.add(v);
      }
      return;
    case 'status':
      for (const v of list(tok.value)) {
        const r = ContactStatus.safeParse(v.toLowerCase());
        const allowed = ContactStatus.options.filter((s) => !(SEGMENT_EXCLUDED_STATUSES as readonly string[]).includes(s));
        if (!r.success) bad('bad_status', { filter, statuses: allowed.join(', ') });
        else if ((SEGMENT_EXCLUDED_STATUSES as readonly string[]).includes(r.data)) bad('status_excluded', { filter, status: r.data });
        else acc.statuses.add(r.data);
      }
      return;
    case 'field':
      return addField(acc, tok.value, filter);
    case 'state':
      for (const v of list(tok.value)) {
        if (!/^[A-Za-z]{2}$/.test(v)) bad('bad_state', { filter });
        acc.states.add(v.toUpperCase());
      }
      return;
    case 'zip':
      for (const v of list(tok.value)) {
        if (!/^\d{1,5}$/.test(v)) bad('bad_zip', { filter });
        acc.zips.add(v);
      }
      return;
    case 'lang':
      for (const v of list(tok.value)) {
        const l = v.toLowerCase().slice(0, 2);
        if (l !== 'en' && l !== 'es') bad('bad_lang', { filter });
        else acc.langs.add(l);
      }
      return;
    case 'before': case 'after': {
      const day = DateTime.fromISO(unquote(tok.value), { zone: ctx.timeZone ?? 'UTC' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(unquote(tok.value)) || !day.isValid) return void bad('bad_date', { filter });
      const start = day.startOf('day').toJSDate();
      // Repeats OR: before the latest day named, or on/after the earliest.
      if (tok.key === 'before') acc.before = acc.before && acc.before > start ? acc.before : start;
      else acc.after = acc.after && acc.after < start ? acc.after : start;
      return;
    }
  }
}

function addAnswer(acc: Acc, value: string, filter: string, ctx: SegmentParseContext): void {
  const [q, a] = splitOutsideQuotes(value, '=');
  if (q === undefined || a === undefined || q.trim() === '' || a.trim() === '') return void bad('bad_answer', { filter });
  const qLabel = unquote(q.trim());
  const wanted = qLabel.toLowerCase();
  let question: Campaign['survey'][number] | undefined;
  for (const c of ctx.campaigns) {
    question = c.survey.find((x) => x.id === qLabel) ?? c.survey.find((x) => x.text.trim().toLowerCase() === wanted);
    if (question) break;
  }
  if (!question) return void bad('question_not_found', { filter, question: shown(qLabel), campaign: campaignNames(ctx) });
  const ids = acc.answers.get(question.id) ?? new Set<string>();
  for (const label of list(a)) {
    const lower = label.toLowerCase();
    const answer = question.answers.find((x) => x.id === label) ?? question.answers.find((x) => x.label.trim().toLowerCase() === lower);
    if (!answer) bad('answer_not_found', { filter, answer: shown(label), question: shown(question.text), answers: question.answers.map((x) => x.label).join(', ') });
    else ids.add(answer.id);
  }
  acc.answers.set(question.id, ids);
}

function addField(acc: Acc, value: string, filter: string): void {
  const ne = splitOutsideQuotes(value, '!=');
  const [rawName, rawValues, op] = ne[1] !== undefined ? [ne[0], ne[1], 'ne' as const] : [...splitOutsideQuotes(value, '='), 'eq' as const];
  const name = unquote((rawName ?? '').trim());
  // A name with '.' or a leading '$' can be no imported column (stores keep field names as keys).
  if (name === '' || name.includes('.') || name.startsWith('$') || rawValues === undefined || rawValues.trim() === '') return void bad('bad_field', { filter });
  const values = list(rawValues);
  const key = `${op}\u0000${name}`;
  const f = acc.fields.get(key);
  const merged = [...new Set([...(f?.values ?? []), ...values])];
  acc.fields.set(key, { name, op: op === 'ne' ? 'ne' : merged.length > 1 ? 'in' : 'eq', values: merged });
}

function resolveTag(v: string, ctx: SegmentParseContext): string {
  const lower = v.toLowerCase();
  for (const c of ctx.campaigns) {
    const tag = c.tags.find((t) => t.id === v) ?? c.tags.find((t) => t.label.trim().toLowerCase() === lower);
    if (tag) return tag.id;
  }
  return bad('tag_not_found', { filter: shown(`tag:${v}`), tag: shown(v), campaign: campaignNames(ctx) });
}

function yesNo(v: string, filter: string): boolean {
  const l = v.toLowerCase();
  if (YES.has(l)) return true;
  if (NO.has(l)) return false;
  return bad('bad_yes_no', { filter });
}

function build(acc: Acc): SegmentParseResult {
  const one = (s: Set<boolean>): boolean | undefined => (s.size === 1 ? [...s][0] : undefined); // yes OR no: no filter
  const arr = <T>(s: Set<T>): T[] | undefined => (s.size ? [...s] : undefined);
  const candidate = {
    replied: one(acc.replied),
    delivered: one(acc.delivered),
    clicked: one(acc.clicked),
    answers: acc.answers.size ? [...acc.answers].map(([questionId, ids]) => ({ questionId, answerIds: [...ids] })) : undefined,
    tags: arr(acc.tags),
    intents: arr(acc.intents),
    errorCodes: arr(acc.errorCodes),
    statuses: arr(acc.statuses),
    fields: acc.fields.size ? [...acc.fields.values()] : undefined,
    states: arr(acc.states),
    zipPrefixes: arr(acc.zips),
    langs: arr(acc.langs),
    messagedBefore: acc.before,
    messagedAfter: acc.after,
  };
  const r = Segment.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
  if (r.success) return { ok: true, segment: r.data };
  return { ok: false, error: { key: 'segments:errors.too_many', params: { filter: String(r.error.issues[0]?.path[0] ?? '') } } };
}

/** Values separated by commas outside quotes, unquoted and trimmed. */
function list(value: string): string[] {
  const out: string[] = [];
  let rest: string | undefined = value;
  while (rest !== undefined) {
    const [head, tail] = splitOutsideQuotes(rest, ',');
    const v = unquote((head ?? '').trim());
    if (v !== '') out.push(v);
    rest = tail;
  }
  return out;
}

/** [before, after] the first `sep` outside quotes; after is undefined when there is none. */
function splitOutsideQuotes(s: string, sep: string): [string, string | undefined] {
  let quote: string | undefined;
  for (let i = 0; i < s.length; i += 1) {
    const ch = s[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"') quote = '"';
    else if (ch === '“') quote = '”';
    else if (ch === "'" && (i === 0 || /[=,:!]/.test(s[i - 1] as string))) quote = "'";
    else if (s.startsWith(sep, i)) return [s.slice(0, i), s.slice(i + sep.length)];
  }
  return [s, undefined];
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) || (t.startsWith('“') && t.endsWith('”')))) return t.slice(1, -1);
  return t;
}

const shown = (s: string): string => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
const campaignNames = (ctx: SegmentParseContext): string => ctx.campaigns.map((c) => c.slug).join(', ') || '-';

/** Parses a Segment that travelled (button values, job payloads) as JSON. */
export const SegmentJson = z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
}).pipe(Segment);
