import { describe, expect, it } from 'vitest';
import { classifyInbound, OPT_OUT_EN, OPT_OUT_ES } from '../../../src/core/rules.js';

type Lang = 'en' | 'es';

describe('classifyInbound: R1.1 keywords', () => {
  const forms = (word: string): string[] => [word, word.toLowerCase(), ` ${word[0]}${word.slice(1).toLowerCase()}. `, `${word}!!`, `"${word}"`, `${word} 🛑`];

  it.each(OPT_OUT_EN.flatMap(forms))('R1.1 OPT_OUT_EN variant opts out: %j', (text) => {
    expect(classifyInbound(text).kind).toBe('opt_out');
  });

  it.each(OPT_OUT_ES.flatMap(forms))('R1.1 OPT_OUT_ES variant opts out: %j', (text) => {
    expect(classifyInbound(text, 'es').kind).toBe('opt_out');
  });

  it.each<[string, string, Lang]>([
    ['stop', 'keyword:STOP', 'en'],
    [' Stop. ', 'keyword:STOP', 'en'],
    ['STOP!!', 'keyword:STOP', 'en'],
    ['Álto', 'keyword:ALTO', 'es'],
    ['¡ALTO!', 'keyword:ALTO', 'es'],
    ['no más', 'keyword:NO MAS', 'es'],
    ['Opt-Out', 'keyword:OPT-OUT', 'en'],
    ['opt out', 'keyword:OPT OUT', 'en'],
    ['stop all', 'keyword:STOP ALL', 'en'],
    ['STOPALL', 'keyword:STOPALL', 'en'],
    ['Revoke', 'keyword:REVOKE', 'en'],
    ['Cancelar', 'keyword:CANCELAR', 'es'],
  ])('R1.1 GIVEN %j THEN opt_out with rule %s, language %s (R1.6)', (text, rule, lang) => {
    expect(classifyInbound(text)).toEqual({ kind: 'opt_out', rule, lang });
  });

  it.each([
    ['START', 'opt_in'], ['unstop', 'opt_in'], [' Start! ', 'opt_in'],
    ['HELP', 'help'], ['help?', 'help'], ['Info', 'help'], ['ayuda', 'help'], ['¿Ayuda?', 'help'],
  ])('R1.1/R1.9 GIVEN %j THEN %s', (text, kind) => {
    expect(classifyInbound(text).kind).toBe(kind);
  });

  it.each(['YES', 'yes', 'Yes!', 'Y', 'Sí'])('R1.3 GIVEN %j THEN it is NOT an opt-in (YES is a survey answer)', (text) => {
    expect(classifyInbound(text).kind).toBe('message');
  });
});

describe('classifyInbound: R1.4(a) phrases and keyword with filler -> opt_out', () => {
  it.each<[string, Lang, string]>([
    ['STOP PLEASE', 'en', 'keyword_filler:STOP'],
    ['please stop', 'en', 'keyword_filler:STOP'],
    ['Stop it now, thanks', 'en', 'keyword_filler:STOP'],
    ['stop stop stop', 'en', 'keyword_filler:STOP'],
    ['stop!!! 🛑', 'en', 'keyword:STOP'],
    ['Unsubscribe please.', 'en', 'phrase:unsubscribe'],
    ['Stop texting me', 'en', 'phrase:stop_texting'],
    ['Please remove me', 'en', 'phrase:remove_me'],
    ['remove my number from your list', 'en', 'phrase:remove_me'],
    ['Take me off your list', 'en', 'phrase:take_me_off'],
    ['Lose my number', 'en', 'phrase:lose_my_number'],
    ["Don't text me again", 'en', 'phrase:dont_contact_me'],
    ['Do not contact me', 'en', 'phrase:dont_contact_me'],
    ['dont message me', 'en', 'phrase:dont_contact_me'],
    ['Please delete my number', 'en', 'phrase:delete_my_number'],
    ['Wrong number', 'en', 'phrase:wrong_number'],
    ['I want to opt out', 'en', 'phrase:opt_out'],
    ['no more texts please', 'en', 'phrase:no_more_texts'],
    ["I don't want these messages", 'en', 'phrase:dont_want_texts'],
    ['ALTO POR FAVOR', 'es', 'keyword_filler:ALTO'],
    ['No me escriban más', 'es', 'phrase:no_me_escriban'],
    ['no me manden mensajes', 'es', 'phrase:no_me_escriban'],
    ['No más mensajes', 'es', 'phrase:no_mas_mensajes'],
    ['No quiero recibir mensajes', 'es', 'phrase:no_mas_mensajes'],
    ['Quítame de la lista', 'es', 'phrase:quitame_de_la_lista'],
    ['Sáqueme de su lista por favor', 'es', 'phrase:quitame_de_la_lista'],
    ['Bórrame', 'es', 'phrase:borrame'],
    ['Dejen de escribirme', 'es', 'phrase:dejen_de_escribir'],
    ['dejen de mandar mensajes', 'es', 'phrase:dejen_de_escribir'],
    ['Quiero darme de baja', 'es', 'phrase:dar_de_baja'],
    ['Número equivocado', 'es', 'phrase:numero_equivocado'],
  ])('R1.4a GIVEN %j (%s) THEN opt_out via %s, in that language (R1.6)', (text, lang, rule) => {
    expect(classifyInbound(text, lang)).toEqual({ kind: 'opt_out', rule, lang });
  });

  it('R1.4(a) Spanish: "volver a" with an infinitive and "seguir" with a gerund are opt-outs', () => {
    for (const t of ['no me vuelvan a escribir', 'No sigan escribiendo', 'no me vuelvan a mandar mensajes', 'Por favor no me sigan enviando mensajes', 'no vuelvas a escribirme']) {
      expect(classifyInbound(t, 'es'), t).toMatchObject({ kind: 'opt_out', rule: 'phrase:no_me_escriban', lang: 'es' });
    }
    // Not a request to stop texting.
    expect(classifyInbound('sigan escribiendo, me gusta', 'es').kind).toBe('message');
    expect(classifyInbound('no sigan adelante con ese candidato', 'es').kind).toBe('message');
  });

  it('R1.4 any language: a Spanish opt-out in an English conversation still opts out', () => {
    expect(classifyInbound('no me escriban', 'en')).toMatchObject({ kind: 'opt_out', lang: 'es' });
    expect(classifyInbound('remove me', 'es')).toMatchObject({ kind: 'opt_out', lang: 'en' });
    expect(classifyInbound('AYUDA', 'en')).toEqual({ kind: 'help', rule: 'keyword:AYUDA', lang: 'es' });
  });
});

describe('classifyInbound: R1.4(b) ambiguous -> probable_opt_out (human review)', () => {
  it.each<[string, Lang, string]>([
    ['no', 'en', 'tier_b:no'],
    ['NO.', 'en', 'tier_b:no'],
    ['Nope', 'en', 'tier_b:no'],
    ['no thanks', 'en', 'tier_b:no'],
    ['No gracias', 'es', 'tier_b:no'],
    ['Not interested', 'en', 'tier_b:not_interested'],
    ["I'm not interested", 'en', 'tier_b:not_interested'],
    ['No me interesa', 'es', 'tier_b:not_interested'],
    ['f*** off', 'en', 'tier_b:hostility'],
    ['F*** you', 'en', 'tier_b:hostility'],
    ['fuck off', 'en', 'tier_b:hostility'],
    ['Leave me alone', 'en', 'tier_b:hostility'],
    ['go away', 'en', 'tier_b:hostility'],
    ['Déjame en paz', 'es', 'tier_b:hostility'],
    ['vete al diablo', 'es', 'tier_b:hostility'],
  ])('R1.4b GIVEN %j (%s) THEN probable_opt_out via %s', (text, lang, rule) => {
    expect(classifyInbound(text, lang)).toEqual({ kind: 'probable_opt_out', rule });
  });
});

describe('classifyInbound: ordinary messages', () => {
  it.each<[string, Lang]>([
    ['who is this?', 'en'],
    ['Who is this', 'en'],
    ['¿Quién es?', 'es'],
    ["don't stop fighting for us!", 'en'],
    ['I will stop by the office tomorrow', 'en'],
    ['Where is my polling place?', 'en'],
    ['Yes I will vote', 'en'],
    ['Sí, voy a votar', 'es'],
    ['The bus stop near the school is my polling place', 'en'],
    ['Para mí es importante', 'es'],
    ['', 'en'],
    ['🛑', 'en'],
    ['   ', 'en'],
  ])('GIVEN %j (%s) THEN message, no rule', (text, lang) => {
    expect(classifyInbound(text, lang)).toEqual({ kind: 'message' });
  });
});
