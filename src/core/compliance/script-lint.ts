// Script lint (R3.1, R3.2, R3.4, R3.5, R3.6 + template syntax). Findings carry an i18n key
// in the `rules` namespace (locales/<lng>/rules.json) and its interpolation params.
import { fieldKey, parseTemplate, STANDARD_FIELDS, type TemplatePart } from '../scripts/template.js';
import { gsmSafe, MAX_SMS_CHARACTERS, RECOMMENDED_MAX_SEGMENTS, segmentInfo } from '../scripts/segments.js';
import { normalizePhraseText } from './normalize-text.js';
import { sampleTrackedUrl } from '../links/link-code.js';
import { OPT_OUT_LANGUAGE_PATTERNS, SHAFT_TERMS, URL_SHORTENER_DOMAINS, type ShaftCategory } from './lint-data.js';

export interface LintFinding {
  /** The COMPLIANCE rule id ('R3.1'...) or 'template' for merge-field syntax. */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** i18n key, e.g. 'rules:lint.missing_org_name'. */
  readonly key: string;
  readonly params?: Record<string, string | number>;
}

export interface LintOptions {
  /** The registered org name (R3.1). */
  readonly orgName: string;
  /** R3.1/R3.2 apply to the initial message only. */
  readonly isFirstMessage: boolean;
  readonly lang: 'en' | 'es';
  /** Columns the contacts have. When given, other fields are errors; STANDARD_FIELDS are always known. */
  readonly knownFields?: readonly string[];
  /** LINK_BASE_URL: a `{link:...}` is measured as long as the link each voter gets; absent, as its destination. */
  readonly linkBase?: string;
}

/** The finding of a `{link:...}` whose destination is not an http(s) address (a save refuses it). */
export const INVALID_LINK_FINDING = 'links:lint.invalid_link';

/** R3.2 standard wording, in the script's language, offered as the fix. */
const OPT_OUT_EXAMPLES: Readonly<Record<'en' | 'es', string>> = {
  en: 'Reply STOP to opt out.',
  es: 'Responde STOP o ALTO para no recibir más mensajes.',
};

interface ScriptView {
  readonly parts: readonly TemplatePart[] | null;
  /** Text as written with merge tokens kept (`{firstName}`), for length and encoding. */
  readonly measured: string;
  /** Literal text plus fallbacks, for content checks. */
  readonly content: string;
}

function viewOf(text: string, linkBase?: string): ScriptView {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return { parts: null, measured: text, content: text };
  const measured = measuredText(parsed.parts, linkBase);
  // A tracked link's destination stays in the content, so a shortener behind it is refused too (R3.5).
  const content = parsed.parts.map((p) => (p.type === 'text' ? p.text : p.type === 'link' ? ` ${p.url} ` : ` ${p.fallback ?? ''} `)).join('');
  return { parts: parsed.parts, measured, content };
}

/** The text as written (`{firstName}` kept), each tracked link as long as the one a voter gets. */
function measuredText(parts: readonly TemplatePart[], linkBase?: string): string {
  return parts.map((p) => (p.type === 'text' ? p.text : p.type === 'link' ? (linkBase ? sampleTrackedUrl(linkBase) : p.url) : `{${p.name}}`)).join('');
}

/** A template as the segment counter measures it (see measuredText); the text itself when it does not parse. */
export function measuredTemplate(text: string, linkBase?: string): string {
  const parsed = parseTemplate(text);
  return parsed.ok ? measuredText(parsed.parts, linkBase) : text;
}

/** Offset of the first `{field}` with this key in the measured text, or -1. */
function fieldOffset(parts: readonly TemplatePart[] | null, key: string): number {
  let offset = 0;
  for (const part of parts ?? []) {
    if (part.type === 'field' && part.key === key) return offset;
    offset += part.type === 'text' ? part.text.length : part.type === 'link' ? part.url.length : part.name.length + 2;
  }
  return -1;
}

/** Offset of a whole-word phrase in phrase-form text (approximate for the original), or -1. */
function containsPhrase(haystack: string, needle: string): number {
  if (needle === '') return -1;
  return ` ${haystack} `.indexOf(` ${needle} `);
}

/** R3.1: org name (or {orgName}) present; warn when it sits past the first segment (approximate). */
function checkOrgName(view: ScriptView, orgName: string): LintFinding[] {
  const org = normalizePhraseText(orgName);
  const fieldAt = fieldOffset(view.parts, 'orgname');
  const nameAt = containsPhrase(normalizePhraseText(view.measured), org);
  const at = [fieldAt, nameAt].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (at === undefined) return [{ rule: 'R3.1', severity: 'error', key: 'rules:lint.missing_org_name', params: { orgName } }];
  const info = segmentInfo(view.measured);
  const firstSegment = info.encoding === 'GSM-7' ? (info.segments > 1 ? 153 : 160) : info.segments > 1 ? 67 : 70;
  if (at + Math.max(org.length, 1) > firstSegment) {
    return [{ rule: 'R3.1', severity: 'warning', key: 'rules:lint.org_name_not_in_first_segment', params: { orgName } }];
  }
  return [];
}

/** R3.5: every distinct public shortener domain linked. */
function checkShorteners(text: string): LintFinding[] {
  const hosts = [...text.toLowerCase().matchAll(/(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?![a-z0-9-])/g)].map((m) =>
    (m[1] ?? '').replace(/^www\./, ''),
  );
  const found = new Set<string>();
  for (const host of hosts) {
    const domain = URL_SHORTENER_DOMAINS.find((d) => host === d || host.endsWith(`.${d}`));
    if (domain) found.add(domain);
  }
  return [...found].map((domain) => ({ rule: 'R3.5', severity: 'error', key: 'rules:lint.url_shortener', params: { domain } }));
}

/** R3.4: SHAFT/cannabis denylist, whole words, one finding per term. */
function checkShaft(content: string): LintFinding[] {
  const phrase = ` ${normalizePhraseText(content)} `;
  const findings: LintFinding[] = [];
  for (const [category, terms] of Object.entries(SHAFT_TERMS) as [ShaftCategory, readonly string[]][]) {
    for (const term of terms) {
      if (phrase.includes(` ${term} `)) {
        findings.push({ rule: 'R3.4', severity: 'warning', key: 'rules:lint.shaft_term', params: { term: term.toLowerCase(), category } });
      }
    }
  }
  return findings;
}

/** R3.6: length, segments, and UCS-2 forced by characters gsmSafe could replace. */
function checkSegments(text: string, measured: string): LintFinding[] {
  const findings: LintFinding[] = [];
  const info = segmentInfo(measured);
  if (info.characters > MAX_SMS_CHARACTERS) {
    findings.push({ rule: 'R3.6', severity: 'error', key: 'rules:lint.too_long', params: { characters: info.characters, max: MAX_SMS_CHARACTERS } });
  }
  if (info.segments > RECOMMENDED_MAX_SEGMENTS) {
    findings.push({ rule: 'R3.6', severity: 'warning', key: 'rules:lint.too_many_segments', params: { segments: info.segments, max: RECOMMENDED_MAX_SEGMENTS } });
  }
  if (info.encoding === 'UCS-2' && segmentInfo(gsmSafe(measured)).encoding === 'GSM-7') {
    findings.push({
      rule: 'R3.6',
      severity: 'warning',
      key: 'rules:lint.replaceable_characters',
      params: { chars: info.nonGsm.join(' '), suggestion: gsmSafe(text) },
    });
  }
  return findings;
}

function checkTemplate(text: string, knownFields: readonly string[] | undefined): LintFinding[] {
  const parsed = parseTemplate(text);
  if (!parsed.ok) {
    if (parsed.error === 'invalid_link') return [{ rule: 'template', severity: 'error', key: INVALID_LINK_FINDING, params: { position: parsed.index + 1 } }];
    const key = parsed.error === 'empty_field' ? 'rules:lint.empty_field' : 'rules:lint.unbalanced_braces';
    return [{ rule: 'template', severity: 'error', key, params: { position: parsed.index + 1 } }];
  }
  if (!knownFields) return [];
  const known = new Set([...STANDARD_FIELDS, ...knownFields].map(fieldKey));
  const reported = new Set<string>();
  const findings: LintFinding[] = [];
  for (const part of parsed.parts) {
    if (part.type !== 'field' || known.has(part.key) || reported.has(part.key)) continue;
    reported.add(part.key);
    findings.push({ rule: 'template', severity: 'error', key: 'rules:lint.unknown_field', params: { field: part.name } });
  }
  return findings;
}

/**
 * Lint a script (template text). R3.1 and R3.2 apply to first messages only; the rest to every
 * message. Length and encoding are measured on the text as written, merge tokens included
 * (names vary per contact, so segment counts are an estimate).
 */
export function lintScript(text: string, opts: LintOptions): LintFinding[] {
  const view = viewOf(text, opts.linkBase);
  const findings: LintFinding[] = [...checkTemplate(text, opts.knownFields)];
  if (opts.isFirstMessage) {
    findings.push(...checkOrgName(view, opts.orgName));
    if (!OPT_OUT_LANGUAGE_PATTERNS.some((p) => p.test(normalizePhraseText(view.content)))) {
      const example = OPT_OUT_EXAMPLES[opts.lang];
      findings.push({ rule: 'R3.2', severity: 'error', key: 'rules:lint.missing_opt_out_language', params: { example } });
    }
  }
  findings.push(...checkShorteners(view.content), ...checkShaft(view.content), ...checkSegments(text, view.measured));
  return findings;
}
