// Turns a voter's reply into the plain form the triage lexicons match: lowercase, no accents,
// no apostrophes, emoji spelled as words, common misspellings repaired, and '?' kept as its
// own token (a question mark is a signal, the rest of the punctuation is not).
import { stripDiacritics } from '../compliance/normalize-text.js';

/** Emoji (and a few symbols) read as words, so the lexicons stay plain text. */
const EMOJI_WORDS: readonly (readonly [RegExp, string])[] = [
  [/[👍👌✅✔☑💯🙌👏💪🤝✌🗳🆗🫡]/gu, ' emoji_yes '],
  [/[❤♥💙💚💜🧡💛🤍😍🥰😀😃😄😁😊🙂☺😎🤩🎉]/gu, ' emoji_yes '],
  [/[👎❌✖🚫🙅⛔]/gu, ' emoji_no '],
  [/[🤔🤷😕🫤😬]/gu, ' emoji_maybe '],
  [/[❓❔⁉]/gu, ' ? '],
  [/[🖕😡🤬💩👿😠]/gu, ' emoji_hostile '],
  [/[🕊⚰🪦]/gu, ' emoji_deceased '],
];

/** Whole-token misspellings and slang spellings seen in replies -> the lexicon's word. */
const SPELLING: Readonly<Record<string, string>> = {
  definately: 'definitely', definatly: 'definitely', definetly: 'definitely', defiantly: 'definitely', definitly: 'definitely',
  deffo: 'definitely', defo: 'definitely', deff: 'definitely', def: 'definitely',
  absolutly: 'absolutely', abso: 'absolutely', absolutley: 'absolutely',
  probly: 'probably', prolly: 'probably', prob: 'probably', probs: 'probably',
  mabye: 'maybe', maybee: 'maybe', mayb: 'maybe', mebbe: 'maybe', maby: 'maybe', mybe: 'maybe', mayhaps: 'maybe',
  alredy: 'already', allready: 'already', allredy: 'already', aready: 'already', alrdy: 'already', alr: 'already', already: 'already',
  votted: 'voted', voteed: 'voted', votd: 'voted',
  numbr: 'number', nmber: 'number', numba: 'number', numer: 'number', nunber: 'number', numbe: 'number',
  wrng: 'wrong', worng: 'wrong', rong: 'wrong',
  ballott: 'ballot', balot: 'ballot', ballet: 'ballot',
  ur: 'your', u: 'you', r: 'are', pls: 'please', plz: 'please', plez: 'please', thx: 'thanks', ty: 'thanks', tks: 'thanks',
  dont: 'dont', dnt: 'dont', dont_: 'dont', doesnt: 'doesnt', wont: 'wont', cant: 'cant', im: 'im', ive: 'ive',
  yess: 'yes', yesss: 'yes', yessss: 'yes', yse: 'yes', yez: 'yes', yesh: 'yes', yas: 'yes', yass: 'yes', yasss: 'yes', yees: 'yes',
  yeah: 'yeah', yeahh: 'yeah', yeahhh: 'yeah', yeh: 'yeah', yea: 'yeah', yah: 'yeah', yep: 'yep', yup: 'yep', yupp: 'yep', yeppers: 'yep', yepp: 'yep',
  nooo: 'no', noo: 'no', noooo: 'no', nop: 'nope', nopee: 'nope', nahh: 'nah', naw: 'nah', nahhh: 'nah',
  okey: 'ok', okay: 'ok', okie: 'ok', oki: 'ok', okk: 'ok', kk: 'ok', k: 'ok', kay: 'ok',
  sii: 'si', siii: 'si', siiii: 'si', sip: 'si', sipi: 'si', simon: 'si', zi: 'si',
  quisas: 'quizas', quisa: 'quizas', quiza: 'quizas', kizas: 'quizas', qizas: 'quizas', quizaz: 'quizas',
  talvez: 'tal vez', talves: 'tal vez', porsupuesto: 'por supuesto', xfa: 'por favor', porfa: 'por favor', xq: 'porque', pq: 'porque',
  idk: 'i dont know', dunno: 'i dont know', idc: 'i dont care', ofc: 'of course', ofcourse: 'of course', fosho: 'for sure', forsure: 'for sure',
  tho: 'though', bc: 'because', cuz: 'because', wat: 'what', wut: 'what', whats: 'what is', whos: 'who is', wheres: 'where is', hows: 'how is', whens: 'when is',
  dis: 'this', dat: 'that', thankyou: 'thank you', tysm: 'thanks', gracia: 'gracias',
};

/** Longer words worth repairing when one letter is off ("absolutley", "definitley"). */
const FUZZY_TARGETS: readonly string[] = [
  'absolutely', 'definitely', 'certainly', 'probably', 'perhaps', 'already', 'interested', 'deceased', 'passed', 'unsubscribe',
  'equivocado', 'seguramente', 'supuesto', 'falleció', 'quizas', 'number', 'numero', 'undecided', 'planning', 'possibly',
].map((w) => stripDiacritics(w));

/** Damerau-Levenshtein distance with an early exit above `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j += 1) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function repair(token: string): string {
  const known = SPELLING[token];
  if (known !== undefined) return known;
  if (token.length < 6 || /\d/.test(token)) return token;
  const max = token.length >= 9 ? 2 : 1;
  for (const target of FUZZY_TARGETS) {
    // Typos rarely hit the first letter; checking it first keeps this cheap.
    if (target !== token && target[0] === token[0] && editDistance(token, target, max) <= max) return target;
  }
  return token;
}

/** Elongated letters ("yesssss", "noooo", "siiiii") shrink to at most two. */
function shrinkRepeats(token: string): string {
  return token.replace(/([a-z])\1{2,}/g, '$1$1');
}

export interface NormalizedReply {
  /** Tokens joined by single spaces, with '?' as a token: "yes but i already voted". */
  readonly text: string;
  /** True when the original had a question mark (or ¿, ❓). */
  readonly asks: boolean;
  readonly words: number;
}

export function normalizeReply(raw: string): NormalizedReply {
  let s = raw.normalize('NFC').replace(/[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D/gu, '');
  for (const [re, word] of EMOJI_WORDS) s = s.replace(re, word);
  s = stripDiacritics(s).toLowerCase();
  s = s
    .replace(/\b(?:100|1000|110|200)\s*(?:%|percent|pct|por ?ciento)/g, ' hundred_percent ')
    .replace(/\b10\s*\/\s*10\b/g, ' hundred_percent ')
    .replace(/\b50\s*\/\s*50\b|\b50 ?50\b/g, ' fifty_fifty ')
    .replace(/\b4\s+sure\b/g, ' for sure ')
    .replace(/[¿?]+/g, ' ? ')
    .replace(/['\u2018\u2019\u02BC`´]/g, '')
    .replace(/#/g, ' number ')
    .replace(/[^\p{L}\p{N}?_ ]+/gu, ' ');
  const tokens = s
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((t) => repair(shrinkRepeats(t)));
  const text = tokens.join(' ').replace(/\s+/g, ' ').trim();
  return { text, asks: /\?/.test(text), words: text === '' ? 0 : text.split(' ').filter((t) => t !== '?').length };
}
