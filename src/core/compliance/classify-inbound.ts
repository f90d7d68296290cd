// Inbound reply classification (R1.1 keywords, R1.3 opt-in, R1.4 three tiers, R1.9 help).
// The caller writes any opt-out to suppression before acking the webhook (R1.4) and logs
// `rule` with the inbound message (R5.3).
import { normalizeKeywordText, normalizePhraseText, stripDiacritics } from './normalize-text.js';
import {
  HELP,
  HOSTILITY_PATTERNS,
  OPT_IN,
  OPT_OUT_EN,
  OPT_OUT_ES,
  OPT_OUT_FILLER,
  OPT_OUT_PHRASES,
  REFUSALS,
} from './opt-out-keywords.js';

export type InboundKind = 'opt_out' | 'opt_in' | 'help' | 'probable_opt_out' | 'message';
/** Every kind; i18n labels `rules:inbound.<kind>`. */
export const INBOUND_KINDS: readonly InboundKind[] = ['opt_out', 'opt_in', 'help', 'probable_opt_out', 'message'];

export interface InboundClassification {
  readonly kind: InboundKind;
  /**
   * What matched: 'keyword:STOP', 'keyword_filler:STOP' ("STOP PLEASE"), 'phrase:remove_me',
   * 'tier_b:hostility', 'tier_b:no', 'tier_b:not_interested'. Absent for plain messages.
   */
  readonly rule?: string;
  /** Language of the matched keyword or phrase, for the R1.6 confirmation. Absent when unknown. */
  readonly lang?: 'en' | 'es';
}

const OPT_OUT_WORDS: ReadonlySet<string> = new Set([...OPT_OUT_EN, ...OPT_OUT_ES]);
const SPANISH_WORDS: ReadonlySet<string> = new Set([...OPT_OUT_ES, 'AYUDA']);
const OPT_IN_WORDS: ReadonlySet<string> = new Set(OPT_IN);
const HELP_WORDS: ReadonlySet<string> = new Set(HELP);
const FILLER: ReadonlySet<string> = new Set(OPT_OUT_FILLER);
/** Longest message (in words) still read as "a keyword plus filler". Longer ones are conversation. */
const MAX_FILLER_WORDS = 6;

function keywordKind(word: string): InboundKind | undefined {
  if (OPT_OUT_WORDS.has(word)) return 'opt_out';
  if (OPT_IN_WORDS.has(word)) return 'opt_in';
  if (HELP_WORDS.has(word)) return 'help';
  return undefined;
}

function wordLang(word: string): 'en' | 'es' {
  return SPANISH_WORDS.has(word) ? 'es' : 'en';
}

/** 'STOP PLEASE' / 'please stop now' / 'stop stop stop' -> 'STOP'; undefined if other words remain. */
function keywordWithFiller(phrase: string): string | undefined {
  const words = phrase.split(' ').filter((w) => w !== '');
  if (words.length < 2 || words.length > MAX_FILLER_WORDS) return undefined;
  const core = [...new Set(words.filter((w) => !FILLER.has(w)))];
  if (core.length === 0) return undefined;
  const joined = core.join(' ');
  return OPT_OUT_WORDS.has(joined) ? joined : undefined;
}

/**
 * Classify a voter's reply.
 * - `opt_out`: R1.1 keyword (exact, after normalization), keyword with filler, or an R1.4(a) phrase.
 * - `opt_in`: START / UNSTOP only (R1.3: not YES). `help`: HELP / INFO / AYUDA (R1.9).
 * - `probable_opt_out`: R1.4(b) hostility, a bare "no", "not interested" -> human review.
 * - `message`: everything else, including "who is this?" (the volunteer answers it) and
 *   messages that only mention "stop" mid-sentence ("don't stop fighting for us!").
 *
 * Keywords and phrases of every supported language are always checked, whatever `lang`
 * says (R1.4: revocation "in any language" must be honored); `lang` is accepted for callers
 * that know the conversation language and is currently only informational.
 */
export function classifyInbound(text: string, lang: 'en' | 'es' = 'en'): InboundClassification {
  void lang;
  const keyword = normalizeKeywordText(text);
  const phrase = normalizePhraseText(text);
  if (keyword === '' || phrase === '') return { kind: 'message' };

  // R1.1: the whole message is a keyword ('STOP', ' Stop. ', 'OPT-OUT', 'Álto').
  for (const candidate of [keyword, phrase, phrase.replace(/ /g, '')]) {
    const kind = keywordKind(candidate);
    if (kind) return { kind, rule: `keyword:${candidate}`, lang: wordLang(candidate) };
  }

  // R1.4(a): explicit revocation phrases.
  const hit = OPT_OUT_PHRASES.find((p) => p.pattern.test(phrase));
  if (hit) return { kind: 'opt_out', rule: `phrase:${hit.name}`, ...(hit.lang ? { lang: hit.lang } : {}) };

  // R1.2/R1.4(a): "STOP PLEASE" and friends (Twilio only catches single words).
  const filler = keywordWithFiller(phrase);
  if (filler) return { kind: 'opt_out', rule: `keyword_filler:${filler}`, lang: wordLang(filler) };

  // R1.4(b): ambiguous -> human review.
  const upper = stripDiacritics(text).toUpperCase(); // keeps masked profanity like 'F***'
  if (HOSTILITY_PATTERNS.some((p) => p.test(upper) || p.test(phrase))) {
    return { kind: 'probable_opt_out', rule: 'tier_b:hostility' };
  }
  const refusal = REFUSALS.find((p) => p.pattern.test(phrase));
  if (refusal) return { kind: 'probable_opt_out', rule: `tier_b:${refusal.name}` };

  return { kind: 'message' };
}
