// Opt-out / opt-in / help vocabulary as data (R1.1, R1.3, R1.4). Patterns run on the phrase
// form (normalizePhraseText: uppercase, no diacritics, no apostrophes, punctuation -> space).

/** R1.1 Twilio defaults + extras (FCC "OPT OUT", AWS "OPT-OUT", "STOP ALL", REMOVE). */
export const OPT_OUT_EN: readonly string[] = [
  'STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT',
  'OPT OUT', 'STOP ALL', 'REMOVE', 'OPT-OUT',
];
/** R1.1 recommended Spanish set (no CTIA standard; ALTO per Twilio guidance). */
export const OPT_OUT_ES: readonly string[] = ['ALTO', 'PARAR', 'PARA', 'DETENER', 'CANCELAR', 'BAJA', 'NO MAS'];
/** R1.3: YES is deliberately absent (a common survey answer). */
export const OPT_IN: readonly string[] = ['START', 'UNSTOP'];
/** R1.1 HELP + HELP_ES. */
export const HELP: readonly string[] = ['HELP', 'INFO', 'AYUDA'];

/**
 * Words that may surround an opt-out keyword without changing its meaning
 * ("STOP PLEASE", "please stop", "stop now thanks", "ALTO POR FAVOR"). R1.2: Twilio only
 * blocks single-word messages, so these must be caught by the app.
 */
export const OPT_OUT_FILLER: readonly string[] = [
  'PLEASE', 'PLS', 'PLZ', 'NOW', 'RIGHT', 'THANKS', 'THANK', 'YOU', 'THX', 'TY', 'OK', 'OKAY',
  'JUST', 'IT', 'ME', 'ALREADY', 'SERIOUSLY', 'AGAIN', 'SIR', 'MAAM', 'I', 'SAID', 'SAY',
  'POR', 'FAVOR', 'YA', 'GRACIAS', 'AHORA', 'DIJE', 'YO',
];

export interface PhrasePattern {
  /** Rule name reported as `phrase:<name>` or `tier_b:<name>` (R5.3 logs the matched rule). */
  readonly name: string;
  /** Language of the wording (R1.6: the confirmation goes out in the inbound's language). */
  readonly lang?: 'en' | 'es';
  readonly pattern: RegExp;
}

const CONTACT_VERBS = '(?:TEXT|TXT|TEXTING|CONTACT|CONTACTING|MESSAGE|MESSAGING|MSG|CALL|CALLING|SMS|EMAIL|SPAM|BOTHER)';
const ES_SEND_VERBS =
  '(?:ESCRIBA|ESCRIBAN|ESCRIBAS|MANDE|MANDEN|MANDES|ENVIE|ENVIEN|ENVIES|TEXTEE|TEXTEEN|CONTACTE|CONTACTEN|LLAME|LLAMEN|MOLESTE|MOLESTEN|MOLESTES)';

/** R1.4(a) phrases that a reasonable person reads as revocation -> automatic opt-out. */
export const OPT_OUT_PHRASES: readonly PhrasePattern[] = [
  // English (Spoke's default regex is the baseline, R1.4a).
  { lang: 'en', name: 'remove_me', pattern: /\bREMOVE (?:ME|MY (?:NUMBER|NAME|PHONE|CELL|INFO))\b/ },
  { lang: 'en', name: 'remove_me', pattern: /\bREMOVE (?:\w+ )?FROM (?:YOUR|THE|THIS|UR) (?:LIST|MAILING LIST|TEXT LIST|CONTACTS)\b/ },
  { lang: 'en', name: 'take_me_off', pattern: /\bTAKE (?:ME|MY (?:NUMBER|NAME)|THIS NUMBER) OFF\b/ },
  { lang: 'en', name: 'take_me_off', pattern: /\bOFF (?:YOUR|THE|THIS|UR) (?:LIST|TEXT LIST|MAILING LIST)\b/ },
  { lang: 'en', name: 'lose_my_number', pattern: /\bLOSE (?:MY|THIS) NUMBER\b/ },
  { lang: 'en', name: 'dont_contact_me', pattern: new RegExp(`\\b(?:DONT|DO NOT|NEVER) ${CONTACT_VERBS} (?:ME|THIS NUMBER|MY NUMBER|MY PHONE)\\b`) },
  { lang: 'en', name: 'dont_contact_me', pattern: new RegExp(`\\b(?:DONT|DO NOT) EVER ${CONTACT_VERBS} ME\\b`) },
  { lang: 'en', name: 'delete_my_number', pattern: /\bDELETE (?:ME|MY (?:PHONE |CELL )?(?:NUMBER|INFO|INFORMATION|CONTACT))\b/ },
  { lang: 'en', name: 'stop_texting', pattern: /\bSTOP (?:TEXTING|TXTING|MESSAGING|CONTACTING|CALLING|SENDING|SPAMMING|BOTHERING|HARASSING)\b/ },
  { lang: 'en', name: 'no_more_texts', pattern: /\bNO MORE (?:TEXTS|TEXT|TXTS|MESSAGES|TEXT MESSAGES|TEXTING|SPAM)\b/ },
  { lang: 'en', name: 'dont_want_texts', pattern: /\b(?:DONT|DO NOT) WANT (?:ANY |THESE |YOUR |THIS |MORE |TO (?:GET|RECEIVE) )*(?:TEXTS|TEXT MESSAGES|MESSAGES|TXTS)\b/ },
  { lang: 'en', name: 'wrong_number', pattern: /\bWRONG (?:NUMBER|PERSON|NUM|NUMBR)\b/ },
  { lang: 'en', name: 'unsubscribe', pattern: /\b(?:UNSUBSCRIBE|UNSUB)\b/ },
  { lang: 'en', name: 'opt_out', pattern: /\bOPT (?:ME )?OUT\b|\bOPTOUT\b/ },
  // Spanish.
  { lang: 'es', name: 'no_me_escriban', pattern: new RegExp(`\\bNO ME (?:VUELVA[NS]? A |SIGA[NS]? )?${ES_SEND_VERBS}\\b`) },
  // "No me vuelvan a escribir", "no sigan escribiendo": the infinitive after VOLVER A and the gerund after SEGUIR.
  {
    lang: 'es',
    name: 'no_me_escriban',
    pattern: /\bNO (?:ME |NOS )?(?:VUELVA[NS]? A (?:ESCRIBIR|MANDAR|ENVIAR|TEXTEAR|CONTACTAR|LLAMAR|MOLESTAR)|SIGA[NS]? (?:ESCRIBIENDO|MANDANDO|ENVIANDO|TEXTEANDO|CONTACTANDO|LLAMANDO|MOLESTANDO))\w*/,
  },
  { lang: 'es', name: 'no_mas_mensajes', pattern: /\bNO (?:QUIERO )?(?:RECIBIR )?MAS (?:MENSAJES|TEXTOS|SMS)\b/ },
  { lang: 'es', name: 'no_mas_mensajes', pattern: /\bNO QUIERO (?:RECIBIR )?(?:SUS |TUS |ESTOS |SUS )?(?:MENSAJES|TEXTOS)\b/ },
  {
    lang: 'es',
    name: 'quitame_de_la_lista',
    pattern: /\b(?:QUITAME|QUITENME|QUITEME|SACAME|SAQUENME|SAQUEME|ELIMINAME|ELIMINENME|ELIMINEME)\b/,
  },
  { lang: 'es', name: 'quitame_de_la_lista', pattern: /\b(?:QUITA|QUITEN|SACA|SAQUEN|ELIMINA|ELIMINEN|BORRA|BORREN) MI NUMERO\b/ },
  { lang: 'es', name: 'borrame', pattern: /\b(?:BORRAME|BORRENME|BORREME)\b/ },
  {
    lang: 'es',
    name: 'dejen_de_escribir',
    pattern: /\bDEJ(?:EN|E|A|AN) DE (?:ESCRIBIR|MANDAR|ENVIAR|TEXTEAR|MOLESTAR|CONTACTAR|LLAMAR)\w*/,
  },
  { lang: 'es', name: 'dar_de_baja', pattern: /\b(?:DE|DARME DE|DAME DE|DENME DE) BAJA\b/ },
  { lang: 'es', name: 'numero_equivocado', pattern: /\bNUMERO EQUIVOCADO\b/ },
];

/**
 * R1.4(b) ambiguous replies -> `probable_opt_out`, for human review (the texter gets a one-click
 * opt-out button). Hostility is matched on the keyword form so masked profanity ("F*** off") counts.
 */
export const HOSTILITY_PATTERNS: readonly RegExp[] = [
  /\bF[U*#@!$%]+[C*#@!$%]*K?\b|\bF\*+|\bFUCK|\bFK (?:OFF|YOU|U)\b|\bSTFU\b|\bWTF\b/,
  /\b(?:PISS OFF|SHUT UP|SCREW YOU|GO AWAY|GO TO HELL|LEAVE ME ALONE|GET LOST|BUZZ OFF|BUG OFF|SOD OFF)\b/,
  /\b(?:ASSHOLE|BITCH|BASTARD|DAMN YOU|HARASSMENT|HARASSING ME|SPAMMER)\b/,
  /\b(?:DEJAME EN PAZ|DEJENME EN PAZ|DEJEME EN PAZ|VETE AL DIABLO|VAYANSE AL DIABLO|LARGATE|LARGUENSE|CHINGA|CHINGADA|PENDEJO|PENDEJA|CABRON|MIERDA|PUTA|PUTO|JODER|JODETE|NO MOLESTE[NS]?)\b/,
];

/** R1.4(b) plain refusals (whole message, phrase form) -> `probable_opt_out`. */
export const REFUSALS: readonly PhrasePattern[] = [
  { name: 'no', pattern: /^(?:NO+|NOPE|NAH|NO NO|NO THANKS|NO THANK YOU|NO THX|NO GRACIAS|NO POR FAVOR|NO SIR)$/ },
  {
    name: 'not_interested',
    pattern: /\b(?:NOT INTERESTED|NO INTEREST|NO ESTOY INTERESAD[OA]|NO ME INTERESA|NO NOS INTERESA)\b/,
  },
];
