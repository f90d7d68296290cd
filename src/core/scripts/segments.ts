// SMS encoding and segment counting (R3.6), via Twilio's sms-segments-calculator.
import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  readonly encoding: SmsEncoding;
  /** Segments billed and counted against rate limits (R4.2). */
  readonly segments: number;
  /** Characters as a person counts them (Unicode code points of the body as written). */
  readonly characters: number;
  /** Distinct characters that force UCS-2 (empty for GSM-7), in order of appearance. */
  readonly nonGsm: string[];
}

export interface SegmentOptions {
  /** Emulate Twilio Smart Encoding (R4.5: count with it when the service has it on). */
  readonly smartEncoding?: boolean;
  /** The text goes out as an MMS (media attached): one message however long, so one segment. */
  readonly mms?: boolean;
}

/** Twilio's hard limit on a message body (R3.6). */
export const MAX_SMS_CHARACTERS = 1600;
/** Twilio recommends 320 characters or fewer; we warn above 3 segments (R3.6). */
export const RECOMMENDED_MAX_SEGMENTS = 3;

/**
 * R3.6: GSM-7 160/153, UCS-2 70/67; extension characters (^ { } \ [ ] ~ | €) take two septets;
 * any non-GSM character (emoji, ’, —, á í ó ú) makes the whole message UCS-2.
 */
export function segmentInfo(body: string, opts: SegmentOptions = {}): SegmentInfo {
  if (GSM_BASIC_ASCII.test(body)) return basicGsmInfo(body, opts);
  const message = new SegmentedMessage(body, 'auto', opts.smartEncoding ?? false);
  const encoding: SmsEncoding = message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7';
  return {
    encoding,
    segments: opts.mms ? 1 : message.segmentsCount,
    characters: [...body].length,
    nonGsm: [...new Set(message.getNonGsmCharacters())],
  };
}

/**
 * Characters of the GSM-7 basic set that are plain ASCII (one septet each; no extension
 * character, nothing smart encoding would rewrite). Most scripts and replies are only these.
 */
const GSM_BASIC_ASCII = /^[A-Za-z0-9 \n\r!"#$%&'()*+,\-./:;<=>?@_]*$/;
/** Septets in one GSM-7 segment, alone and with the concatenation header (R3.6). */
const GSM_SINGLE = 160;
const GSM_CONCATENATED = 153;

/**
 * The calculator's answer for basic-set ASCII text, by arithmetic: the calculator splits the
 * text into graphemes with an allocation per character, which made it the largest share of the
 * garbage one Send press leaves (a test checks both agree on every length up to 1,600).
 */
function basicGsmInfo(body: string, opts: SegmentOptions): SegmentInfo {
  const n = body.length;
  const segments = opts.mms || n <= GSM_SINGLE ? 1 : Math.ceil(n / GSM_CONCATENATED);
  return { encoding: 'GSM-7', segments, characters: n, nonGsm: [] };
}

/**
 * Typographic characters with a GSM-7 equivalent. Accented letters are NOT here: GSM-7 lacks
 * á í ó ú and rewriting a voter's name or a Spanish word is not ours to do (R3.6).
 */
const GSM_REPLACEMENTS: readonly (readonly [RegExp, string])[] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u02BC\u02BB\u00B4\u0060\uFF07]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u275D\u275E\u301D\u301E\uFF02]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE63\uFF0D]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  [/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, ''],
  [/[\u2022\u2023\u2043\u25E6\u00B7]/g, '-'],
  [/\u2044|\u2215/g, '/'],
  [/\u02C6/g, '^'],
  [/\u02DC/g, '~'],
];

/**
 * Replace smart quotes, dashes, ellipses, odd spaces and invisible characters with GSM-7
 * equivalents so a script stays GSM-7 (R3.6). Emoji and accented vowels are left alone.
 */
export function gsmSafe(body: string): string {
  return GSM_REPLACEMENTS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), body);
}
