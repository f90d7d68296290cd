// Presses on the claim post and the contact card. Send is one press, one text (R5.2a): the
// engine checks that the presser owns the claim and the contact is still theirs, and the press's
// interaction id (from the platform, R5.2b) makes a repeated delivery send nothing. On success
// the card updates in place to the next contact; nothing ever sends without a press (R5.2c).
import { maskPhone } from '../../core/contacts/phone.js';
import type { ClaimCard } from '../../core/assignments/claim-service.js';
import type { SendFailure } from '../../core/conversations/send-service.js';
import type { Reply } from '../../core/views/view.js';
import { ACTION, CampaignValue, CardValue, ClaimValue } from '../actions.js';
import { claimBatch } from '../claim.js';
import { defineInteraction, type InteractionDefinition } from '../framework/definition.js';
import type { Services } from '../services.js';
import { cardView } from '../support/card.js';
import { refreshPost } from '../support/post.js';
import { postFollowUpInThread } from '../support/followup-thread.js';
import { failureReply, pressOf, type Ctx } from '../support/results.js';
import { sessionEndedView } from '../views/contact-card.js';

type Card = [string, string];

/** Refusals after which the volunteer should see the claim's current card again. */
const REFRESH: ReadonlySet<string> = new Set(['engine:send.already_sent', 'engine:send.duplicate_interaction', 'engine:send.not_assigned', 'engine:send.contact_not_found']);

async function update(ctx: Ctx, card: ClaimCard, notice?: string): Promise<Reply> {
  return { kind: 'update', view: await cardView(ctx, card, notice) };
}

/** A refusal: the error for the presser, plus the current card when it moved on meanwhile. */
async function refused(ctx: Ctx, claimId: string, failure: SendFailure): Promise<Reply[]> {
  const error = failureReply(ctx, failure);
  if (failure.card) return [await update(ctx, failure.card), error];
  if (REFRESH.has(failure.reason)) {
    const current = await ctx.services.engine.claims.show(ctx.org.id, claimId, ctx.member.id);
    if (current.ok && current.claim.volunteerId === ctx.member.id) return [await update(ctx, current), error];
  }
  return [error];
}

export const claimAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.claim,
  kind: 'action',
  role: 'volunteer',
  valueSchema: CampaignValue,
  handler: (ctx, campaignId) => claimBatch(ctx, campaignId, undefined, 'ephemeral'),
});

export const claimMoreAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.claimMore,
  kind: 'action',
  role: 'volunteer',
  valueSchema: CampaignValue,
  handler: (ctx, campaignId) => claimBatch(ctx, campaignId, undefined, 'update'),
});

export const sendAction: InteractionDefinition<Services, Card> = defineInteraction<Services, Card>({
  id: ACTION.send,
  kind: 'action',
  role: 'volunteer',
  valueSchema: CardValue,
  async handler(ctx, [claimId, contactId]) {
    const result = await ctx.services.engine.send.sendInitial({
      ...pressOf(ctx),
      orgId: ctx.org.id,
      claimId,
      contactId,
      pressedBy: ctx.member.id,
      interactionId: ctx.interactionId,
    });
    if (!result.ok) return refused(ctx, claimId, result);
    // The post's progress bar moves with each text; it is edited when a batch finishes (not on
    // every press, which would hit the platforms' edit rate limits).
    if (!result.next) await refreshPost(ctx.services, ctx.org.id, result.claim.campaignId);
    // A follow-up text that continued the voter's conversation shows in its thread too.
    if (result.continued) await postFollowUpInThread(ctx, result.message, result.continued);
    const notice = ctx.t('commands:card.sent_to', { phone: maskPhone(result.message.voterPhone) });
    return update(ctx, { claim: result.claim, next: result.next, position: result.position }, notice);
  },
});

export const skipAction: InteractionDefinition<Services, Card> = defineInteraction<Services, Card>({
  id: ACTION.skip,
  kind: 'action',
  role: 'volunteer',
  valueSchema: CardValue,
  async handler(ctx, [claimId, contactId]) {
    const result = await ctx.services.engine.send.skip(ctx.org.id, claimId, contactId, ctx.member.id);
    if (!result.ok) return refused(ctx, claimId, result);
    return update(ctx, result, ctx.t('commands:card.skipped'));
  },
});

export const wrongNumberAction: InteractionDefinition<Services, Card> = defineInteraction<Services, Card>({
  id: ACTION.wrongNumber,
  kind: 'action',
  role: 'volunteer',
  valueSchema: CardValue,
  async handler(ctx, [claimId, contactId]) {
    const result = await ctx.services.engine.send.markWrongNumber(ctx.org.id, contactId, ctx.member.id);
    if (!result.ok) return refused(ctx, claimId, result);
    const notice = ctx.t('commands:card.wrong_number_done');
    if (result.claim === null) return { kind: 'ephemeral', view: { text: notice, blocks: [{ type: 'section', text: notice }] } };
    return update(ctx, result, notice);
  },
});

export const endSessionAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.endSession,
  kind: 'action',
  role: 'volunteer',
  valueSchema: ClaimValue,
  async handler(ctx, claimId) {
    const result = await ctx.services.engine.claims.release(ctx.org.id, claimId, ctx.member.id);
    if (!result.ok) return failureReply(ctx, result);
    await refreshPost(ctx.services, ctx.org.id, result.claim.campaignId);
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, result.claim.campaignId);
    return { kind: 'update', view: sessionEndedView(ctx.t, { campaignId: result.claim.campaignId, campaignName: campaign?.name ?? '', released: result.released }) };
  },
});
