// Send press (R5.2: one press = one text to the one contact shown) and the card's side exits.
// DESIGN "Lifecycle of one text" step 2: every check, then assigned -> messaged atomically, the
// Message stored `queued`, then `sms.send` enqueued with the message id as job id (Outbox).
import type { Claim, Contact } from '../model/contact.js';
import { initialsPaused, type Member, type Org } from '../model/org.js';
import type { Campaign } from '../model/campaign.js';
import type { Message } from '../model/message.js';
import type { Platform } from '../model/common.js';
import { checkFrequency, DEFAULT_FREQUENCY_CAPS, segmentInfo, validityPeriodSeconds } from '../rules.js';
import { isOrganizer, loadActor } from '../campaigns/access.js';
import { bumpTally, enqueueSend, tallyKey, tallyScope, type EngineDeps } from '../campaigns/engine-deps.js';
import { bumpHourly } from '../stats/hourly.js';
import { fail, isFailure, type Failure } from '../campaigns/result.js';
import { WindowCache } from '../campaigns/texting-hours.js';
import type { ClaimCard, ClaimService } from '../assignments/claim-service.js';
import { recordOptOut } from './opt-out.js';
import { senderOf } from './sender.js';
import { pressAuditEvent } from './press-audit.js';
import { bumpVariant } from '../stats/variant-tallies.js';
import { renderInitialText } from './initial-text.js';
import { scriptFor } from '../campaigns/campaign-lint.js';
import { messageMedia } from '../media/outbound.js';
import { LinkService } from '../links/link-service.js';
import { continueConversation } from '../followups/continue-conversation.js';

/** Where the press came from (R5.3 audit fields). */
export interface PressContext {
  platform: Platform;
  /** Slack workspace / Discord guild id. */
  workspaceId?: string;
  channelId?: string;
  platformUserId?: string;
  /** The platform's timestamp of the interaction. */
  platformTs?: string;
  /** When our server received it (defaults to now). */
  receivedAt?: Date;
  signatureVerified?: boolean;
}

export interface SendInitialInput extends PressContext {
  orgId: string;
  claimId: string;
  contactId: string;
  /** Member id of the person who pressed. */
  pressedBy: string;
  /** R5.2(b) idempotency key of the press. */
  interactionId: string;
}

export type SendFailure = Failure & { card?: ClaimCard; opensAt?: Date; retryAt?: Date; message?: Message };
export type SendInitialResult = {
  ok: true; message: Message; next: Contact | null; position: ClaimCard['position']; claim: Claim;
  /** A follow-up text that continued the voter's conversation (the chat layer posts it in the thread). */
  continued?: { conversationId: string; previousVolunteerId: string };
} | SendFailure;
export type CardActionResult = ({ ok: true } & ClaimCard) | SendFailure;
/** Wrong number from a conversation whose claim is gone has no card to show: `claim: null`. */
export type WrongNumberResult = CardActionResult | { ok: true; claim: null };

/** What finishing a stored first text knows of the press that found it (a Skip has no press context). */
type PressRef = { orgId: string; interactionId?: string } & Partial<PressContext>;

interface PressScope {
  actor: Member;
  claim: Claim;
  campaign: Campaign;
  org: Org;
}

export class SendService {
  /** Texting windows per contact window key, kept while they cannot change (R2.5 still holds at every press). */
  private readonly windows = new WindowCache();
  private readonly links: LinkService;

  constructor(
    private readonly deps: EngineDeps,
    private readonly claims: ClaimService,
  ) {
    this.links = new LinkService(deps);
  }

  /** The presser owns an active claim of an active campaign. */
  private async scope(orgId: string, claimId: string, by: string): Promise<PressScope | Failure> {
    const { store } = this.deps;
    const actor = await loadActor(store, orgId, by);
    if (isFailure(actor)) return actor;
    const claim = await store.claims.get(orgId, claimId);
    if (!claim) return fail('engine:claim.not_found');
    if (claim.volunteerId !== actor.id) return fail('engine:auth.not_your_claim');
    if (claim.status !== 'active') return fail('engine:claim.ended', { status: claim.status });
    const [campaign, org] = await Promise.all([store.campaigns.get(orgId, claim.campaignId), store.orgs.get(orgId)]);
    if (!campaign) return fail('engine:campaign.not_found');
    if (!org) return fail('engine:org.not_found');
    if (campaign.status === 'paused') return fail('engine:claim.campaign_paused', { slug: campaign.slug });
    if (campaign.status !== 'active') return fail('engine:claim.not_active', { slug: campaign.slug, status: campaign.status });
    return { actor, claim, campaign, org };
  }

  /** The contact must be `assigned` to this claim. */
  private async assigned(orgId: string, claim: Claim, contactId: string): Promise<Contact | Failure> {
    const contact = await this.deps.store.contacts.get(orgId, contactId);
    if (!contact || contact.campaignId !== claim.campaignId) return fail('engine:send.contact_not_found');
    // Left the batch after its first text (replied, opted out by STOP...): already sent. Left it
    // before any text (opted out from elsewhere, a landline found by a lookup, skipped): no text
    // ever went, so the volunteer is told it is no longer theirs, not that it was sent.
    if (contact.claimId === claim.id && contact.status !== 'assigned' && contact.status !== 'pending' && contact.messagedAt !== undefined) {
      return fail('engine:send.already_sent', { status: contact.status });
    }
    if (contact.claimId !== claim.id || contact.status !== 'assigned') return fail('engine:send.not_assigned');
    return contact;
  }

  /**
   * One press, one text (R5.2a). Checks in DESIGN order; a refusal sends nothing.
   * Order of writes (outbox): the Message is stored `queued` first, then the contact moves
   * assigned -> messaged, then `sms.send` is enqueued. A contact has at most one first text
   * (unique in the store), so a crash anywhere in between loses nothing and never sends twice:
   * the stored message is dispatched by the sweeper, and the volunteer's next press on the card
   * (the contact is still `assigned`) finds it and finishes the move instead of writing another.
   * 20 concurrent presses on one card: one stores the message, the others answer 'already_sent'.
   */
  async sendInitial(input: SendInitialInput): Promise<SendInitialResult> {
    const { store, clock } = this.deps;
    const { orgId } = input;
    const s = await this.scope(orgId, input.claimId, input.pressedBy);
    if (isFailure(s)) return s;
    const { actor, claim, campaign, org } = s;
    // Organizers paused first texts org-wide: no new initial goes out (replies keep flowing).
    if (initialsPaused(org)) return fail('engine:send.initials_paused');
    // This campaign's first texts are paused (deliverability guardrail or an organizer) until Resume.
    if (campaign.initialsPause?.paused) return fail('engine:send.campaign_initials_paused', { slug: campaign.slug });
    const contact = await this.assigned(orgId, claim, input.contactId);
    if (isFailure(contact)) return contact;
    // A first text already stored for this contact (an earlier press that crashed, or one racing
    // this press): finish that one; never write a second.
    const stored = await store.messages.findInitial(orgId, contact.id);
    if (stored) return this.finishStored(s, contact, stored, input);
    const now = clock.now();

    // R1.2: org-wide suppression, checked before every send.
    if (await store.optOuts.isOptedOut(orgId, contact.phone)) {
      await store.contacts.transition(orgId, contact.id, ['assigned'], 'opted_out', now);
      return { ...fail('engine:send.opted_out'), card: await this.claims.advance(claim) };
    }
    // R2.5: the window is checked on the server at the press.
    const window = this.windows.forContact(org, campaign, contact, now);
    if (!window.allowed) {
      return { ...fail('engine:send.outside_hours', { opensAt: window.opensAt?.toISOString() ?? '' }), ...(window.opensAt ? { opensAt: window.opensAt } : {}) };
    }
    // R6.3 frequency caps across the org's campaigns.
    const history = await store.messages.initialsToPhone(orgId, contact.phone, new Date(now.getTime() - 7 * 86_400_000));
    const caps = { ...DEFAULT_FREQUENCY_CAPS, ...(org.textingPolicy.frequency ?? {}) };
    const freq = checkFrequency(history.map((h) => ({ ...h, initial: true })), { campaignId: campaign.id, at: now }, caps);
    if (!freq.ok) {
      // A press racing another press of the same card sees the winner's text in the history:
      // that is "already sent", not "texted too often".
      const raced = await this.lostRace(s, contact, input);
      if (raced) return raced;
      return { ...fail('engine:send.frequency_cap', { rule: freq.reason, retryAt: freq.retryAt?.toISOString() ?? '' }), ...(freq.retryAt ? { retryAt: freq.retryAt } : {}) };
    }
    // The script renders with no missing field.
    // The contact's own tracked links (the same codes its card showed).
    const links = await this.links.forInitial(org, campaign, contact);
    const rendered = renderInitialText(org, campaign, contact, actor.displayName, links);
    if (!rendered.ok) return fail(rendered.reason, rendered.params);
    const body = rendered.text;
    // MMS: the language's attached image or contact card goes with the first text.
    const mms = messageMedia(this.deps.config.mediaBaseUrl, scriptFor(campaign, contact.language, org.defaultLocale)?.media);
    if (mms === null) return fail('engine:send.media_unavailable');

    const sender = senderOf(org);
    // A follow-up's voter who was already in a conversation: this text continues it (and its thread).
    const continued = contact.followUpOf ? await continueConversation(store, contact, actor.id, now) : null;
    const conversation = await store.conversations.upsertForContact(orgId, {
      orgId,
      campaignId: campaign.id,
      contactId: contact.id,
      volunteerId: actor.id,
      voterPhone: contact.phone,
      ...(sender.orgNumber ? { orgNumber: sender.orgNumber } : {}),
      lastMessageAt: now,
      lastDirection: 'outbound',
    });
    const seg = segmentInfo(body, { mms: Boolean(mms) });
    const validityPeriod = validityPeriodSeconds(window, now);
    const created = await store.messages.create(orgId, {
      orgId,
      campaignId: campaign.id,
      contactId: contact.id,
      conversationId: conversation.id,
      direction: 'outbound',
      kind: 'initial',
      voterPhone: contact.phone,
      ...(sender.orgNumber ? { orgNumber: sender.orgNumber } : {}),
      body,
      segments: seg.segments,
      encoding: seg.encoding,
      status: 'queued',
      sentBy: actor.id,
      pressedAt: now,
      interactionId: input.interactionId,
      ...(mms ? { media: mms } : {}),
      ...(validityPeriod > 0 ? { validityPeriod } : {}),
      ...(rendered.variant ? { variant: rendered.variant } : {}),
    });
    if (!created.created) {
      // R5.2(b): this interaction already sent a text to another card: send nothing.
      if (created.duplicate === 'interactionId' && created.message.contactId !== contact.id) {
        return { ...fail('engine:send.duplicate_interaction'), message: created.message };
      }
      // A racing press (or a redelivery of this one) stored this contact's text first.
      return this.finishStored(s, contact, created.message, input);
    }
    const message = created.message;

    // Exactly once: assigned -> messaged. Whoever moves the contact records the press.
    const marked = await store.contacts.markMessaged(orgId, contact.id, claim.id, now);
    if (marked.ok) {
      await this.recordPress(s, contact, message, input, now, { template: rendered.template, validityPeriod });
    } else if (marked.reason === 'not_assigned') {
      // The batch lost the contact between the check and now (released or expired meanwhile).
      // The press stands (its text is stored and will go out): the contact is messaged wherever it is.
      const moved = await store.contacts.transition(orgId, contact.id, ['pending', 'assigned'], 'messaged', now, { lastMessageAt: now, volunteerId: actor.id });
      if (!moved) {
        // It left for a side exit (opted out, skipped, wrong number): the text must not go out.
        if (await store.messages.applyStatus(orgId, message.id, 'failed', now, 'not_assigned')) this.deps.metrics?.textStatus('failed', 'not_assigned');
        return fail('engine:send.not_assigned');
      }
      await this.recordPress(s, contact, message, input, now, { template: rendered.template, validityPeriod });
    }
    await enqueueSend(this.deps, message);
    await store.claims.touch(orgId, claim.id, now);
    const card = await this.claims.advance({ ...claim, lastActivityAt: now });
    return {
      ok: true, message, next: card.next, position: card.position, claim: card.claim,
      ...(continued ? { continued: { conversationId: continued.conversation.id, previousVolunteerId: continued.previousVolunteerId } } : {}),
    };
  }

  /**
   * A frequency refusal for a press that lost a race: the contact left `assigned` (the winner
   * moved it) or its first text is stored. Null when the refusal is a real one.
   */
  private async lostRace(s: PressScope, contact: Contact, input: SendInitialInput): Promise<SendFailure | null> {
    const again = await this.assigned(input.orgId, s.claim, contact.id);
    if (isFailure(again)) return again;
    const stored = await this.deps.store.messages.findInitial(input.orgId, contact.id);
    return stored ? this.finishStored(s, contact, stored, input) : null;
  }

  /**
   * The contact's first text is already stored. Completes what the press that stored it may not
   * have done (it crashed, or is still running): assigned -> messaged (and the R5.3 row and
   * counters, only when this call made that move), and the send is enqueued again while the
   * message is still `queued` (job id = message id; the worker's atomic queued -> sending keeps
   * it to one text). Sends nothing new: the answer is 'already_sent' with the current card.
   */
  private async finishStored(s: PressScope, contact: Contact, message: Message, input: PressRef): Promise<SendFailure> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const marked = await store.contacts.markMessaged(input.orgId, contact.id, s.claim.id, now);
    if (marked.ok) {
      const rendered = renderInitialText(s.org, s.campaign, contact, s.actor.displayName, await this.links.forInitial(s.org, s.campaign, contact));
      await this.recordPress(s, contact, message, input, now, {
        template: rendered.ok ? rendered.template : message.body,
        validityPeriod: message.validityPeriod ?? 0,
        recovered: true,
      });
      await store.claims.touch(input.orgId, s.claim.id, now);
    }
    if (message.status === 'queued') await enqueueSend(this.deps, message);
    const card = await this.claims.advance(marked.ok ? { ...s.claim, lastActivityAt: now } : s.claim);
    return { ...fail('engine:send.already_sent'), card, message };
  }

  /** The R5.3 audit row and the counters of one stored first text; called once per message. */
  private async recordPress(
    s: PressScope,
    contact: Contact,
    message: Message,
    input: PressRef,
    now: Date,
    how: { template: string; validityPeriod: number; recovered?: boolean },
  ): Promise<void> {
    const { store } = this.deps;
    const { orgId } = input;
    const event = pressAuditEvent({
      orgId, now, actor: s.actor, message, press: input.platform ? { ...input, platform: input.platform } : undefined, interactionId: message.interactionId ?? input.interactionId, contact, campaignId: s.campaign.id,
      template: how.template, edited: false, sender: senderOf(s.org), validityPeriod: how.validityPeriod, where: { claimId: s.claim.id },
    });
    // Completed by a later press after the storing one stopped: that press's id is kept too.
    await store.audit.append(how.recovered ? { ...event, data: { ...event.data, completedByInteractionId: input.interactionId ?? null } } : event);
    await store.campaigns.increment(orgId, s.campaign.id, { initials: 1 });
    await bumpTally(this.deps, orgId, tallyScope.volunteers(s.campaign.id), { [tallyKey(message.sentBy ?? s.actor.id, 'initials')]: 1 });
    await bumpHourly(this.deps, orgId, s.campaign.id, 'sent', now);
    await bumpVariant(this.deps, orgId, s.campaign.id, { variant: message.variant, language: contact.language }, 'sent');
  }

  /** Skip the contact on the card (side exit `skipped`); returns the next card. */
  async skip(orgId: string, claimId: string, contactId: string, by: string): Promise<CardActionResult> {
    const { store, clock } = this.deps;
    const s = await this.scope(orgId, claimId, by);
    if (isFailure(s)) return s;
    const contact = await this.assigned(orgId, s.claim, contactId);
    if (isFailure(contact)) return contact;
    // Send was pressed for this contact before (its process stopped before moving the contact):
    // that text stands, so the contact is messaged, not skipped.
    const stored = await store.messages.findInitial(orgId, contact.id);
    if (stored) return this.finishStored(s, contact, stored, { orgId });
    const now = clock.now();
    const moved = await store.contacts.transition(orgId, contactId, ['assigned'], 'skipped', now);
    if (!moved) return fail('engine:send.not_assigned');
    await store.claims.touch(orgId, claimId, now);
    await store.audit.append({
      orgId,
      at: now,
      actor: { type: 'member', id: s.actor.id, name: s.actor.displayName },
      action: 'contact.skipped',
      subject: { type: 'contact', id: contactId },
      data: { claimId, campaignId: s.claim.campaignId },
    });
    return { ok: true, ...(await this.claims.advance({ ...s.claim, lastActivityAt: now })) };
  }

  /**
   * "Wrong number" (R1.4a lists it as an opt-out phrase): org-wide suppression with source
   * 'volunteer' and rule 'wrong_number'; the contact goes to `opted_out` and is tagged
   * 'wrong_number' (decision: not `invalid`, which is for numbers that do not exist).
   * Allowed for the owner of the contact's claim or conversation, or an organizer.
   */
  async markWrongNumber(orgId: string, contactId: string, by: string): Promise<WrongNumberResult> {
    const { store, clock } = this.deps;
    const actor = await loadActor(store, orgId, by);
    if (isFailure(actor)) return actor;
    const contact = await store.contacts.get(orgId, contactId);
    if (!contact) return fail('engine:send.contact_not_found');
    const conversation = await store.conversations.findByContact(orgId, contactId);
    const owner = contact.volunteerId === actor.id || conversation?.volunteerId === actor.id;
    if (!owner && !isOrganizer(actor)) return fail('engine:auth.not_your_conversation');
    await recordOptOut(this.deps, {
      orgId,
      phone: contact.phone,
      source: 'volunteer',
      rule: 'wrong_number',
      by: actor.id,
      contactId,
      campaignId: contact.campaignId,
      ...(conversation ? { conversationId: conversation.id, volunteerId: conversation.volunteerId } : {}),
      actor: { type: 'member', id: actor.id, name: actor.displayName },
    });
    await store.contacts.addTag(orgId, contactId, 'wrong_number');
    if (!contact.claimId) return { ok: true, claim: null };
    const claim = await store.claims.get(orgId, contact.claimId);
    if (!claim) return { ok: true, claim: null };
    if (claim.status === 'active') await store.claims.touch(orgId, claim.id, clock.now());
    return { ok: true, ...(await this.claims.advance(claim)) };
  }
}
