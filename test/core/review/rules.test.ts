// Which voter texts go to the review channel: R1.4 tier b probable opt-outs, hostile or unsure
// triage readings, and the org's trigger words (whole words, any case or accent).
import { describe, expect, it } from 'vitest';
import { inboundReviewReasons, matchTriggerWords, parseTriggerWords } from '../../../src/core/review/rules.js';
import { reviewRulesOf } from '../../../src/core/model/review.js';

describe('trigger words', () => {
  it('match whole words in any case and with or without accents', () => {
    expect(matchTriggerWords('This is FRAUDE!', ['fraude'])).toEqual(['fraude']);
    expect(matchTriggerWords('esto es un fraude', ['Fraudé'])).toEqual(['Fraudé']);
    expect(matchTriggerWords('Qué FRÁUDE.', ['fraude'])).toEqual(['fraude']);
    expect(matchTriggerWords('the voter said', ['vote'])).toEqual([]);
    expect(matchTriggerWords('I will vote', ['vote'])).toEqual(['vote']);
    expect(matchTriggerWords('a voterish vote.', ['vote'])).toEqual(['vote']);
    expect(matchTriggerWords('you stole the vote', ['stole the vote', 'lawyer'])).toEqual(['stole the vote']);
    expect(matchTriggerWords('nothing here', [])).toEqual([]);
  });

  it('parse from a comma-separated list: trimmed, no empties, no duplicates by folded form', () => {
    expect(parseTriggerWords(' fraud , lawyer,,Fraud, Abogado ,  stolen   vote ')).toEqual(['fraud', 'lawyer', 'Abogado', 'stolen vote']);
    expect(parseTriggerWords(' , ')).toEqual([]);
  });
});

describe('inbound review reasons', () => {
  const settings = { channelId: 'C-review', triggerWords: ['lawyer'] };

  it('R1.4 tier b: a probable opt-out goes to review; STOP, START and HELP never do', () => {
    expect(inboundReviewReasons(settings, { text: 'not interested', kind: 'probable_opt_out' }).reasons).toEqual(['probable_opt_out']);
    for (const kind of ['opt_out', 'opt_in', 'help'] as const) expect(inboundReviewReasons(settings, { text: 'STOP lawyer', kind }).reasons).toEqual([]);
  });

  it('hostile triage, triage below the org threshold, and trigger words', () => {
    const hostile = { intent: 'hostile' as const, confidence: 0.9, source: 'rules' as const };
    expect(inboundReviewReasons(settings, { text: 'go away', kind: 'message', triage: hostile }).reasons).toEqual(['hostile']);
    const unsure = { intent: 'other' as const, confidence: 0.3, source: 'rules' as const };
    expect(inboundReviewReasons(settings, { text: 'hmm', kind: 'message', triage: unsure }).reasons).toEqual(['low_confidence']);
    expect(inboundReviewReasons({ ...settings, confidenceBelow: 0.2 }, { text: 'hmm', kind: 'message', triage: unsure }).reasons).toEqual([]);
    expect(inboundReviewReasons(settings, { text: 'My LAWYER will call', kind: 'message' })).toEqual({ reasons: ['trigger_word'], matchedWords: ['lawyer'] });
    expect(inboundReviewReasons(settings, { text: 'yes I will vote', kind: 'message', triage: { intent: 'yes', confidence: 0.9, source: 'rules' } }).reasons).toEqual([]);
  });

  it('nothing goes to review while the org has no review channel', () => {
    expect(inboundReviewReasons({ triggerWords: ['lawyer'] }, { text: 'not interested lawyer', kind: 'probable_opt_out' }).reasons).toEqual([]);
    expect(inboundReviewReasons(undefined, { text: 'x', kind: 'probable_opt_out' }).reasons).toEqual([]);
  });

  it('defaults: hold the first 3 typed replies, confidence below 0.5', () => {
    expect(reviewRulesOf(undefined)).toEqual({ holdFirstReplies: 3, triggerWords: [], confidenceBelow: 0.5 });
    expect(reviewRulesOf({ channelId: 'C1', holdFirstReplies: 0 })).toMatchObject({ channelId: 'C1', holdFirstReplies: 0 });
  });
});
