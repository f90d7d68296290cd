import { describe, expect, it } from 'vitest';
import { createSimulatedAssistant } from '../../../src/adapters/assistant/index.js';
import { createRulesAssistant, draftFromCanned, MessageTriage } from '../../../src/core/triage/index.js';

const CANNED = [
  'Thanks so much for your support!',
  'You can find your polling place at vote.example.org. Polls are open 7am to 8pm.',
  'Sorry to bother you, we will update our records.',
  'Thank you for your time, have a good day.',
  '¡Gracias por su apoyo!',
  'Lamentamos mucho su pérdida. Actualizaremos nuestros registros.',
];
const context = { question: 'Can we count on your vote?', answers: ['Yes', 'No'], canned: CANNED };

describe('rules reply assistant', () => {
  it('reads with the rules, source rules, and proposes no draft by default', async () => {
    const r = await createRulesAssistant().read({ orgId: 'o', text: 'Where do I vote?', shareVoterText: true, context });
    expect(MessageTriage.parse(r)).toEqual({ intent: 'question', confidence: r.confidence, rule: r.rule, source: 'rules' });
  });

  it('the simulated assistant drafts only from the campaign canned replies, matching the intent', async () => {
    const sim = createSimulatedAssistant();
    const read = (text: string, lang: 'en' | 'es' = 'en') => sim.read({ orgId: 'o', text, lang, shareVoterText: false, context });
    expect((await read('Where do I vote?')).draft).toBe(CANNED[1]);
    expect((await read('Yes!')).draft).toBe(CANNED[0]);
    expect((await read('wrong number')).intent).toBe('wrong_number');
    expect((await read("I'm not Maria")).draft).toBe(CANNED[2]);
    expect((await read('Wrong number')).draft).toBeUndefined(); // R1.6: an opt-out gets only its confirmation
    expect((await read('No thanks')).draft).toBe(CANNED[3]);
    expect((await read('Falleció el año pasado', 'es')).draft).toBe(CANNED[5]);
    expect((await read('STOP')).draft).toBeUndefined();
    expect((await read('fuck off')).draft).toBeUndefined();
    for (const text of ['Where do I vote?', 'Yes!', 'No thanks', 'maybe']) {
      const draft = (await read(text)).draft;
      if (draft !== undefined) expect(CANNED).toContain(draft);
    }
  });

  it('proposes nothing without canned replies, or when the only fitting one is longer than a draft may be', () => {
    expect(draftFromCanned('yes', 'yes', undefined)).toBeUndefined();
    expect(draftFromCanned('yes', 'yes', [])).toBeUndefined();
    expect(draftFromCanned('yes', 'yes', [`Thanks! ${'x'.repeat(320)}`])).toBeUndefined();
    expect(draftFromCanned('yes', 'yes', ['Polls open at 7am'])).toBeUndefined();
  });
});
