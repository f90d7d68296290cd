// Inbound texts (DESIGN Lifecycle step 5). The raw message and any opt-out are written to the
// store before receive() resolves, and the webhook answers 200 only after that (R1.4 "write to
// suppression synchronously"); posting into chat runs later from the `chat.notify` job.
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Conversation } from '../model/conversation.js';
import type { Lang } from '../model/common.js';
import type { Message } from '../model/message.js';
import type { Org } from '../model/org.js';
import { classifyInbound, maskPhone, normalizePhone, OPT_OUT_ES, segmentInfo, type InboundClassification } from '../rules.js';
import { inboundMediaUrl } from '../media/media.js';
import { senderKeys, type OrgSms } from '../model/org.js';
import { audit, enqueueSend, type EngineDeps } from '../campaigns/engine-deps.js';
import { fail, type Failure } from '../campaigns/result.js';
import { InboundJob, type ChatNotifyPayload } from './job-payloads.js';
import { recordOptOut } from './opt-out.js';
import { keywordRepliesOf, senderOf } from './sender.js';
import { clipText } from './text-limits.js';
import { noteVoterReply } from './voter-reply.js';
import { readInboundTriage } from '../triage/read-inbound.js';
import { scheduleReplyTimers } from './reply-timers.js';
import { eventId, publishEvent } from '../webhooks/publish.js';

/** R1.4(a) Spanish phrase rules (classify-inbound names): the confirmation then goes out in Spanish. */
const SPANISH_PHRASES: ReadonlySet<string> = new Set([
  'no_me_escriban', 'no_mas_mensajes', 'quitame_de_la_lista', 'borrame', 'dejen_de_escribir', 'dar_de_baja', 'numero_equivocado',
]);
const SPANISH_WORDS: ReadonlySet<string> = new Set([...OPT_OUT_ES, 'AYUDA']);

/** 'keyword:STOP' -> 'STOP', 'keyword_filler:ALTO' -> 'ALTO', 'phrase:borrame' -> 'borrame'. */
function ruleParts(rule: string | undefined): { type: string; value: string } {
  const at = rule?.indexOf(':') ?? -1;
  return rule && at > 0 ? { type: rule.slice(0, at), value: rule.slice(at + 1) } : { type: '', value: '' };
}

/** R1.6: the language of the inbound message: Spanish when its keyword/phrase was Spanish. */
export function inboundLang(c: InboundClassification, fallback: Lang): Lang {
  const { type, value } = ruleParts(c.rule);
  if ((type === 'keyword' || type === 'keyword_filler') && SPANISH_WORDS.has(value)) return 'es';
  if (type === 'phrase' && SPANISH_PHRASES.has(value)) return 'es';
  if ((type === 'keyword' || type === 'keyword_filler') && value !== '') return 'en';
  if (type === 'phrase') return 'en';
  return fallback;
}

export type ReceiveResult =
  | { ok: true; duplicate: boolean; message: Message; kind: InboundClassification['kind']; rule?: string; conversationId?: string }
  | Failure;

interface Route {
  org: Org;
  /** E.164 when the sender number normalized; else the raw sender (short code, alphanumeric). */
  phone: string;
  phoneValid: boolean;
  conversation: Conversation | null;
  campaign: Campaign | null;
  contact: Contact | null;
}

export class InboundService {
  constructor(private readonly deps: EngineDeps) {}

  private async voterMedia(orgId: string, items: InboundJob['media']): Promise<{ contentType: string; url: string }[]> {
    const out: { contentType: string; url: string }[] = [];
    for (const item of items ?? []) {
      const stored = await this.deps.store.media.createRemote(orgId, { contentType: item.contentType, remoteUrl: item.url });
      out.push({ contentType: item.contentType, url: inboundMediaUrl(this.deps.config.mediaBaseUrl ?? '', stored.id) });
    }
    return out;
  }

  /** The `sms.inbound` job. */
  async handle(payload: unknown): Promise<void> {
    await this.receive(InboundJob.parse(payload));
  }

  /**
   * Route, store, classify, act. A text is routed only by the exact sender it reached (the
   * Messaging Service and the To number) to the one org that owns it, never to another org: a
   * voter's STOP to org Two must never become org One's opt-out. When no org owns the sender
   * (or its service and number name different orgs), the text is kept as unrouted for an
   * operator, with a warning that names no phone, and its opt-out is applied to the org that
   * later takes that sender (adoptUnrouted), so it is never lost.
   */
  async receive(input: InboundJob): Promise<ReceiveResult> {
    const { store, clock } = this.deps;
    const p = InboundJob.parse(input);
    const route = await this.route(p.to, p.from, p.messagingServiceSid);
    if (!route) {
      await this.unrouted(p);
      return fail('engine:inbound.unknown_sender');
    }
    const { org, phone, conversation, contact } = route;
    const classification = classifyInbound(p.body, contact?.language ?? org.defaultLocale);
    const body = clipText(p.body);
    const seg = segmentInfo(body);
    // What the reply seems to mean (a suggestion; the opt-out decision above stays classifyInbound's),
    // stored with the text. A failed reading is no reading: the text is stored all the same.
    const triage = conversation && route.campaign ? await readInboundTriage(this.deps, { org, campaign: route.campaign, contact, text: body }) : undefined;
    // MMS: each item gets an unguessable id of ours; the message (and so the chat) holds only our proxy address.
    const media = await this.voterMedia(org.id, p.media);
    const created = await store.messages.create(org.id, {
      orgId: org.id,
      ...(conversation ? { campaignId: conversation.campaignId, contactId: conversation.contactId, conversationId: conversation.id } : {}),
      direction: 'inbound',
      kind: 'inbound',
      ...(media.length ? { media } : {}),
      ...(triage ? { triage } : {}),
      voterPhone: phone,
      orgNumber: p.messagingServiceSid ?? p.to,
      body,
      segments: seg.segments,
      encoding: seg.encoding,
      status: 'received',
      providerId: p.providerId,
    });
    const base = { kind: classification.kind, ...(classification.rule ? { rule: classification.rule } : {}), ...(conversation ? { conversationId: conversation.id } : {}) };
    if (!created.created) {
      // A webhook retry after a crash between storing the text and recording its opt-out: the
      // opt-out is idempotent (one record, one count, one confirmation), so apply it again.
      // Nothing else is replayed (an old START must never lift a newer STOP).
      if (classification.kind === 'opt_out') await this.optOut(route, created.message, classification);
      return { ok: true, duplicate: true, message: created.message, ...base };
    }
    const message = created.message;
    this.deps.metrics?.inbound(classification.kind, true);
    const now = clock.now();
    await audit(this.deps, {
      orgId: org.id,
      at: now,
      actor: { type: 'voter' },
      action: 'message.received',
      subject: { type: 'message', id: message.id },
      data: { providerId: p.providerId, phone, kind: classification.kind, rule: classification.rule ?? null, conversationId: conversation?.id ?? null, campaignId: conversation?.campaignId ?? null, receivedAt: p.at.toISOString() },
    });
    if (conversation) await store.conversations.touch(org.id, conversation.id, now, 'inbound');
    // A voter who writes again after a close (moved, already voted...) gets a volunteer again.
    if (conversation?.closedAt) await store.conversations.reopen(org.id, conversation.id);

    switch (classification.kind) {
      case 'opt_out':
        await this.optOut(route, message, classification);
        break;
      case 'opt_in':
        await this.optIn(org, phone, message, classification);
        break;
      case 'help':
        await this.help(route, classification);
        break;
      case 'probable_opt_out':
        if (conversation) await store.conversations.setPendingOptOutReview(org.id, conversation.id, true); // R1.4(b)
        await noteVoterReply(this.deps, route.contact, now);
        break;
      case 'message':
        // A/B positive answer: a triage "yes" counts only when the campaign has no survey (then the first question's first answer does).
        await noteVoterReply(this.deps, route.contact, now, { positive: triage?.intent === 'yes' && (route.campaign?.survey.length ?? 0) === 0, ...(triage ? { intent: triage.intent } : {}) });
        break;
    }
    await this.notify(route, message, classification);
    // A reply someone should answer starts the nudge and release timers (DESIGN: Reply pool).
    if (conversation && (classification.kind === 'message' || classification.kind === 'probable_opt_out')) {
      await scheduleReplyTimers(this.deps, org, conversation.id, message.id, now);
    }
    return { ok: true, duplicate: false, message, ...base };
  }

  /** The one org that owns the receiving sender; null when none does, or service and number disagree. */
  private async ownerOf(to: string, messagingServiceSid?: string): Promise<Org | null> {
    const { store } = this.deps;
    const byService = messagingServiceSid ? await store.orgs.findBySender({ messagingServiceSid }) : null;
    const byNumber = await store.orgs.findBySender({ number: to });
    if (byService && byNumber && byService.id !== byNumber.id) {
      this.deps.log.warn({ serviceOrgId: byService.id, numberOrgId: byNumber.id }, 'inbound text: its Messaging Service and its number belong to different orgs; kept unrouted');
      return null;
    }
    return byService ?? byNumber;
  }

  /** A text to a sender no org owns: kept (never any org's opt-out), and a warning with no phone. */
  private async unrouted(p: InboundJob): Promise<void> {
    const c = classifyInbound(p.body, 'en');
    const { created } = await this.deps.store.unroutedInbound.record({
      providerId: p.providerId,
      to: p.to,
      ...(p.messagingServiceSid ? { messagingServiceSid: p.messagingServiceSid } : {}),
      from: p.from,
      body: clipText(p.body),
      kind: c.kind,
      ...(c.rule ? { rule: c.rule } : {}),
      receivedAt: p.at,
    });
    if (created) this.deps.metrics?.inbound(c.kind, false);
    const normalized = normalizePhone(p.from, 'US', { allowNonUs: true });
    const from = normalized.ok ? maskPhone(normalized.e164) : '(not a phone number)';
    const fields = { to: p.to, messagingServiceSid: p.messagingServiceSid ?? null, from, providerId: p.providerId, kind: c.kind, duplicate: !created };
    if (c.kind === 'opt_out' || c.kind === 'probable_opt_out') {
      this.deps.log.warn(fields, 'OPT-OUT to a sender no org owns: kept as unrouted and applied to the org that takes this sender; give each org its own sender');
    } else {
      this.deps.log.warn(fields, 'inbound text to a sender no org owns: kept as unrouted');
    }
  }

  /**
   * An org took `sms`: opt-outs that voters sent to it while no org owned it become this org's
   * (R1.4: an opt-out is never lost; each is applied once). Returns how many were applied.
   */
  async adoptUnrouted(orgId: string, sms: OrgSms): Promise<number> {
    const { store } = this.deps;
    let applied = 0;
    for (const r of await store.unroutedInbound.listForSenders(senderKeys(sms))) {
      if (r.kind !== 'opt_out' || r.adoptedBy !== undefined) continue;
      const normalized = normalizePhone(r.from, 'US', { allowNonUs: true });
      if (!normalized.ok) continue;
      if (!(await store.unroutedInbound.markAdopted(r.id, orgId))) continue;
      await recordOptOut(this.deps, {
        orgId,
        phone: normalized.e164,
        source: r.rule?.startsWith('phrase:') ? 'phrase' : 'keyword',
        ...(r.rule ? { rule: r.rule } : {}),
        actor: { type: 'voter' },
      });
      applied += 1;
    }
    return applied;
  }

  private async route(to: string, from: string, messagingServiceSid?: string): Promise<Route | null> {
    const { store } = this.deps;
    const org = await this.ownerOf(to, messagingServiceSid);
    if (!org) return null;
    const normalized = normalizePhone(from, 'US', { allowNonUs: true });
    const phone = normalized.ok ? normalized.e164 : from;
    let conversation = normalized.ok ? await store.conversations.findLatestForPhone(org.id, phone) : null;
    let campaign = conversation ? await store.campaigns.get(org.id, conversation.campaignId) : null;
    if (!campaign || campaign.status === 'archived') {
      // Unknown number or archived campaign: stored org-level with no conversation ("unmatched").
      conversation = null;
      campaign = null;
    }
    const contact = conversation ? await store.contacts.get(org.id, conversation.contactId) : null;
    return { org, phone, phoneValid: normalized.ok, conversation, campaign, contact };
  }

  private async optOut(route: Route, message: Message, c: InboundClassification): Promise<void> {
    const { org, phone, conversation } = route;
    if (!route.phoneValid) {
      this.deps.log.warn({ orgId: org.id, messageId: message.id }, 'opt-out from a sender that is not a phone number; stored, not suppressed');
      return;
    }
    const source = c.rule?.startsWith('phrase:') ? 'phrase' : 'keyword';
    const { optOut } = await recordOptOut(this.deps, {
      orgId: org.id,
      phone,
      source,
      ...(c.rule ? { rule: c.rule } : {}),
      messageId: message.id,
      ...(conversation
        ? { contactId: conversation.contactId, campaignId: conversation.campaignId, conversationId: conversation.id, volunteerId: conversation.volunteerId }
        : {}),
      actor: { type: 'voter' },
    });
    // R1.6: at most one confirmation, in the inbound's language, unless the carrier already replied.
    const { config, store, clock } = this.deps;
    if (!config.sendOptOutConfirmation || this.carrierReplied(org, c)) return;
    if (!(await store.optOuts.markConfirmationSent(org.id, optOut.id, clock.now()))) return;
    const lang = inboundLang(c, route.contact?.language ?? org.defaultLocale);
    const text = org.optOutConfirmation[lang]?.trim() || this.deps.translate?.(lang, 'engine:sms.opt_out_confirmation', { orgName: org.name });
    if (!text) {
      this.deps.log.warn({ orgId: org.id }, 'no opt-out confirmation text (no org text and no translate function); none sent');
      return;
    }
    await this.sendAuto(route, 'opt_out_confirmation', text);
  }

  private async optIn(org: Org, phone: string, message: Message, c: InboundClassification): Promise<void> {
    const removed = await this.deps.store.optOuts.remove(org.id, phone);
    if (!removed) return;
    // R1.7: lifted only by START/UNSTOP from the same number, and logged. Contacts stay as they are.
    await audit(this.deps, {
      orgId: org.id,
      at: this.deps.clock.now(),
      actor: { type: 'voter' },
      action: 'optout.lifted',
      subject: { type: 'opt_out', id: removed.id },
      data: { phone, rule: c.rule ?? null, messageId: message.id, previousSource: removed.source, optedOutAt: removed.at.toISOString() },
    });
    await publishEvent(this.deps, {
      id: eventId.optOutLifted(removed.id),
      type: 'opt_out.lifted',
      orgId: org.id,
      at: this.deps.clock.now(),
      ...(message.campaignId ? { campaignId: message.campaignId } : {}),
      ...(message.contactId ? { contactId: message.contactId } : {}),
      data: { phone, source: 'voter', previousSource: removed.source, optOutId: removed.id },
    });
  }

  /** R1.9: org name, a contact point and opt-out instructions. */
  private async help(route: Route, c: InboundClassification): Promise<void> {
    const { org } = route;
    if (this.carrierReplied(org, c)) return;
    const lang = inboundLang(c, route.contact?.language ?? org.defaultLocale);
    const key = org.helpContact ? 'engine:sms.help' : 'engine:sms.help_no_contact';
    const text = this.deps.translate?.(lang, key, { orgName: org.name, helpContact: org.helpContact ?? '' });
    if (!text) {
      this.deps.log.warn({ orgId: org.id }, 'no translate function: HELP reply not sent');
      return;
    }
    await this.sendAuto(route, 'help_reply', text);
  }

  /**
   * True when the carrier already answered this single keyword (R1.6 MUST NOT send another): the
   * org's keyword replies are the carrier's (Twilio Advanced Opt-Out, R1.3) and the carrier knows
   * the word. Phrases and words it does not know still get Textbank's one reply.
   */
  private carrierReplied(org: Org, c: InboundClassification): boolean {
    const { type, value } = ruleParts(c.rule);
    return keywordRepliesOf(org, this.deps.config) === 'carrier' && type === 'keyword' && this.deps.config.carrierKeywords.includes(value);
  }

  private async sendAuto(route: Route, kind: 'opt_out_confirmation' | 'help_reply', text: string): Promise<void> {
    const { org, phone, conversation } = route;
    const body = clipText(text);
    const seg = segmentInfo(body);
    const sender = senderOf(org);
    const created = await this.deps.store.messages.create(org.id, {
      orgId: org.id,
      ...(conversation ? { campaignId: conversation.campaignId, contactId: conversation.contactId, conversationId: conversation.id } : {}),
      direction: 'outbound',
      kind,
      voterPhone: phone,
      ...(sender.orgNumber ? { orgNumber: sender.orgNumber } : {}),
      body,
      segments: seg.segments,
      encoding: seg.encoding,
      status: 'queued',
    });
    await enqueueSend(this.deps, created.message);
  }

  /**
   * `chat.notify` to the volunteer, or to organizers when the conversation has no volunteer who
   * still holds it. Decision: a claim that is active or completed (the volunteer finished their
   * batch) keeps its conversations; released/expired claims go to organizers to reassign. A
   * conversation reassigned away from the claim's volunteer always goes to its new volunteer.
   */
  private async notify(route: Route, message: Message, c: InboundClassification): Promise<void> {
    const { store } = this.deps;
    const { org, conversation, contact } = route;
    let audience: ChatNotifyPayload['audience'] = 'organizers';
    if (conversation && contact) {
      const claim = contact.claimId ? await store.claims.get(org.id, contact.claimId) : null;
      const reassigned = claim !== null && claim.volunteerId !== conversation.volunteerId;
      const holds = claim !== null && (claim.status === 'active' || claim.status === 'completed');
      const member = await store.members.get(org.id, conversation.volunteerId);
      // No claim at all: an organizer started it from the review channel and holds it.
      const started = !contact.claimId;
      if (member && (reassigned || holds || started)) audience = 'volunteer';
    }
    const payload: ChatNotifyPayload = {
      orgId: org.id,
      ...(conversation ? { conversationId: conversation.id } : {}),
      messageId: message.id,
      kind: c.kind,
      audience,
    };
    try {
      await this.deps.queue.enqueue('chat.notify', payload, { jobId: `chat.notify:${message.id}`, attempts: 5, backoff: { type: 'exponential', delayMs: 2_000 } });
    } catch (err) {
      this.deps.log.warn({ err, messageId: message.id }, 'chat.notify enqueue failed');
    }
  }
}
