import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyInbound, triageReply, TriageIntent } from '../../../src/core/index.js';

const Line = z.object({ text: z.string(), intent: TriageIntent, lang: z.enum(['en', 'es']) });

function corpus(file: string): z.infer<typeof Line>[] {
  const url = new URL(`../../fixtures/triage/${file}`, import.meta.url);
  return readFileSync(url, 'utf8').trim().split('\n').map((l) => Line.parse(JSON.parse(l)));
}

const LINES = corpus('corpus.jsonl');
/** Written after the rules, never tuned line by line: a check that the rules generalize. */
const HOLDOUT = corpus('holdout.jsonl');

describe('triage corpus', () => {
  it('has 300+ labelled replies covering all 11 intents in both languages', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(300);
    for (const intent of TriageIntent.options) {
      expect(LINES.some((l) => l.intent === intent && l.lang === 'en'), `${intent} en`).toBe(true);
      expect(LINES.some((l) => l.intent === intent && l.lang === 'es'), `${intent} es`).toBe(true);
    }
  });

  it('R1.4: no line classifyInbound calls opt_out or probable_opt_out is triaged yes or maybe', () => {
    const broken: string[] = [];
    for (const { text, lang } of LINES) {
      const legal = classifyInbound(text, lang);
      const r = triageReply(text, lang);
      if (legal.kind === 'opt_out' && r.intent !== 'opt_out' && r.intent !== 'wrong_number') broken.push(`${text}: ${r.intent}`);
      if (legal.kind === 'opt_out' && r.intent === 'wrong_number' && !/wrong_number|numero_equivocado/.test(legal.rule ?? '')) broken.push(`${text}: ${r.intent}`);
      if (legal.kind === 'probable_opt_out' && (r.intent === 'yes' || r.intent === 'maybe')) broken.push(`${text}: ${r.intent}`);
      if (legal.kind === 'probable_opt_out' && r.intent === 'opt_out' && r.confidence >= 0.9) broken.push(`${text}: confident opt_out`);
    }
    expect(broken).toEqual([]);
  });

  it('R1.4: no labelled opt-out is triaged yes or maybe', () => {
    const positives = LINES.filter((l) => l.intent === 'opt_out').map((l) => ({ text: l.text, got: triageReply(l.text, l.lang).intent })).filter((r) => r.got === 'yes' || r.got === 'maybe');
    expect(positives).toEqual([]);
  });

  it('R1.4 and accuracy hold on the held-out lines too (at least 90%)', () => {
    expect(HOLDOUT.length).toBeGreaterThanOrEqual(60);
    for (const { text, lang, intent } of HOLDOUT) {
      const legal = classifyInbound(text, lang).kind;
      const got = triageReply(text, lang).intent;
      if (legal === 'opt_out' || legal === 'probable_opt_out' || intent === 'opt_out') expect(['yes', 'maybe'], text).not.toContain(got);
    }
    const misses = HOLDOUT.filter((l) => triageReply(l.text, l.lang).intent !== l.intent);
    expect(misses.length / HOLDOUT.length).toBeLessThanOrEqual(0.1);
  });

  it('reads at least 95% of the corpus as labelled', () => {
    const misses = LINES.filter((l) => triageReply(l.text, l.lang).intent !== l.intent);
    expect(misses.length / LINES.length).toBeLessThanOrEqual(0.05);
  });
});
