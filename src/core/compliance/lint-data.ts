// Word lists for script lint (R3.2, R3.4, R3.5). Patterns run on the phrase form
// (normalizePhraseText: uppercase, no diacritics, punctuation -> space).

/** R3.5: shared public URL shorteners, blocked by US carriers. Subdomains match too. */
export const URL_SHORTENER_DOMAINS: readonly string[] = [
  'bit.ly', 'bitly.com', 'j.mp', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'v.gd', 'buff.ly',
  'rebrand.ly', 'cutt.ly', 'shorturl.at', 'tiny.cc', 'rb.gy', 't.ly', 'bl.ink', 'short.io', 'shorte.st',
  'adf.ly', 'bc.vc', 'po.st', 'soo.gd', 's.id', 'qr.ae', 'tr.im', 'x.co', 'clck.ru', 'u.to', 'snip.ly',
  'lnkd.in', 'shorturl.com', 'tinyurl.co', 'urlz.fr', 'linktr.ee', 'dub.sh', 'shor.by', 'ift.tt',
];

export type ShaftCategory = 'sex' | 'hate' | 'alcohol' | 'firearms' | 'tobacco' | 'cannabis';

/**
 * R3.4 SHAFT (+ cannabis) denylist, English and Spanish, matched on whole words. A hit is a
 * warning: political texts may legitimately mention guns or alcohol; a human decides.
 */
export const SHAFT_TERMS: Readonly<Record<ShaftCategory, readonly string[]>> = {
  sex: ['SEX', 'SEXY', 'PORN', 'PORNO', 'NUDE', 'NUDES', 'XXX', 'ESCORT', 'ESCORTS', 'SEXO', 'DESNUDO', 'DESNUDA', 'DESNUDOS'],
  hate: ['WHITE POWER', 'HEIL', 'RACE WAR', 'SUPREMACIA BLANCA'],
  alcohol: [
    'ALCOHOL', 'BEER', 'BEERS', 'WINE', 'LIQUOR', 'VODKA', 'WHISKEY', 'WHISKY', 'TEQUILA', 'BOOZE', 'HAPPY HOUR',
    'CERVEZA', 'CERVEZAS', 'VINO', 'LICOR', 'BEBIDAS ALCOHOLICAS',
  ],
  firearms: [
    'GUN', 'GUNS', 'FIREARM', 'FIREARMS', 'RIFLE', 'RIFLES', 'AMMO', 'AMMUNITION', 'HANDGUN', 'HANDGUNS', 'AR 15',
    'ARMA', 'ARMAS', 'PISTOLA', 'PISTOLAS', 'MUNICIONES', 'ARMAS DE FUEGO',
  ],
  tobacco: [
    'TOBACCO', 'CIGARETTE', 'CIGARETTES', 'CIGAR', 'CIGARS', 'VAPE', 'VAPES', 'VAPING', 'NICOTINE', 'E CIG',
    'TABACO', 'CIGARRO', 'CIGARROS', 'CIGARRILLO', 'CIGARRILLOS', 'NICOTINA',
  ],
  cannabis: ['CANNABIS', 'MARIJUANA', 'WEED', 'THC', 'CBD', 'DISPENSARY', 'MARIHUANA', 'MOTA'],
};

/**
 * R3.2 opt-out language, any of: "Reply STOP to opt out", "Text STOP to stop", "STOP to end",
 * "STOP=quit", "Responde STOP o ALTO para no recibir más mensajes", "ALTO para cancelar".
 * Both languages are accepted whatever the script language (bilingual scripts exist).
 */
export const OPT_OUT_LANGUAGE_PATTERNS: readonly RegExp[] = [
  /\b(?:REPLY|TEXT|TXT|SEND|RESPOND|RPLY|MSG) (?:WITH )?(?:STOP|STOPALL|UNSUBSCRIBE|END|QUIT|CANCEL)\b/,
  /\b(?:STOP|STOPALL|UNSUBSCRIBE|END|QUIT|CANCEL) (?:TO|2) (?:OPT ?OUT|END|STOP|QUIT|UNSUBSCRIBE|UNSUB|CANCEL|BE REMOVED|OPTOUT|REMOVE)\b/,
  /\b(?:OPT ?OUT|UNSUBSCRIBE|TO STOP|TO END)\b.*\b(?:STOP|UNSUBSCRIBE)\b/,
  /\bSTOP (?:END|QUIT|OPT ?OUT|OPTOUT|UNSUBSCRIBE)\b/, // "STOP=end", "STOP: opt out"
  /\b(?:RESPONDE|RESPONDA|RESPONDAN|ENVIA|ENVIE|MANDA|MANDE|TEXTEA|ESCRIBE|ESCRIBA|CONTESTA|CONTESTE) (?:CON )?(?:STOP|ALTO|BAJA|PARAR|CANCELAR)\b/,
  /\b(?:STOP|ALTO|BAJA|PARAR|CANCELAR) PARA (?:NO RECIBIR|CANCELAR|SALIR|DARSE DE BAJA|DARTE DE BAJA|DEJAR DE|TERMINAR|DETENER|PARAR)\b/,
  /\b(?:ALTO|BAJA) PARA\b/,
];
