// The offline triage rules: what a voter's reply seems to mean (yes, no, wrong number...), in
// English and Spanish, from vocabulary, emoji and a few multi-clause priorities. Pure.
//
// Legal invariant (R1.4): triage never weakens classifyInbound. A reply classifyInbound reads as
// an opt-out is triaged opt_out (or wrong_number when the wrong-number wording itself is what
// made it an opt-out); a probable opt-out (R1.4(b)) is never triaged yes or maybe, and when
// triaged opt_out its confidence stays below 0.9 so a human still confirms it.
import type { Lang } from '../model/common.js';
import { classifyInbound, type InboundClassification } from '../compliance/classify-inbound.js';
import type { TriageIntent, TriageResult } from './intent.js';
import type { LexiconEntry } from './lexicon.js';
import { EN } from './lexicon-en.js';
import { ES } from './lexicon-es.js';
import { normalizeReply, type NormalizedReply } from './normalize.js';

/** Every entry with a global copy of its pattern (compiled once; matchAll needs the g flag). */
const LEXICON: readonly LexiconEntry[] = [...EN, ...ES].map((e) => ({ ...e, re: new RegExp(e.re.source, e.re.flags.includes('g') ? e.re.flags : `${e.re.flags}g`) }));

/**
 * Which intent wins when a reply says several things ("yes but I already voted" ->
 * already_voted; "no, wrong number" -> wrong_number): facts about the voter or the number come
 * before the answer, because they change what the campaign does next.
 */
const FACT_PRIORITY: readonly TriageIntent[] = ['opt_out', 'deceased', 'moved', 'wrong_number', 'already_voted', 'hostile'];

/** Below this confidence a triaged opt-out is only a proposal a person confirms (R1.4(b)). */
export const PROBABLE_OPT_OUT_MAX_CONFIDENCE = 0.85;

interface Hit {
  readonly intent: TriageIntent;
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

function collect(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const entry of LEXICON) {
    for (const m of text.matchAll(entry.re)) {
      const start = m.index;
      const end = start + m[0].length;
      hits.push({ intent: entry.intent, id: entry.id, start, end: end > start ? end : start + 1 });
    }
  }
  return hits;
}

/** Longer matches win over the shorter ones they overlap ("not sure" over "sure"). */
function resolveOverlaps(hits: readonly Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const h of sorted) {
    const beaten = kept.some((k) => k.intent !== h.intent && h.start < k.end && k.start < h.end && k.end - k.start > h.end - h.start);
    if (!beaten) kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const NEGATION_BEFORE = /(?:^|\s)(?:not|dont|never|no|nunca|jamas|didnt|doesnt|isnt|cant)\s$/;
const NEGATION_AFTER = /^\s(?:not|never|nt)\b/;

/** "i will not", "not sure" (already its own entry): a yes right next to a negation is no yes. */
function dropNegatedYes(hits: readonly Hit[], text: string): Hit[] {
  return hits.filter((h) => {
    if (h.intent !== 'yes') return true;
    const before = text.slice(Math.max(0, h.start - 8), h.start);
    const after = text.slice(h.end, h.end + 7);
    return !(NEGATION_BEFORE.test(before) && !/^(?:no |si)/.test(text.slice(h.start))) && !NEGATION_AFTER.test(after);
  });
}

function first(hits: readonly Hit[], intent: TriageIntent): Hit | undefined {
  return hits.find((h) => h.intent === intent);
}

function result(intent: TriageIntent, confidence: number, rule: string): TriageResult {
  return { intent, confidence: Math.round(confidence * 100) / 100, rule };
}

/** The reading of the words alone, before the legal decision is applied. */
function readWords(n: NormalizedReply, hits: readonly Hit[]): TriageResult {
  const intents = new Set(hits.map((h) => h.intent));
  const answers = (['yes', 'no', 'maybe'] as const).filter((i) => intents.has(i));
  for (const intent of FACT_PRIORITY) {
    const hit = first(hits, intent);
    if (!hit) continue;
    const rivals = FACT_PRIORITY.filter((i) => i !== intent && intents.has(i)).length;
    return result(intent, rivals > 0 ? 0.75 : 0.9, hit.id);
  }
  const question = first(hits, 'question');
  if (question) {
    const onlyMark = hits.filter((h) => h.intent === 'question').every((h) => h.id.endsWith('.mark'));
    if (!(onlyMark && answers.length > 0 && n.words <= 2)) return result('question', answers.length > 0 ? 0.75 : 0.85, question.id);
  }
  // "Not yet, but I will" / "quizás, pero no": the answer after the last "but" is the one that counts.
  const turn = Math.max(n.text.lastIndexOf(' but '), n.text.lastIndexOf(' pero '));
  const after = turn >= 0 ? hits.filter((h) => h.start > turn && (h.intent === 'yes' || h.intent === 'no' || h.intent === 'maybe')) : [];
  if (after.length > 0) return result((after[0] as Hit).intent, 0.75, (after[0] as Hit).id);
  if (intents.has('maybe')) return result('maybe', answers.length > 1 ? 0.7 : 0.85, (first(hits, 'maybe') as Hit).id);
  const yes = first(hits, 'yes');
  const no = first(hits, 'no');
  if (yes && no) {
    const earlier = yes.start <= no.start ? yes : no;
    return result(earlier.intent, 0.55, earlier.id);
  }
  const answer = yes ?? no;
  if (answer) return result(answer.intent, n.words <= 3 ? 0.92 : 0.8, answer.id);
  const other = first(hits, 'other');
  if (other) return result('other', 0.7, other.id);
  return result('other', 0.35, 'none');
}

const WRONG_NUMBER_RULES: ReadonlySet<string> = new Set(['phrase:wrong_number', 'phrase:numero_equivocado']);
const WRONG_NUMBER_WORDS = /\bwrong\s*(?:number|person|num|numbr)\b|\bn[uú]mero\s+equivocado\b/giu;

/** R1.4: the legal classification bounds what the triage may say. */
function applyLegal(text: string, lang: Lang, legal: InboundClassification, read: TriageResult): TriageResult {
  switch (legal.kind) {
    case 'opt_out': {
      // "No, wrong number": the wrong-number words are what made it an opt-out; saying
      // wrong_number tells the volunteer more. Any other revocation wording keeps opt_out.
      if (legal.rule && WRONG_NUMBER_RULES.has(legal.rule) && classifyInbound(text.replace(WRONG_NUMBER_WORDS, ' '), lang).kind !== 'opt_out') {
        return result('wrong_number', 0.9, `legal.${legal.rule}`);
      }
      return result('opt_out', 0.97, `legal.${legal.rule ?? 'opt_out'}`);
    }
    case 'probable_opt_out': {
      if (read.intent === 'opt_out') return { ...read, confidence: Math.min(read.confidence, PROBABLE_OPT_OUT_MAX_CONFIDENCE) };
      if (read.intent === 'yes' || read.intent === 'maybe' || read.intent === 'other') {
        const hostile = legal.rule === 'tier_b:hostility';
        return result(hostile ? 'hostile' : 'no', 0.7, `legal.${legal.rule ?? 'probable_opt_out'}`);
      }
      return read;
    }
    case 'help':
      return read.intent === 'other' ? result('question', 0.8, `legal.${legal.rule ?? 'help'}`) : read;
    default:
      // The words read like an opt-out but the law's patterns did not match: a proposal only.
      return read.intent === 'opt_out' ? { ...read, confidence: Math.min(read.confidence, 0.8) } : read;
  }
}

/**
 * What a voter's reply seems to mean. `lang` is the conversation's language when known; both
 * languages' vocabularies are always read (voters switch), so it only informs the legal reading.
 */
export function triageReply(text: string, lang: Lang = 'en'): TriageResult {
  const legal = classifyInbound(text, lang);
  const n = normalizeReply(text);
  const hits = n.text === '' ? [] : dropNegatedYes(resolveOverlaps(collect(n.text)), n.text);
  const read = n.text === '' ? result('other', 0.3, 'empty') : readWords(n, hits);
  return applyLegal(text, lang, legal, read);
}
