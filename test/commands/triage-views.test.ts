// The triage under a voter's text, in English and Spanish, from the real view functions and
// locales: the label, the one primary press, the outcome buttons, the closed note.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import { inboundMessageView, type InboundData } from '../../src/commands/views/conversation.js';
import type { TriageView } from '../../src/commands/views/triage-actions.js';
import { buttons, i18n, textOf, translatorOf } from './support/world.js';

const base: InboundData = { conversationId: 'c1', canned: [], question: null, tags: [], optedOut: false, text: 'Sí', kind: 'message', firstName: 'María' };
const triage = (extra: Partial<TriageView>): TriageView => ({ conversationId: 'c1', messageId: 'm1', intent: 'yes', source: 'rules', quick: null, outcome: null, ...extra });

describe('triage views in en and es', () => {
  it('Looks like / Parece, and the one-press record-and-reply in both languages', async () => {
    const t = translatorOf(await i18n());
    const quick = { kind: 'survey' as const, questionId: 'q', answerId: 'si', label: 'Sí', sendsText: true };
    const en = inboundMessageView(t('en'), { ...base, triage: triage({ quick }) });
    const es = inboundMessageView(t('es'), { ...base, triage: triage({ quick }) });
    expect(textOf(en)).toContain('Looks like: **Yes**');
    expect(textOf(es)).toContain('Parece: **Sí**');
    expect(buttons(en).filter((b) => b.style === 'primary').map((b) => b.label)).toEqual(['Record Sí and reply']);
    expect(buttons(es).filter((b) => b.style === 'primary').map((b) => b.label)).toEqual(['Registrar Sí y responder']);
    expect(buttons(es)[0]?.id).toBe(ACTION.triageAnswer);
  });

  it('outcomes: one button each; a closed conversation shows a note and no buttons; intent other shows nothing', async () => {
    const t = translatorOf(await i18n());
    for (const [kind, en, es] of [
      ['deceased', 'Record deceased and close', 'Registrar fallecimiento y cerrar'],
      ['moved', 'Record moved and close', 'Registrar mudanza y cerrar'],
      ['already_voted', 'Record already voted and close', 'Registrar que ya votó y cerrar'],
    ] as const) {
      const tv = triage({ intent: kind, outcome: { kind, sendsText: false } });
      expect(buttons(inboundMessageView(t('en'), { ...base, triage: tv })).map((b) => b.label)).toEqual([en]);
      expect(buttons(inboundMessageView(t('es'), { ...base, triage: tv })).map((b) => b.label)).toEqual([es]);
    }
    const closed = inboundMessageView(t('es'), { ...base, triage: triage({ intent: 'moved', outcome: { kind: 'moved', sendsText: false } }), closed: { reason: 'moved', by: 'Val' } });
    expect(buttons(closed)).toEqual([]);
    expect(textOf(closed)).toContain('Cerrada (se mudó) por Val');
    const other = inboundMessageView(t('en'), { ...base, triage: triage({ intent: 'other' }) });
    expect(textOf(other)).not.toContain('Looks like');
  });

  it('an opted-out voter gets the label at most, never a suggestion or a draft', async () => {
    const t = translatorOf(await i18n());
    const view = inboundMessageView(t('en'), { ...base, optedOut: true, triage: triage({ source: 'assistant', draft: 'Great!', quick: { kind: 'canned', cannedId: 'x', label: 'Thanks' } }) });
    expect(buttons(view)).toEqual([]);
    expect(textOf(view)).not.toContain('Great!');
  });
});
