// Codes that travel through the engine (statuses, rule ids, carrier and local send errors) shown
// as words from locales/<lng>/outcomes.json. An unknown code reads "unknown", never as itself.
import type { Translate } from '../framework/definition.js';

/** A code from the locale list `list` (e.g. `outcomes:contact_status`); '.' and ':' are not key parts. */
export function codeLabel(t: Translate, list: string, code: string, params: Record<string, unknown> = {}): string {
  const key = `${list}.${code.replace(/[.:]/g, '_')}`;
  const text = t(key, { ...params, defaultValue: '' });
  return text && text !== key ? text : t('outcomes:unknown_value');
}

/** A carrier (Twilio) or local send error code as people read it, e.g. "filtered as spam (30007)". */
export function smsErrorLabel(t: Translate, code: string): string {
  const key = `outcomes:sms_error.${code.replace(/[.:]/g, '_')}`;
  const text = t(key, { defaultValue: '' });
  if (text && text !== key) return text;
  return /^\d{3,6}$/.test(code) ? t('outcomes:sms_error.carrier', { code }) : t('outcomes:sms_error.unknown');
}
