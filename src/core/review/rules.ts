// Which voter texts go to the org's review channel (DESIGN: Review): probable opt-outs (R1.4
// tier b, human review), hostile or unsure triage readings, and organizer-defined trigger words.
// Pure functions; the chat side posts what these return.
import type { ReviewReason } from '../model/review.js';
import { reviewRulesOf, type ReviewSettings } from '../model/review.js';
import type { MessageTriage } from '../triage/intent.js';

/** Lowercase, accents stripped (NFKD), so "Fraude", "fraude" and "FRÁUDE" are one word. */
export function foldWord(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Organizer input "fraud, stolen vote ,, Fraude" -> distinct, trimmed words (or phrases). */
export function parseTriggerWords(raw: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const word = part.replace(/\s+/g, ' ').trim();
    if (word === '' || seen.has(foldWord(word))) continue;
    seen.add(foldWord(word));
    out.push(word);
  }
  return out;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The trigger words found in `text` as whole words (a phrase matches as a whole too), in any
 * case and with or without accents: "vote" matches "VOTE!" but not "voter".
 */
export function matchTriggerWords(text: string, words: readonly string[]): string[] {
  const hay = foldWord(text);
  const found: string[] = [];
  for (const word of words) {
    const needle = foldWord(word.trim());
    if (needle === '') continue;
    let at = hay.indexOf(needle);
    while (at >= 0) {
      const before = at > 0 ? hay[at - 1] : '';
      const after = hay[at + needle.length] ?? '';
      if (!(before && WORD_CHAR.test(before)) && !(after && WORD_CHAR.test(after))) {
        found.push(word);
        break;
      }
      at = hay.indexOf(needle, at + 1);
    }
  }
  return found;
}

export interface InboundReviewInput {
  text: string;
  /** classifyInbound's kind for the text. */
  kind: 'opt_out' | 'opt_in' | 'help' | 'probable_opt_out' | 'message';
  triage?: MessageTriage;
}

/**
 * Why this voter text needs an organizer's eye, per the org's rules (empty: it does not).
 * Keywords (STOP, START, HELP) are handled by the software (R1.1, R1.3, R1.9) and never reviewed.
 */
export function inboundReviewReasons(settings: ReviewSettings | undefined, input: InboundReviewInput): { reasons: ReviewReason[]; matchedWords: string[] } {
  const rules = reviewRulesOf(settings);
  if (!rules.channelId || input.kind === 'opt_out' || input.kind === 'opt_in' || input.kind === 'help') return { reasons: [], matchedWords: [] };
  const reasons: ReviewReason[] = [];
  if (input.kind === 'probable_opt_out') reasons.push('probable_opt_out');
  if (input.triage?.intent === 'hostile') reasons.push('hostile');
  if (input.triage && input.triage.confidence < rules.confidenceBelow) reasons.push('low_confidence');
  const matchedWords = matchTriggerWords(input.text, rules.triggerWords);
  if (matchedWords.length > 0) reasons.push('trigger_word');
  return { reasons, matchedWords };
}
