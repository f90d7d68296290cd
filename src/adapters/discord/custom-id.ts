/**
 * Discord `custom_id`s (at most 100 characters) that carry our action id and its value:
 * `tb:<actionId>:<value>` for buttons and selects, `tbm:<modalId>:<privateValue>` for modals.
 * A duplicate in one message gets a counter (`tb2:...`), since Discord wants unique ids.
 * Values are ids only (DESIGN: button values carry no authority). JSON arrays of plain ids, the
 * usual shape, travel compactly as `[a,b` and are turned back into the same JSON on the way in.
 */

export const CUSTOM_ID_MAX = 100;

const PLAIN_ID = /^[A-Za-z0-9_.-]+$/;
const ACTION_ID = /^[A-Za-z0-9_.-]{1,40}$/;

export class CustomIdError extends Error {
  constructor(readonly customId: string) {
    super(`Discord custom_id would be ${customId.length} characters (max ${CUSTOM_ID_MAX}): ${customId.slice(0, 40)}…`);
    this.name = 'CustomIdError';
  }
}

/** `["a","b"]` -> `[a,b` when every part is a plain id; anything else unchanged. */
export function compactValue(value: string): string {
  if (!value.startsWith('[')) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return value;
  if (!parsed.every((p): p is string => typeof p === 'string' && PLAIN_ID.test(p))) return value;
  return `[${parsed.join(',')}`;
}

/** The inverse of compactValue: `[a,b` -> `["a","b"]`; valid JSON and plain values unchanged. */
export function expandValue(value: string): string {
  if (!value.startsWith('[')) return value;
  try {
    JSON.parse(value);
    return value;
  } catch {
    const parts = value.slice(1).split(',');
    return parts.every((p) => PLAIN_ID.test(p)) ? JSON.stringify(parts) : value;
  }
}

function build(prefix: 'tb' | 'tbm', id: string, value: string | undefined, n: number): string {
  if (!ACTION_ID.test(id)) throw new Error(`action id not encodable for Discord: ${id.slice(0, 40)}`);
  const customId = `${prefix}${n > 1 ? n : ''}:${id}:${value === undefined ? '' : compactValue(value)}`;
  if (customId.length > CUSTOM_ID_MAX) throw new CustomIdError(customId);
  return customId;
}

/** A button's or select's custom_id; `n` > 1 marks the n-th same id+value in one message. */
export function actionCustomId(actionId: string, value?: string, n = 1): string {
  return build('tb', actionId, value, n);
}

export function modalCustomId(modalId: string, privateValue?: string): string {
  return build('tbm', modalId, privateValue, 1);
}

export type ParsedCustomId = { kind: 'action' | 'modal'; id: string; value?: string };

/** Null for ids we did not mint (another app's, or a tampered one). */
export function parseCustomId(customId: string): ParsedCustomId | null {
  const m = /^(tbm?)\d*:([A-Za-z0-9_.-]{1,40}):([\s\S]*)$/.exec(customId);
  if (!m || customId.length > CUSTOM_ID_MAX) return null;
  const raw = m[3] as string;
  return { kind: m[1] === 'tbm' ? 'modal' : 'action', id: m[2] as string, ...(raw === '' ? {} : { value: expandValue(raw) }) };
}
