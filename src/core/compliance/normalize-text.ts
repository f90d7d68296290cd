// Text normalization shared by opt-out detection (R1.1) and script lint (R3.2, R3.4).

/** NFKD + strip combining marks (diacritics): 'Álto' -> 'Alto', 'quítame' -> 'quitame'. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/**
 * R1.1 keyword form: trim; NFKD + strip diacritics; uppercase; strip leading and trailing
 * punctuation, symbols and emoji; collapse whitespace. ' Stop. ' -> 'STOP', 'Álto!!' -> 'ALTO'.
 */
export function normalizeKeywordText(text: string): string {
  return stripDiacritics(text.trim())
    .toUpperCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

/**
 * Phrase form for pattern matching: the keyword form with apostrophes removed (DON'T -> DONT)
 * and every other non-letter/digit turned into a single space. 'Don’t text me!!' -> 'DONT TEXT ME'.
 */
export function normalizePhraseText(text: string): string {
  return stripDiacritics(text)
    .toUpperCase()
    .replace(/['\u2018\u2019\u02BC`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
