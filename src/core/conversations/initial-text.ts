// The texts a volunteer sends, rendered in one place, so the contact card shows exactly what the
// Send press will send (same script choice, same merge fields, same trim, same limit).
import type { Campaign, VariantId } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import { hasSender, type Org } from '../model/org.js';
import { carriesDisclaimer, disclaimerText, isFloridaContact } from '../compliance/florida.js';
import { renderTemplate, type TemplateLinks } from '../scripts/template.js';
import { answerFields } from '../followups/answer-fields.js';
import { scriptFor } from '../campaigns/campaign-lint.js';
import { initialTemplateFor } from '../scripts/variants.js';
import type { EngineReason, Params } from '../campaigns/result.js';
import { MAX_SMS_CHARACTERS } from '../scripts/segments.js';
import { overLimit } from './text-limits.js';

/**
 * Merge fields of one contact: its custom columns, its survey answers as `{answer.<question>}`
 * (labels; a follow-up carries the answers of its source), then the standard fields (which win).
 */
export function mergeFieldsFor(
  contact: Pick<Contact, 'customFields' | 'firstName' | 'lastName'> & Partial<Pick<Contact, 'surveyAnswers'>>,
  texterName: string,
  orgName: string,
  campaign?: Pick<Campaign, 'disclaimer'> & Partial<Pick<Campaign, 'survey'>>,
): Record<string, string> {
  // {disclaimer} (R3.3) is a field only when the campaign has one, so an unset one reads as missing.
  const disclaimer = disclaimerText(campaign?.disclaimer);
  const answers = campaign?.survey && contact.surveyAnswers ? answerFields(campaign.survey, contact.surveyAnswers) : {};
  return { ...contact.customFields, ...answers, firstName: contact.firstName, lastName: contact.lastName, texterName, orgName, ...(disclaimer ? { disclaimer } : {}) };
}

/** `template` is what was rendered (the script hash of the audit row, R5.3, is taken over it). */
export type RenderedText = { ok: true; text: string; template: string; variant?: VariantId } | { ok: false; reason: EngineReason; params: Params };

/** Renders a template for a contact; `prefix` names the reason keys (`engine:send` or `engine:reply`). */
export function renderForContact(
  template: string,
  contact: Contact,
  texterName: string,
  org: Pick<Org, 'name'>,
  prefix: 'engine:send' | 'engine:reply',
  campaign?: Pick<Campaign, 'disclaimer'> & Partial<Pick<Campaign, 'survey'>>,
  links?: TemplateLinks,
): RenderedText {
  const rendered = renderTemplate(template, mergeFieldsFor(contact, texterName, org.name, campaign), links);
  if (!rendered.ok) {
    return rendered.error
      ? { ok: false, reason: `${prefix}.template_error`, params: { error: rendered.error } }
      : { ok: false, reason: `${prefix}.missing_fields`, params: { fields: rendered.missing.join(', ') } };
  }
  const text = rendered.text.trim();
  if (overLimit(text)) return { ok: false, reason: `${prefix}.too_long`, params: { max: MAX_SMS_CHARACTERS } };
  return { ok: true, text, template };
}

/**
 * The initial text of a campaign for a contact, as SendService.sendInitial sends it, or why it
 * may not go: the org has no sender of its own (a sender belongs to one org), or the voter is in
 * Florida and the text lacks the campaign's "Paid for by" disclaimer or its link (R3.3).
 * `links` are the contact's own tracked links (LinkService.forInitial), made before the card shows
 * them, so the card and the press render the same text; a `{link:...}` without one does not render.
 */
export function renderInitialText(org: Pick<Org, 'name' | 'defaultLocale' | 'sms'>, campaign: Campaign, contact: Contact, texterName: string, links: TemplateLinks = {}): RenderedText {
  if (!hasSender(org)) return { ok: false, reason: 'engine:org.no_sender', params: {} };
  const script = scriptFor(campaign, contact.language, org.defaultLocale);
  if (!script) return { ok: false, reason: 'engine:send.no_script', params: {} };
  // The A/B variant stored on the contact at claim (the card and the press render the same one).
  const chosen = initialTemplateFor(script, contact.variant);
  const rendered = renderForContact(chosen.template, contact, texterName, org, 'engine:send', campaign, links);
  if (rendered.ok && isFloridaContact(contact) && !carriesDisclaimer(rendered.text, campaign.disclaimer)) {
    return { ok: false, reason: 'engine:send.florida_disclaimer', params: {} };
  }
  return rendered.ok && chosen.variant ? { ...rendered, variant: chosen.variant } : rendered;
}
