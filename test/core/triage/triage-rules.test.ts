import { describe, expect, it } from 'vitest';
import { classifyInbound, triageReply, TriageResult, type TriageIntent } from '../../../src/core/index.js';

// Table-driven: [reply, expected intent, lang?]. General rules, not a lookup: each row is a
// shape of reply (short answer, slang, emoji, typo, negation, multi-clause, Spanish).
const CASES: readonly (readonly [string, TriageIntent, ('en' | 'es')?])[] = [
  // yes: short answers, slang, emoji, typos
  ['yes', 'yes'], ['Yes!', 'yes'], ['YES', 'yes'], ['yess', 'yes'], ['Yesssss!!!', 'yes'], ['ya', 'yes'], ['yep', 'yes'], ['yup', 'yes'],
  ['yeah', 'yes'], ['Yea', 'yes'], ['y', 'yes'], ['ok', 'yes'], ['k', 'yes'], ['Okay', 'yes'], ['sure', 'yes'], ['Sure thing', 'yes'],
  ['100%', 'yes'], ['100 %', 'yes'], ['def', 'yes'], ['Definately', 'yes'], ['absolutley', 'yes'], ['Absolutely!', 'yes'], ['for sure', 'yes'],
  ['4 sure', 'yes'], ['of course', 'yes'], ['ofc', 'yes'], ['You bet', 'yes'], ['Count me in', 'yes'], ['I will', 'yes'], ["I'll be there", 'yes'],
  ['👍', 'yes'], ['👍🏽', 'yes'], ['✅', 'yes'], ['❤️', 'yes'], ['💯', 'yes'], ['Yes 👍', 'yes'], ['No problem', 'yes'], ['Hell yeah', 'yes'],
  ['Planning to vote for her', 'yes'], ['Yes, she has my vote', 'yes'],
  ['sí', 'yes', 'es'], ['si', 'yes', 'es'], ['Siii', 'yes', 'es'], ['Claro', 'yes', 'es'], ['claro que sí', 'yes', 'es'], ['por supuesto', 'yes', 'es'],
  ['Porsupuesto!', 'yes', 'es'], ['Cuenten conmigo', 'yes', 'es'], ['Seguro que sí', 'yes', 'es'], ['Sí, voy a votar', 'yes', 'es'], ['Dale 👍', 'yes', 'es'],
  ['Con gusto', 'yes', 'es'], ['Ahí estaré', 'yes', 'es'],
  // no
  ['no', 'no'], ['No.', 'no'], ['NO', 'no'], ['nope', 'no'], ['nah', 'no'], ['Naw', 'no'], ['Nooooo', 'no'], ['👎', 'no'], ['❌', 'no'],
  ['No thanks', 'no'], ['Not interested', 'no'], ['Not really', 'no'], ['I will not vote for him', 'no'], ["I'm not voting", 'no'],
  ["Won't be voting for her", 'no'], ['Absolutely not', 'no'], ['Hell no', 'no'], ["I don't think so", 'no'], ['Never', 'no'], ['Hard pass', 'no'],
  ['Voting for the other guy', 'no'], ['Probably not', 'no'],
  ['No gracias', 'no', 'es'], ['Para nada', 'no', 'es'], ['Claro que no', 'no', 'es'], ['No voy a votar', 'no', 'es'], ['Jamás', 'no', 'es'],
  ['No me interesa', 'no', 'es'], ['Nel', 'no', 'es'],
  // maybe
  ['maybe', 'maybe'], ['Maybe?', 'maybe'], ['mabye', 'maybe'], ['Not sure', 'maybe'], ["Not sure yet", 'maybe'], ['idk', 'maybe'], ["I don't know", 'maybe'],
  ['Possibly', 'maybe'], ['Probably', 'maybe'], ["I'll think about it", 'maybe'], ['Undecided', 'maybe'], ['🤔', 'maybe'], ['It depends', 'maybe'],
  ["I'll try", 'maybe'], ['If I have time', 'maybe'], ["Haven't decided yet", 'maybe'], ['50/50', 'maybe'],
  ['quizás', 'maybe', 'es'], ['Quizas', 'maybe', 'es'], ['tal vez', 'maybe', 'es'], ['Talvez', 'maybe', 'es'], ['no sé', 'maybe', 'es'],
  ['No estoy segura', 'maybe', 'es'], ['Puede ser', 'maybe', 'es'], ['Lo voy a pensar', 'maybe', 'es'], ['A lo mejor', 'maybe', 'es'],
  // question
  ['Who is this?', 'question'], ['who is this', 'question'], ['Where do I vote?', 'question'], ['When is the election?', 'question'],
  ['How do I register?', 'question'], ['What is this about', 'question'], ['Yes, where is my polling place?', 'question'],
  ['Can you send me info on her?', 'question'], ['Is early voting open this weekend?', 'question'], ['Why are you texting me?', 'question'],
  ['Sure, what time?', 'question'], ['Who are the candidates?', 'question'], ['❓', 'question'], ['Really?', 'question'],
  ['¿Quién es?', 'question', 'es'], ['Quien habla', 'question', 'es'], ['¿Dónde voto?', 'question', 'es'], ['¿Cuándo es la elección?', 'question', 'es'],
  ['¿Cómo me registro?', 'question', 'es'], ['¿Qué es esto?', 'question', 'es'], ['Sí, ¿dónde está mi casilla?', 'question', 'es'],
  // wrong_number
  ['Wrong number', 'wrong_number'], ['wrong #', 'wrong_number'], ['no, wrong number', 'wrong_number'], ['Wrong person', 'wrong_number'],
  ["This isn't John", 'wrong_number'], ["I'm not Maria", 'wrong_number'], ['You have the wrong number', 'wrong_number'], ['No one here by that name', 'wrong_number'],
  ["I don't know who that is", 'wrong_number'], ['wrng numbr', 'wrong_number'], ["That's not me", 'wrong_number'], ['No Maria here', 'wrong_number'],
  ['Número equivocado', 'wrong_number', 'es'], ['numero equivocado', 'wrong_number', 'es'], ['Se equivocó de número', 'wrong_number', 'es'],
  ['No soy Juan', 'wrong_number', 'es'], ['Aquí no vive ningún Pedro', 'wrong_number', 'es'], ['No conozco a esa persona', 'wrong_number', 'es'],
  // deceased
  ['He passed away', 'deceased'], ['She passed away last year', 'deceased'], ['My husband died in March', 'deceased'], ['He is deceased', 'deceased'],
  ['She passed in 2022', 'deceased'], ['RIP, he passed', 'deceased'], ['My mother is no longer with us', 'deceased'],
  ['Falleció', 'deceased', 'es'], ['Mi esposo falleció el año pasado', 'deceased', 'es'], ['Murió en enero', 'deceased', 'es'],
  ['Mi mamá ya no está con nosotros', 'deceased', 'es'], ['QEPD', 'deceased', 'es'],
  // moved
  ['He moved', 'moved'], ['I moved to Texas', 'moved'], ["She doesn't live here anymore", 'moved'], ['We moved out of state', 'moved'],
  ['I no longer live in Ohio', 'moved'], ['Moved to Florida last year', 'moved'], ["I don't live in that district", 'moved'],
  ['Se mudó', 'moved', 'es'], ['Me mudé a Texas', 'moved', 'es'], ['Ya no vive aquí', 'moved', 'es'], ['Nos mudamos a otro estado', 'moved', 'es'],
  // already_voted
  ['Already voted', 'already_voted'], ['I already voted', 'already_voted'], ['Yes but I already voted', 'already_voted'], ['Voted early!', 'already_voted'],
  ['I voted yesterday', 'already_voted'], ['Mailed my ballot last week', 'already_voted'], ['Already did', 'already_voted'], ['alredy voted 👍', 'already_voted'],
  ['We both voted already', 'already_voted'], ['Ballot is in!', 'already_voted'],
  ['Ya voté', 'already_voted', 'es'], ['ya vote', 'already_voted', 'es'], ['Sí, pero ya voté', 'already_voted', 'es'], ['Voté por correo', 'already_voted', 'es'],
  ['Ya mandé mi boleta', 'already_voted', 'es'],
  // hostile
  ['Fuck off', 'hostile'], ['f*** you', 'hostile'], ['You people are idiots', 'hostile'], ['Go to hell', 'hostile'], ['Shut up', 'hostile'],
  ['This is harassment, I will report you', 'hostile'], ['🖕', 'hostile'], ['Eat shit', 'hostile'], ['Screw you and your candidate', 'hostile'],
  ['Your candidate sucks', 'hostile'], ['Get bent', 'hostile'], ['That sucks, sorry to hear', 'other'], ['In your dreams', 'no'],
  ['Idiota', 'hostile', 'es'], ['Váyanse a la mierda', 'hostile', 'es'], ['Pinches mentirosos', 'hostile', 'es'], ['Qué asco', 'hostile', 'es'],
  // opt_out
  ['STOP', 'opt_out'], ['Stop.', 'opt_out'], ['stop please', 'opt_out'], ['Unsubscribe', 'opt_out'], ['Remove me from your list', 'opt_out'],
  ['Please stop texting me', 'opt_out'], ["Don't text me again", 'opt_out'], ['Take me off this list', 'opt_out'], ['Leave me alone', 'opt_out'],
  ['Stop!!! I already voted', 'opt_out'], ['Not interested, please stop', 'opt_out'], ['Wrong number, stop texting me', 'opt_out'],
  ['Alto', 'opt_out', 'es'], ['Álto', 'opt_out', 'es'], ['No me escriban más', 'opt_out', 'es'], ['Bórrame de la lista', 'opt_out', 'es'],
  ['Ya basta', 'opt_out', 'es'], ['Déjenme en paz', 'opt_out', 'es'], ['Dejen de mandarme mensajes', 'opt_out', 'es'],
  // other
  ['Thanks', 'other'], ['thank you!', 'other'], ['Hello', 'other'], ['lol', 'other'], ['Gracias', 'other', 'es'], ['Hola', 'other', 'es'],
  ['The weather is nice today', 'other'], ['', 'other'], ['No hablo inglés', 'other', 'es'],
  // general shapes found after the corpus: bare facts, "I'm good" = no thanks, Spanish words that are not names
  ['Moved', 'moved'], ['No longer at this address', 'moved'], ['Just got back from voting', 'already_voted'], ["I'm good", 'no'], ['Of course not', 'no'],
  ["Not sure who I'm voting for", 'maybe'], ['Send me the info', 'question'], ['No soy ciudadano', 'no', 'es'], ['Ya fui a votar', 'already_voted', 'es'],
  ['Not yet but I will', 'yes'], ['Maybe but probably not', 'no'], ['I always vote', 'yes'], ['Just mailed it today!', 'already_voted'],
  ['No me vuelvan a escribir', 'opt_out', 'es'], ['No vive aquí', 'moved', 'es'], ['Voy a ver', 'maybe', 'es'], ['Cállense', 'hostile', 'es'],
  ['Que es esto', 'question', 'es'], ['Me interesa', 'yes', 'es'], ['Este número es nuevo', 'wrong_number', 'es'], ['Chinguen a su madre', 'hostile', 'es'],
];

const ROWS = CASES.map(([text, intent, lang]) => ({ text, intent, lang }));

describe('triageReply rules table (en, es)', () => {
  it('has at least 150 cases in both languages', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(CASES.filter((c) => c[2] === 'es').length).toBeGreaterThanOrEqual(50);
  });

  it.each(ROWS)('$text -> $intent', ({ text, intent, lang }) => {
    const r = triageReply(text, lang);
    expect(TriageResult.parse(r)).toEqual(r);
    expect(r.intent).toBe(intent);
    expect(r.rule).toBeTruthy();
  });
});

describe('triageReply R1.4 legal invariant on the table', () => {
  it.each(ROWS)('R1.4: $text is never read as yes/maybe when classifyInbound says (probable) opt-out', ({ text, lang }) => {
    const legal = classifyInbound(text, lang);
    const r = triageReply(text, lang);
    if (legal.kind === 'opt_out') expect(['opt_out', 'wrong_number']).toContain(r.intent);
    if (legal.kind === 'probable_opt_out') {
      expect(['yes', 'maybe']).not.toContain(r.intent);
      if (r.intent === 'opt_out') expect(r.confidence).toBeLessThan(0.9);
    }
  });
});

describe('triageReply confidence', () => {
  it('is surer of a plain answer than of a mixed one', () => {
    expect(triageReply('yes').confidence).toBeGreaterThan(triageReply('yes and no').confidence);
  });
  it('leaves a reply it cannot read as other with low confidence', () => {
    const r = triageReply('The weather is nice today');
    expect(r).toMatchObject({ intent: 'other', rule: 'none' });
    expect(r.confidence).toBeLessThan(0.5);
  });
  it('R1.4(b): a hostile probable opt-out triaged opt_out stays below 0.9 (a person confirms)', () => {
    const r = triageReply('Leave me alone');
    expect(classifyInbound('Leave me alone').kind).toBe('probable_opt_out');
    expect(r.intent).toBe('opt_out');
    expect(r.confidence).toBeLessThan(0.9);
  });
  it('R1.4(a): an explicit opt-out is triaged opt_out with high confidence', () => {
    expect(triageReply('Please remove me')).toMatchObject({ intent: 'opt_out' });
    expect(triageReply('Please remove me').confidence).toBeGreaterThanOrEqual(0.9);
  });
});
