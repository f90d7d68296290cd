// The ReplyAssistant that reads with the offline rules: the default, and the fallback of every
// remote assistant. Pure: it sends nothing anywhere. A draft, when asked for, is only ever one
// of the campaign's own canned replies (context.canned), never generated text.
import { classifyInbound } from '../compliance/classify-inbound.js';
import type { ReplyAssistant, ReplyAssistantInput } from '../ports.js';
import type { MessageTriage, TriageIntent, TriageResult } from './intent.js';
import { normalizeReply } from './normalize.js';
import { triageReply } from './rules.js';

/** A draft is a short SMS a volunteer may send with one press (MessageTriage.draft). */
export const MAX_DRAFT_CHARS = 320;

/**
 * Words that make a canned reply fit an intent (normalizeReply form, en and es). Opt-outs and
 * hostile replies get no draft: the opt-out confirmation is the engine's (R1.6) and a hostile
 * voter is a person's call.
 */
const DRAFT_CUES: Partial<Record<TriageIntent, RegExp>> = {
  yes: /\b(?:thank|thanks|great|awesome|glad|appreciate|gracias|excelente|que bueno|agradec\w*)\b/,
  no: /\b(?:thank you for your time|thanks for your time|understand|no problem|gracias por su tiempo|gracias por tu tiempo|entendemos|entiendo|disculpe la molestia)\b/,
  maybe: /\b(?:info|information|learn more|more about|think|link|website|informacion|mas sobre|pagina|enlace)\b/,
  question: /\b(?:who|where|when|how|poll\w*|vote|voting|register\w*|info|link|quien|donde|cuando|como|casilla|votar|registr\w*|informacion)\b/,
  wrong_number: /\b(?:wrong|sorry|apolog\w*|mistake|equivoc\w*|disculp\w*|perdon)\b/,
  moved: /\b(?:moved|update|records|address|sorry|mudo|mudanza|actualiz\w*|direccion|disculp\w*)\b/,
  deceased: /\b(?:sorry for your loss|condolence\w*|sorry|loss|pesame|lo sentimos|lamentamos|condolencias|perdida)\b/,
  already_voted: /\b(?:voting|voted|vote|thank|thanks|votar|voto|gracias)\b/,
};

const STOP_WORDS: ReadonlySet<string> = new Set([
  'i', 'you', 'the', 'a', 'an', 'to', 'is', 'it', 'do', 'my', 'me', 'we', 'and', 'or', 'of', 'for', 'in', 'on', 'at', 'this', 'that', 'are', 'be', 'yes', 'no', '?',
  'el', 'la', 'los', 'las', 'de', 'que', 'y', 'o', 'en', 'un', 'una', 'es', 'mi', 'me', 'si', 'por', 'para', 'con', 'se', 'lo',
]);

function words(text: string): Set<string> {
  return new Set(normalizeReply(text).text.split(' ').filter((w) => w.length > 1 && !STOP_WORDS.has(w)));
}

/**
 * The canned reply that best fits the intent: it must carry one of the intent's cue words; the
 * one with most cue words and words shared with the voter's text wins ("where do I vote?" -> the polling
 * place answer). Undefined when none fits or the fitting one is too long to be a draft.
 */
export function draftFromCanned(intent: TriageIntent, voterText: string, canned: readonly string[] | undefined): string | undefined {
  const cue = DRAFT_CUES[intent];
  if (!cue || !canned || canned.length === 0) return undefined;
  const asked = words(voterText);
  let best: { text: string; score: number } | undefined;
  for (const text of canned) {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > MAX_DRAFT_CHARS) continue;
    const form = normalizeReply(trimmed).text;
    const cues = form.match(new RegExp(cue.source, 'g'))?.length ?? 0;
    if (cues === 0) continue;
    const score = cues + [...words(trimmed)].filter((w) => asked.has(w)).length;
    if (!best || score > best.score) best = { text: trimmed, score };
  }
  return best?.text;
}

export function toMessageTriage(r: TriageResult, source: MessageTriage['source'], draft?: string): MessageTriage {
  return { intent: r.intent, confidence: r.confidence, ...(r.rule ? { rule: r.rule } : {}), source, ...(draft ? { draft } : {}) };
}

export interface RulesAssistantOptions {
  /** Propose a draft from the campaign's canned replies when one fits (the sandbox's assistant). */
  drafts?: boolean;
}

/** Reads with triageReply; never throws, never sends the voter's text anywhere. */
export function createRulesAssistant(options: RulesAssistantOptions = {}): ReplyAssistant {
  return {
    kind: 'rules',
    read(input: ReplyAssistantInput): Promise<MessageTriage> {
      try {
        const r = triageReply(input.text, input.lang);
        // R1.6: after an opt-out (a "wrong number" is one) only the confirmation may follow.
        const optedOut = classifyInbound(input.text, input.lang ?? 'en').kind === 'opt_out';
        const draft = options.drafts && !optedOut ? draftFromCanned(r.intent, input.text, input.context?.canned) : undefined;
        return Promise.resolve(toMessageTriage(r, 'rules', draft));
      } catch {
        // Unreachable with the current rules; kept so `read` honours "never throws".
        return Promise.resolve({ intent: 'other', confidence: 0, rule: 'error', source: 'rules' });
      }
    },
  };
}
