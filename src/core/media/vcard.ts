// The org's contact card (vCard 3.0/4.0, RFC 6350) sent as MMS: checked field by field before it
// is stored, so a voter never receives a card their phone cannot read. A problem names the line
// and the field, and the file is refused whole (nothing is fixed silently).
import { MMS_MAX_BYTES, type MediaCheck, type MediaProblem } from './media.js';

const VERSIONS = ['2.1', '3.0', '4.0'];
const PHONE = /^\+?[0-9][0-9 ().-]{2,30}(;ext=[0-9]{1,8})?$/i;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const NAME = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)?$/;
// A voter's phone may show control characters as boxes or stop reading the card there.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Longest formatted name a phone's contact screen shows in one line or two. */
const MAX_FN = 200;

function problem(key: string, params: Record<string, string | number>): { ok: false; problem: MediaProblem } {
  return { ok: false, problem: { key: `media:errors.${key}`, params } };
}

function validUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Checks one vCard and returns it with CRLF line ends (RFC 6350 §3.2). Refused: not UTF-8, not
 * exactly one BEGIN:VCARD ... END:VCARD, no or an unknown VERSION, no FN, a line that is not
 * `NAME[;params]:value`, control characters, and TEL, EMAIL or URL values that are not a phone
 * number, an email address or an http(s) address.
 */
export function checkVCard(file: string, bytes: Uint8Array): MediaCheck<string> {
  if (bytes.length > MMS_MAX_BYTES) return problem('too_large', { file, max: MMS_MAX_BYTES / 1024 });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problem('vcard_encoding', { file });
  }
  text = text.replace(/^\uFEFF/, '');
  // Unfold (a line starting with a space or tab continues the one before), then split.
  const physical = text.split(/\r\n|\n|\r/);
  const lines: { n: number; text: string }[] = [];
  physical.forEach((raw, i) => {
    const last = lines[lines.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) last.text += raw.slice(1);
    else if (raw.trim() !== '') lines.push({ n: i + 1, text: raw });
  });
  const first = lines[0];
  const end = lines[lines.length - 1];
  if (!first || first.text.trim().toUpperCase() !== 'BEGIN:VCARD') return problem('vcard_structure', { file });
  if (!end || end.text.trim().toUpperCase() !== 'END:VCARD' || end === first) return problem('vcard_structure', { file });
  let version: string | undefined;
  let fn: string | undefined;
  for (const line of lines.slice(1, -1)) {
    if (CONTROL.test(line.text)) return problem('vcard_line', { file, line: line.n });
    const colon = line.text.indexOf(':');
    if (colon <= 0) return problem('vcard_line', { file, line: line.n });
    const head = line.text.slice(0, colon);
    const value = line.text.slice(colon + 1).trim();
    const name = (head.split(';')[0] ?? '').toUpperCase();
    if (!NAME.test(name)) return problem('vcard_line', { file, line: line.n });
    const field = name.includes('.') ? (name.split('.')[1] ?? name) : name;
    switch (field) {
      case 'BEGIN':
      case 'END':
        return problem('vcard_structure', { file });
      case 'VERSION':
        if (!VERSIONS.includes(value)) return problem('vcard_field', { file, line: line.n, field });
        version = value;
        break;
      case 'FN':
        if (value === '' || value.length > MAX_FN) return problem('vcard_field', { file, line: line.n, field });
        fn = value;
        break;
      case 'TEL': {
        const phone = value.replace(/^tel:/i, '');
        if (!PHONE.test(phone)) return problem('vcard_field', { file, line: line.n, field });
        break;
      }
      case 'EMAIL':
        if (!EMAIL.test(value.replace(/^mailto:/i, ''))) return problem('vcard_field', { file, line: line.n, field });
        break;
      case 'URL':
        if (!validUrl(value)) return problem('vcard_field', { file, line: line.n, field });
        break;
      default:
        break;
    }
  }
  if (!version) return problem('vcard_missing', { file, field: 'VERSION' });
  if (!fn) return problem('vcard_missing', { file, field: 'FN' });
  return { ok: true, value: `${lines.map((l) => l.text).join('\r\n')}\r\n` };
}
