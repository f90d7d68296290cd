// Message bodies are stored with a 1600 limit counted in UTF-16 units (zod string max), which is
// never more lenient than Twilio's 1600 characters, so checks here use the same unit.
import { MAX_SMS_CHARACTERS } from '../rules.js';

export function overLimit(text: string): boolean {
  return text.length > MAX_SMS_CHARACTERS;
}

/** Cuts `text` to at most `max` UTF-16 units without splitting a character (inbound texts are stored, never refused). */
export function clipText(text: string, max = MAX_SMS_CHARACTERS): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
