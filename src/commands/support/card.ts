// Builds the contact card for a claim: the next contact, its text rendered exactly as the Send
// press will render it (same script choice, same merge fields, same trim), and the position.
import type { ClaimCard } from '../../core/assignments/claim-service.js';
import type { Campaign } from '../../core/model/campaign.js';
import type { Contact } from '../../core/model/contact.js';
import { initialsPaused, type Member, type Org } from '../../core/model/org.js';
import { segmentInfo } from '../../core/scripts/segments.js';
import { renderInitialText } from '../../core/conversations/initial-text.js';
import { scriptFor } from '../../core/campaigns/campaign-lint.js';
import type { TemplateLinks } from '../../core/scripts/template.js';
import type { View } from '../../core/views/view.js';
import { claimFinishedView, contactCardView, type CardPreview } from '../views/contact-card.js';
import type { EngineReason } from '../../core/campaigns/result.js';
import { readableFailureParams, type Ctx } from './results.js';

/**
 * The initial text for this contact as SendService.sendInitial will build it, with the contact's
 * own tracked links, so the text and its segment count are the ones that go out.
 */
export function previewInitial(org: Org, campaign: Campaign, contact: Contact, texter: Member, links: TemplateLinks = {}, mediaUrlOf?: (id: string) => string): CardPreview {
  const rendered = renderInitialText(org, campaign, contact, texter.displayName, links);
  if (!rendered.ok) return { ok: false, key: rendered.reason, params: rendered.params };
  const text = rendered.text;
  // The same attached media the Send press sends (the contact's language's first message).
  const media = scriptFor(campaign, contact.language, org.defaultLocale)?.media;
  const seg = segmentInfo(text, { mms: Boolean(media) });
  const url = media && mediaUrlOf ? mediaUrlOf(media.id) : undefined;
  return { ok: true, text, segments: seg.segments, encoding: seg.encoding, characters: seg.characters, ...(media ? { media: { contentType: media.contentType, ...(url ? { url } : {}) } } : {}) };
}

/** A preview that cannot render names its problem in words (a template error is a code). */
function readablePreview(ctx: Ctx, preview: CardPreview): CardPreview {
  if (preview.ok) return preview;
  return { ...preview, params: readableFailureParams(ctx.t, ctx.lang, { reason: preview.key as EngineReason, params: preview.params }) };
}

/** The card to show for a claim: the next contact, or "batch finished". */
export async function cardView(ctx: Ctx, card: ClaimCard, notice?: string): Promise<View> {
  const campaign = await ctx.services.store.campaigns.get(ctx.org.id, card.claim.campaignId);
  const campaignName = campaign?.name ?? '';
  if (!card.next || !campaign) {
    return claimFinishedView(ctx.t, { campaignId: card.claim.campaignId, campaignName, total: card.position.total, ...(notice ? { notice } : {}) });
  }
  // While first texts are paused org-wide, the card says so before anyone presses Send.
  const paused = [initialsPaused(ctx.org) ? ctx.t('replies:pause.card_notice') : '', campaign.initialsPause?.paused ? ctx.t('deliverability:notice.card') : ''];
  const shown = [...paused, notice].filter(Boolean).join('\n') || undefined;
  return contactCardView(ctx.t, {
    campaignName,
    claimId: card.claim.id,
    contact: card.next,
    preview: readablePreview(ctx, previewInitial(ctx.org, campaign, card.next, ctx.member, await ctx.services.engine.links.forInitial(ctx.org, campaign, card.next), ctx.services.media?.urlOf)),
    position: card.position,
    ...(shown ? { notice: shown } : {}),
  });
}
