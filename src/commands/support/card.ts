// Builds the contact card for a claim: the next contact, its text rendered exactly as the Send
// press will render it (same script choice, same merge fields, same trim), and the position.
import type { ClaimCard } from '../../core/assignments/claim-service.js';
import { scriptFor } from '../../core/campaigns/campaign-lint.js';
import type { Campaign } from '../../core/model/campaign.js';
import type { Contact } from '../../core/model/contact.js';
import type { Member, Org } from '../../core/model/org.js';
import { renderTemplate } from '../../core/scripts/template.js';
import { MAX_SMS_CHARACTERS, segmentInfo } from '../../core/scripts/segments.js';
import type { View } from '../../core/views/view.js';
import { claimFinishedView, contactCardView, type CardPreview } from '../views/contact-card.js';
import type { Ctx } from './results.js';

/** The initial text for this contact as SendService.sendInitial will build it. */
export function previewInitial(org: Org, campaign: Campaign, contact: Contact, texter: Member): CardPreview {
  const script = scriptFor(campaign, contact.language, org.defaultLocale);
  if (!script) return { ok: false, key: 'engine:send.no_script', params: {} };
  const rendered = renderTemplate(script.initial, {
    ...contact.customFields,
    firstName: contact.firstName,
    lastName: contact.lastName,
    texterName: texter.displayName,
    orgName: org.name,
  });
  if (!rendered.ok) {
    return rendered.error
      ? { ok: false, key: 'engine:send.template_error', params: { error: rendered.error } }
      : { ok: false, key: 'engine:send.missing_fields', params: { fields: rendered.missing.join(', ') } };
  }
  const text = rendered.text.trim();
  if (text.length > MAX_SMS_CHARACTERS) return { ok: false, key: 'engine:send.too_long', params: { max: MAX_SMS_CHARACTERS } };
  const seg = segmentInfo(text);
  return { ok: true, text, segments: seg.segments, encoding: seg.encoding, characters: seg.characters };
}

/** The card to show for a claim: the next contact, or "batch finished". */
export async function cardView(ctx: Ctx, card: ClaimCard, notice?: string): Promise<View> {
  const campaign = await ctx.services.store.campaigns.get(ctx.org.id, card.claim.campaignId);
  const campaignName = campaign?.name ?? '';
  if (!card.next || !campaign) {
    return claimFinishedView(ctx.t, { campaignId: card.claim.campaignId, campaignName, total: card.position.total, ...(notice ? { notice } : {}) });
  }
  return contactCardView(ctx.t, {
    campaignName,
    claimId: card.claim.id,
    contact: card.next,
    preview: previewInitial(ctx.org, campaign, card.next, ctx.member),
    position: card.position,
    ...(notice ? { notice } : {}),
  });
}
