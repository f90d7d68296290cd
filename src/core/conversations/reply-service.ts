// The volunteer's side of a conversation (DESIGN Lifecycle step 6): typed replies and canned
// replies go through the same checks as a Send press; survey answers, tags, reassignment and
// the one-press opt-out confirmation (R1.4b).
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Conversation } from '../model/conversation.js';
import type { Message } from '../model/message.js';
import type { Member, Org } from '../model/org.js';
import type { OptOut } from '../model/opt-out.js';
import { lintScript, segmentInfo, validityPeriodSeconds, type LintFinding } from '../rules.js';
import { messageMedia } from '../media/outbound.js';
import type { MediaRef } from '../media/media.js';
import { isOrganizer, loadActor } from '../campaigns/access.js';
import { textFor } from '../campaigns/campaign-lint.js';
import { bumpTally, enqueueSend, tallyKey, tallyScope, type EngineDeps } from '../campaigns/engine-deps.js';
import { fail, isFailure, type Failure } from '../campaigns/result.js';
import { WindowCache } from '../campaigns/texting-hours.js';
import { recordOptOut } from './opt-out.js';
import type { PressContext } from './send-service.js';
import { senderOf } from './sender.js';
import { pressAuditEvent } from './press-audit.js';
import { renderForContact } from './initial-text.js';
import { LinkService } from '../links/link-service.js';
import { SurveyTallies } from './survey-tallies.js';
import { publishClosed, recordAndReply, recordClosingOutcome, recordWrongNumber, type ClosingOutcome, type OutcomeResult, type RecordAndReplyResult } from './reply-outcomes.js';
import { eventId, publishEvent } from '../webhooks/publish.js';
import { sendReviewedOptOutConfirmation } from '../review/opt-out-confirmation.js';
import { claimPooledReplies, REPLY_CLAIM_LIMIT, type ClaimRepliesResult } from './reply-timers.js';

export interface ConversationScope {
  actor: Member;
  conversation: Conversation;
  campaign: Campaign;
  contact: Contact;
  org: Org;
}

export type ReplyResult = { ok: true; message: Message; duplicate: boolean } | (Failure & { findings?: LintFinding[]; opensAt?: Date });

export class ReplyService {
  private readonly tallies: SurveyTallies;
  private readonly links: LinkService;
  /** Texting windows per contact window key while they cannot change (R2.5 at every reply). */
  private readonly windows = new WindowCache();

  constructor(private readonly deps: EngineDeps) {
    this.tallies = new SurveyTallies(deps);
    this.links = new LinkService(deps);
  }

  /** A volunteer takes waiting conversations from the campaign's reply pool; their reply timers start again from now. */
  async claimPooled(orgId: string, campaignId: string, by: string, limit = REPLY_CLAIM_LIMIT): Promise<ClaimRepliesResult> {
    return claimPooledReplies(this.deps, orgId, campaignId, by, limit);
  }

  /** The conversation, for its volunteer or an organizer of the same org. */
  async scope(orgId: string, conversationId: string, by: string, needed: 'owner_or_organizer' | 'organizer' = 'owner_or_organizer'): Promise<ConversationScope | Failure> {
    const { store } = this.deps;
    const actor = await loadActor(store, orgId, by, needed === 'organizer' ? 'organizer' : 'volunteer');
    if (isFailure(actor)) return actor;
    const conversation = await store.conversations.get(orgId, conversationId);
    if (!conversation) return fail('engine:conversation.not_found');
    if (conversation.volunteerId !== actor.id && !isOrganizer(actor)) return fail('engine:auth.not_your_conversation');
    const [campaign, contact, org] = await Promise.all([
      store.campaigns.get(orgId, conversation.campaignId),
      store.contacts.get(orgId, conversation.contactId),
      store.orgs.get(orgId),
    ]);
    if (!campaign || !contact) return fail('engine:conversation.not_found');
    if (!org) return fail('engine:org.not_found');
    return { actor, conversation, campaign, contact, org };
  }

  /** A reply the volunteer typed (in the thread). Merge fields are allowed and must all resolve. */
  async reply(orgId: string, conversationId: string, text: string, by: string, interactionId?: string, press?: PressContext): Promise<ReplyResult> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    return this.send(s, text, 'reply', interactionId, press);
  }

  /** A canned reply button: its text in the contact's language (else the org default, else any). */
  async replyCanned(orgId: string, conversationId: string, cannedId: string, by: string, interactionId: string, press?: PressContext): Promise<ReplyResult> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    const canned = s.campaign.cannedReplies.find((c) => c.id === cannedId);
    if (!canned) return fail('engine:campaign.unknown_canned', { id: cannedId });
    const text = textFor(canned.text, s.contact.language, s.org.defaultLocale);
    if (!text) return fail('engine:reply.no_text');
    return this.send(s, text, 'canned', interactionId, press, canned.media);
  }

  /** Sends a survey answer's suggested reply as is (kind 'survey'); one press, one text. */
  async replySurvey(orgId: string, conversationId: string, questionId: string, answerId: string, by: string, interactionId: string, press?: PressContext): Promise<ReplyResult> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    const answer = s.campaign.survey.find((q) => q.id === questionId)?.answers.find((a) => a.id === answerId);
    if (!answer) return fail('engine:campaign.unknown_answer', { answerId });
    const text = textFor(answer.reply, s.contact.language, s.org.defaultLocale);
    if (!text) return fail('engine:reply.no_text');
    return this.send(s, text, 'survey', interactionId, press);
  }

  /** One press: record the survey answer and send its reply text (or record only when it has none). */
  async recordAndReply(orgId: string, conversationId: string, questionId: string, answerId: string, by: string, interactionId: string, press?: PressContext): Promise<RecordAndReplyResult> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    return recordAndReply(s, this.tallies, (sc, text, kind, id, p) => this.send(sc, text, kind, id, p as PressContext | undefined), { questionId, answerId, interactionId, press });
  }

  /** One press: deceased, moved or already voted (tag, outcome, closed; no text). */
  async recordOutcome(orgId: string, conversationId: string, outcome: ClosingOutcome, by: string, interactionId?: string): Promise<OutcomeResult> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    return recordClosingOutcome(this.deps, s, outcome, interactionId);
  }

  /** One press: wrong number (opt-out, tag, outcome, closed) and the campaign's wrong-number reply, if it has one. */
  async wrongNumber(orgId: string, conversationId: string, by: string, interactionId: string, press?: PressContext): Promise<OutcomeResult> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    return recordWrongNumber(this.deps, s, (sc, text, kind, id, p) => this.send(sc, text, kind, id, p as PressContext | undefined), { interactionId, press });
  }

  private async send(s: ConversationScope, template: string, kind: 'reply' | 'canned' | 'survey' | 'opt_out_confirmation', interactionId: string | undefined, press: PressContext | undefined, media?: MediaRef): Promise<ReplyResult> {
    const { store, clock } = this.deps;
    const { actor, conversation, campaign, contact, org } = s;
    const orgId = org.id;
    if (campaign.status === 'archived') return fail('engine:campaign.archived', { slug: campaign.slug });
    // Closed by a press (deceased, moved, already voted, wrong number): only a new voter text reopens it.
    if (conversation.closedAt) return fail('engine:conversation.closed');
    if (contact.status === 'invalid' || contact.status === 'landline') return fail('engine:reply.closed', { status: contact.status });
    if (template.trim() === '') return fail('engine:reply.empty');
    if (await store.optOuts.isOptedOut(orgId, contact.phone)) return fail('engine:reply.opted_out'); // R1.2
    // Tracked links in a quick reply, a survey reply or a typed `{link:...}`: the voter's own link.
    const links = await this.links.forReply(orgId, campaign.id, contact.id, template);
    const rendered = renderForContact(template, contact, actor.displayName, org, 'engine:reply', campaign, links);
    if (!rendered.ok) return fail(rendered.reason, rendered.params);
    const body = rendered.text;
    // R3.5 shorteners (and any other error finding) block a typed text too.
    const findings = lintScript(body, { orgName: org.name, isFirstMessage: false, lang: contact.language });
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) return { ...fail('engine:reply.lint_errors', { count: errors.length, rules: [...new Set(errors.map((f) => f.rule))].join(', ') }), findings: errors };
    const now = clock.now();
    const window = this.windows.forContact(org, campaign, contact, now);
    if (!window.allowed) {
      return { ...fail('engine:reply.outside_hours', { opensAt: window.opensAt?.toISOString() ?? '' }), ...(window.opensAt ? { opensAt: window.opensAt } : {}) };
    }
    // MMS: a quick reply's attached image or contact card goes with it.
    const mms = messageMedia(this.deps.config.mediaBaseUrl, media);
    if (mms === null) return fail('engine:send.media_unavailable');
    const seg = segmentInfo(body, { mms: Boolean(mms) });
    const sender = senderOf(org);
    const validityPeriod = validityPeriodSeconds(window, now);
    const created = await store.messages.create(orgId, {
      orgId,
      campaignId: campaign.id,
      contactId: contact.id,
      conversationId: conversation.id,
      direction: 'outbound',
      kind,
      voterPhone: contact.phone,
      ...(sender.orgNumber ? { orgNumber: sender.orgNumber } : {}),
      body,
      segments: seg.segments,
      encoding: seg.encoding,
      status: 'queued',
      sentBy: actor.id,
      pressedAt: now,
      ...(interactionId ? { interactionId } : {}),
      ...(mms ? { media: mms } : {}),
      ...(validityPeriod > 0 ? { validityPeriod } : {}),
    });
    if (!created.created) return { ok: true, message: created.message, duplicate: true }; // R5.2(b)
    const message = created.message;
    await enqueueSend(this.deps, message);
    await store.audit.append(
      pressAuditEvent({
        orgId, now, actor, message, press, interactionId, contact, campaignId: campaign.id,
        template, edited: kind === 'reply', sender, validityPeriod, where: { conversationId: conversation.id },
      }),
    );
    await store.conversations.touch(orgId, conversation.id, now, 'outbound');
    await store.contacts.transition(orgId, contact.id, ['needs_reply'], 'replied', now, { lastMessageAt: now });
    await bumpTally(this.deps, orgId, tallyScope.volunteers(campaign.id), { [tallyKey(actor.id, 'replies')]: 1 });
    return { ok: true, message, duplicate: false };
  }

  /** Records a survey answer; returns the next question and the suggested reply (never sent by itself). */
  async answer(orgId: string, conversationId: string, questionId: string, answerId: string, by: string) {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    return this.tallies.answer(s, questionId, answerId);
  }

  async tag(orgId: string, conversationId: string, tagId: string, by: string): Promise<{ ok: true } | Failure> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    if (!s.campaign.tags.some((t) => t.id === tagId)) return fail('engine:campaign.unknown_tag', { id: tagId });
    await this.deps.store.contacts.addTag(orgId, s.contact.id, tagId);
    await this.auditMember(s, 'contact.tagged', { tagId });
    await publishEvent(this.deps, {
      id: eventId.tagAdded(s.contact.id, tagId),
      type: 'tag.added',
      orgId,
      at: this.deps.clock.now(),
      campaignId: s.campaign.id,
      contactId: s.contact.id,
      data: { campaign: s.campaign.slug, conversationId, tagId, tag: s.campaign.tags.find((t) => t.id === tagId)?.label ?? tagId, by: s.actor.id },
    });
    return { ok: true };
  }

  /** Organizers only: give the conversation (and the voter's next replies) to another volunteer. */
  async reassign(orgId: string, conversationId: string, toVolunteerId: string, by: string): Promise<{ ok: true; conversation: Conversation } | Failure> {
    const s = await this.scope(orgId, conversationId, by, 'organizer');
    if (isFailure(s)) return s;
    const { store, clock } = this.deps;
    const target = await store.members.get(orgId, toVolunteerId);
    if (!target || target.orgId !== orgId) return fail('engine:reassign.not_member');
    await store.conversations.setVolunteer(orgId, conversationId, target.id);
    await store.contacts.transition(orgId, s.contact.id, [s.contact.status], s.contact.status, clock.now(), { volunteerId: target.id });
    await this.auditMember(s, 'conversation.reassigned', { from: s.conversation.volunteerId, to: target.id });
    return { ok: true, conversation: { ...s.conversation, volunteerId: target.id } };
  }

  /**
   * R1.4(b): the volunteer confirms a probable opt-out with one press. Org-wide suppression,
   * source 'volunteer'. No confirmation text is sent for these (decision: R1.6 allows one but
   * does not require it; the voter did not use a keyword). An organizer confirming it in the
   * review channel asks for it (`confirmation`): then the one confirmation goes out (R1.6).
   */
  async confirmOptOut(orgId: string, conversationId: string, by: string, opts: { confirmation?: boolean } = {}): Promise<{ ok: true; optOut: OptOut; created: boolean } | Failure> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    const { optOut, created } = await recordOptOut(this.deps, {
      orgId,
      phone: s.contact.phone,
      source: 'volunteer',
      rule: 'review:confirmed',
      by: s.actor.id,
      contactId: s.contact.id,
      campaignId: s.campaign.id,
      conversationId,
      volunteerId: s.conversation.volunteerId,
      actor: { type: 'member', id: s.actor.id, name: s.actor.displayName },
    });
    if (opts.confirmation) await sendReviewedOptOutConfirmation(this.deps, s, optOut);
    return { ok: true, optOut, created };
  }

  /** The reply was not an opt-out after all: clear the review flag. */
  async dismissOptOutReview(orgId: string, conversationId: string, by: string): Promise<{ ok: true } | Failure> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    await this.deps.store.conversations.setPendingOptOutReview(orgId, conversationId, false);
    await this.auditMember(s, 'optout.review_dismissed', {});
    return { ok: true };
  }

  /** Close the conversation (contact -> closed); a new voter text reopens it. Closing twice changes nothing. */
  async close(orgId: string, conversationId: string, by: string): Promise<{ ok: true } | Failure> {
    const s = await this.scope(orgId, conversationId, by);
    if (isFailure(s)) return s;
    const now = this.deps.clock.now();
    const closed = await this.deps.store.conversations.close(orgId, conversationId, 'done', now);
    if (!closed) return { ok: true };
    await this.deps.store.contacts.transition(orgId, s.contact.id, ['messaged', 'needs_reply', 'replied'], 'closed', now);
    await publishClosed(this.deps, s, closed, 'done', now, undefined);
    return { ok: true };
  }

  private async auditMember(s: ConversationScope, action: string, data: Record<string, unknown>): Promise<void> {
    await this.deps.store.audit.append({
      orgId: s.org.id,
      at: this.deps.clock.now(),
      actor: { type: 'member', id: s.actor.id, name: s.actor.displayName },
      action,
      subject: { type: 'conversation', id: s.conversation.id },
      data: { contactId: s.contact.id, campaignId: s.campaign.id, ...data },
    });
  }
}
