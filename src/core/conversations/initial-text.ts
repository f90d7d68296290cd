// The texts a volunteer sends, rendered in one place, so the contact card shows exactly what the
// Send press will send (same script choice, same merge fields, same trim, same limit).
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Org } from '../model/org.js';
import { renderTemplate } from '../scripts/template.js';
import { scriptFor } from '../campaigns/campaign-lint.js';
import type { EngineReason, Params } from '../campaigns/result.js';
import { MAX_SMS_CHARACTERS } from '../scripts/segments.js';
import { overLimit } from './text-limits.js';

/** Merge fields of one contact: its custom columns, then the standard fields (which win). */
export function mergeFieldsFor(contact: Pick<Contact, 'customFields' | 'firstName' | 'lastName'>, texterName: string, orgName: string): Record<string, string> {
  return { ...contact.customFields, firstName: contact.firstName, lastName: contact.lastName, texterName, orgName };
}

/** `template` is what was rendered (the script hash of the audit row, R5.3, is taken over it). */
export type RenderedText = { ok: true; text: string; template: string } | { ok: false; reason: EngineReason; params: Params };

/** Renders a template for a contact; `prefix` names the reason keys (`engine:send` or `engine:reply`). */
export function renderForContact(template: string, contact: Contact, texterName: string, org: Pick<Org, 'name'>, prefix: 'engine:send' | 'engine:reply'): RenderedText {
  const rendered = renderTemplate(template, mergeFieldsFor(contact, texterName, org.name));
  if (!rendered.ok) {
    return rendered.error
      ? { ok: false, reason: `${prefix}.template_error`, params: { error: rendered.error } }
      : { ok: false, reason: `${prefix}.missing_fields`, params: { fields: rendered.missing.join(', ') } };
  }
  const text = rendered.text.trim();
  if (overLimit(text)) return { ok: false, reason: `${prefix}.too_long`, params: { max: MAX_SMS_CHARACTERS } };
  return { ok: true, text, template };
}

/** The initial text of a campaign for a contact, as SendService.sendInitial sends it. */
export function renderInitialText(org: Pick<Org, 'name' | 'defaultLocale'>, campaign: Campaign, contact: Contact, texterName: string): RenderedText {
  const script = scriptFor(campaign, contact.language, org.defaultLocale);
  if (!script) return { ok: false, reason: 'engine:send.no_script', params: {} };
  return renderForContact(script.initial, contact, texterName, org, 'engine:send');
}
