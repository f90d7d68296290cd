// Tracked link codes: the part after LINK_BASE_URL/ that names one contact's link to one
// destination. Random, not derived from ids, so a code says nothing about the voter and cannot be
// guessed from another one: 10 base62 characters are about 59.5 random bits.
import { randomBytes } from 'node:crypto';

export const LINK_CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const LINK_CODE_LENGTH = 10;
const LINK_CODE_RE = new RegExp(`^[0-9A-Za-z]{${LINK_CODE_LENGTH}}$`);

/** The shape of a code (fixed length, base62), checked before any store lookup. */
export function isLinkCode(code: string): boolean {
  return LINK_CODE_RE.test(code);
}

/** A fresh random code; bytes >= 248 are dropped so every character is equally likely (no modulo bias). */
export function newLinkCode(): string {
  let code = '';
  while (code.length < LINK_CODE_LENGTH) {
    for (const byte of randomBytes(LINK_CODE_LENGTH * 2)) {
      if (byte >= 248) continue;
      code += LINK_CODE_ALPHABET[byte % 62];
      if (code.length === LINK_CODE_LENGTH) break;
    }
  }
  return code;
}

/** The link a voter receives: `<LINK_BASE_URL>/<code>`. */
export function trackedUrl(linkBase: string, code: string): string {
  return `${linkBase.replace(/\/+$/, '')}/${code}`;
}

/** A stand-in exactly as long as a real link, for segment counts measured before codes exist. */
export function sampleTrackedUrl(linkBase: string): string {
  return trackedUrl(linkBase, 'x'.repeat(LINK_CODE_LENGTH));
}
