// The `sms.send` worker, status callbacks and the outbox sweeper (DESIGN: Lifecycle steps 3-4,
// Outbox). The store is the source of truth: queued -> sending is atomic before the carrier is
// called, so a crash or a retry never sends twice; a lost job is found again by the sweeper.
import { bumpVariant } from '../stats/variant-tallies.js';
import { SmsError } from '../errors.js';
import type { Message, MessageStatus } from '../model/message.js';
import type { JobContext, SmsStatusReport } from '../ports.js';
import { smsErrorAction } from '../compliance/sms-errors.js';
import type { Org } from '../model/org.js';
import { textingWindow, validityPeriodSeconds, type TextingWindowResult } from '../rules.js';
import { audit, enqueueSend, type EngineDeps } from '../campaigns/engine-deps.js';
import { policyFor, WindowCache } from '../campaigns/texting-hours.js';
import { applyErrorAction, countFailure, failMessage, noteInitialOutcome } from './carrier-outcomes.js';
import { DeliverabilityGuardrail } from '../deliverability/guardrail.js';
import { isDailyCap } from '../deliverability/outcome.js';
import { CARRIER_STATUS_MAP, SendJob, StatusJob, SweepJob } from './job-payloads.js';
import { senderOf } from './sender.js';
import { eventId, publishEvent } from '../webhooks/publish.js';

/** Kinds that go out even to a suppressed phone: the one confirmation (R1.6) and HELP answers (R1.9). */
const SUPPRESSION_EXEMPT: ReadonlySet<Message['kind']> = new Set(['opt_out_confirmation', 'help_reply']);
/** Kinds a volunteer pressed: quiet hours apply at dispatch too (a sweep may run hours later). */
const WINDOWED: ReadonlySet<Message['kind']> = new Set(['initial', 'reply', 'canned', 'survey']);

/** Local failure codes (not the carrier's). */
export const LOCAL_CODES = {
  optedOut: 'opted_out_local',
  outsideWindow: 'outside_window',
  confirmationLate: 'confirmation_late',
  interrupted: 'interrupted',
} as const;

export type DispatchOutcome = 'sent' | 'not_queued' | 'blocked' | 'failed' | 'retry';

export class DispatchService {
  private readonly guardrail: DeliverabilityGuardrail;
  /** Texting windows per contact window key while they cannot change (every send job asks). */
  private readonly windows = new WindowCache();

  constructor(private readonly deps: EngineDeps) {
    this.guardrail = new DeliverabilityGuardrail(deps);
  }

  /** The `sms.send` job. Throws only to ask the queue for a retry (transient, before acceptance). */
  async handleSend(payload: unknown, ctx: Pick<JobContext, 'attempt'> = { attempt: 1 }): Promise<DispatchOutcome> {
    const { orgId, messageId } = SendJob.parse(payload);
    return this.dispatch(orgId, messageId, ctx.attempt);
  }

  async dispatch(orgId: string, messageId: string, attempt = 1): Promise<DispatchOutcome> {
    const { store, clock, sms, config } = this.deps;
    const message = await store.messages.claimForSending(orgId, messageId, clock.now());
    if (!message) return 'not_queued'; // another worker holds it, or it is past queued
    const org = await store.orgs.get(orgId);
    if (!org) {
      await failMessage(this.deps, message, 'org_missing', clock.now());
      return 'failed';
    }
    const now = clock.now();
    if (message.kind === 'opt_out_confirmation' && now.getTime() - message.createdAt.getTime() > config.confirmationMaxDelayMs) {
      await failMessage(this.deps, message, LOCAL_CODES.confirmationLate, now); // R1.6: drop it after 5 minutes
      return 'blocked';
    }
    // R1.2/R1.4: a STOP that arrived after the press blocks the send, with no carrier call.
    if (!SUPPRESSION_EXEMPT.has(message.kind) && (await store.optOuts.isOptedOut(orgId, message.voterPhone))) {
      await failMessage(this.deps, message, LOCAL_CODES.optedOut, now);
      if (message.contactId) await store.contacts.transition(orgId, message.contactId, ['assigned', 'messaged', 'needs_reply', 'replied'], 'opted_out', now);
      return 'blocked';
    }
    let validityPeriod = message.validityPeriod;
    if (WINDOWED.has(message.kind)) {
      const window = await this.windowOf(org, message, now);
      if (!window.allowed) {
        await failMessage(this.deps, message, LOCAL_CODES.outsideWindow, now); // never resent automatically (R5.2c)
        return 'blocked';
      }
      validityPeriod = validityPeriodSeconds(window, now);
    }

    const sender = senderOf(org);
    let providerId: string;
    let status: MessageStatus | undefined;
    try {
      const res = await sms.send({
        to: message.voterPhone,
        body: message.body,
        ...(sender.messagingServiceSid ? { messagingServiceSid: sender.messagingServiceSid } : sender.from ? { from: sender.from } : {}),
        ...(config.statusCallbackUrl ? { statusCallbackUrl: callbackUrlFor(config.statusCallbackUrl, message) } : {}),
        ...(validityPeriod && validityPeriod > 0 ? { validityPeriod } : {}),
        // MMS: the addresses stored at the press (our /media/<id>), fetched by the carrier.
        ...(message.direction === 'outbound' && message.media?.length ? { mediaUrls: message.media.map((m) => m.url) } : {}),
        idempotencyKey: message.id,
      });
      providerId = res.providerId;
      status = res.status;
    } catch (err) {
      // The store counts every queued -> sending move, so a sweeper-made job does not restart the count.
      return this.onSendError(message, err, Math.max(attempt, message.attempts));
    }

    const accepted = clock.now();
    await store.messages.setProviderId(orgId, message.id, providerId, accepted);
    if (message.campaignId) await store.campaigns.increment(orgId, message.campaignId, { sent: 1 });
    await audit(this.deps, {
      orgId,
      at: accepted,
      actor: { type: 'system' },
      action: 'message.sent',
      subject: { type: 'message', id: message.id },
      data: { providerId, kind: message.kind, attempt, messagingServiceSid: sender.messagingServiceSid ?? null, from: sender.from ?? null, validityPeriod: validityPeriod ?? null },
    });
    if (status) await this.applyToMessage({ ...message, providerId }, status, accepted);
    // R4.6: callbacks that arrived before we knew the provider id.
    for (const early of await store.earlyStatuses.take(providerId)) {
      await this.applyToMessage({ ...message, providerId }, early.status, early.at, early.errorCode);
    }
    return 'sent';
  }

  private async windowOf(org: Org, message: Message, now: Date): Promise<TextingWindowResult> {
    const { store } = this.deps;
    const contact = message.contactId ? await store.contacts.get(message.orgId, message.contactId) : null;
    const campaign = message.campaignId ? await store.campaigns.get(message.orgId, message.campaignId) : null;
    if (contact && campaign) return this.windows.forContact(org, campaign, contact, now);
    return textingWindow({ phone: message.voterPhone, at: now, policy: policyFor(org) });
  }

  private async onSendError(message: Message, err: unknown, attempt: number): Promise<DispatchOutcome> {
    const { store, clock, config } = this.deps;
    const code = err instanceof SmsError ? err.smsCode : 'transport';
    const action = smsErrorAction(err instanceof SmsError ? err.smsCode : undefined, err instanceof SmsError ? err.permanent : false);
    // A daily cap refused the text, not the voter's number nor its words: it waits for the next window.
    if (isDailyCap(code)) return this.holdForNextWindow(message, code);
    if (!action.permanent && attempt < config.sendAttempts) {
      // Not accepted by the carrier: back to queued, and the queue retries with backoff.
      await store.messages.requeue(message.orgId, message.id, clock.now(), code);
      this.deps.log.warn({ messageId: message.id, code, attempt }, 'sms send failed before the carrier accepted it; the queue retries');
      throw err;
    }
    if (await failMessage(this.deps, message, code, clock.now())) await this.guardrail.record(message, 'failed', code);
    await applyErrorAction(this.deps, message, code, action);
    return 'failed';
  }

  /**
   * The carrier refused the text for a daily cap (63038, 30023): back to `queued` and dispatched
   * again when the contact's next texting window opens (the press stands; it was never accepted,
   * so nothing is sent twice). The requeue is stamped with that opening, so the outbox sweeper
   * leaves the message alone until then.
   */
  private async holdForNextWindow(message: Message, code: string): Promise<DispatchOutcome> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const org = await store.orgs.get(message.orgId);
    const until = (org ? await this.nextOpening(org, message, now) : undefined) ?? new Date(now.getTime() + DAY_MS);
    await store.messages.requeue(message.orgId, message.id, until, code);
    await audit(this.deps, { orgId: message.orgId, at: now, actor: { type: 'system' }, action: 'message.held', subject: { type: 'message', id: message.id }, data: { code, until: until.toISOString() } });
    try {
      await this.deps.queue.enqueue('sms.send', { orgId: message.orgId, messageId: message.id }, {
        jobId: `${message.id}:held:${until.getTime()}`,
        delayMs: Math.max(0, until.getTime() - now.getTime()),
        attempts: this.deps.config.sendAttempts,
        backoff: { type: 'exponential', delayMs: this.deps.config.retryBackoffMs },
      });
    } catch (err) {
      this.deps.log.warn({ err, messageId: message.id }, 'held sms.send enqueue failed; the outbox sweeper finds the message when it is due');
    }
    this.deps.log.warn({ messageId: message.id, code, until: until.toISOString() }, 'carrier daily cap reached; the text waits for the next texting window');
    return 'retry';
  }

  /** When the contact's texting window opens next after the current one (tomorrow's, when it is open now). */
  private async nextOpening(org: Org, message: Message, now: Date): Promise<Date | undefined> {
    const current = await this.windowOf(org, message, now);
    if (!current.allowed) return current.opensAt;
    if (!current.closesAt) return undefined;
    const after = await this.windowOf(org, message, new Date(current.closesAt.getTime() + 60_000));
    return after.allowed ? undefined : after.opensAt;
  }

  /**
   * A status callback (the `sms.status` job, or the webhook directly). Unknown provider id: kept
   * as an early status and applied once the send records it (R4.6).
   */
  async applyStatus(input: StatusJob): Promise<'applied' | 'ignored' | 'early'> {
    const { store } = this.deps;
    const parsed = StatusJob.parse(input);
    const status = CARRIER_STATUS_MAP[parsed.status];
    if (!status) return 'ignored';
    let message = await store.messages.findByProviderId(parsed.providerId);
    if (!message && parsed.orgId && parsed.messageId) message = await this.adoptProviderId(parsed.orgId, parsed.messageId, parsed.providerId);
    if (!message) {
      await store.earlyStatuses.put(parsed.providerId, status, parsed.at, parsed.errorCode);
      // The send may have recorded the id between our lookup and the put: reconcile now.
      message = await store.messages.findByProviderId(parsed.providerId);
      if (!message) return 'early';
      for (const early of await store.earlyStatuses.take(parsed.providerId)) await this.applyToMessage(message, early.status, early.at, early.errorCode);
      return 'applied';
    }
    return (await this.applyToMessage(message, status, parsed.at, parsed.errorCode)) ? 'applied' : 'ignored';
  }

  /**
   * A callback names our message (its URL carried the id) but the send never recorded the
   * provider id: the worker died after the carrier accepted the text. Record it now, so the
   * message moves on from `sending` instead of being failed as interrupted.
   */
  private async adoptProviderId(orgId: string, messageId: string, providerId: string): Promise<Message | null> {
    const { store, clock } = this.deps;
    const message = await store.messages.get(orgId, messageId);
    if (!message || message.direction !== 'outbound' || message.providerId !== undefined) return null;
    await store.messages.setProviderId(orgId, message.id, providerId, clock.now());
    if (message.campaignId) await store.campaigns.increment(orgId, message.campaignId, { sent: 1 });
    return { ...message, providerId };
  }

  /** `text.delivered` / `text.failed` for a contact's first text (outgoing webhooks). */
  private async publishInitialOutcome(message: Message, status: 'delivered' | 'failed' | 'undelivered', at: Date, errorCode?: string): Promise<void> {
    if (!this.deps.events) return;
    const campaign = message.campaignId ? await this.deps.store.campaigns.get(message.orgId, message.campaignId).catch(() => null) : null;
    const delivered = status === 'delivered';
    await publishEvent(this.deps, {
      id: delivered ? eventId.textDelivered(message.id) : eventId.textFailed(message.id),
      type: delivered ? 'text.delivered' : 'text.failed',
      orgId: message.orgId,
      at,
      ...(message.campaignId ? { campaignId: message.campaignId } : {}),
      ...(message.contactId ? { contactId: message.contactId } : {}),
      data: { campaign: campaign?.slug ?? null, messageId: message.id, status, ...(delivered ? {} : { errorCode: errorCode ?? null }) },
    });
  }

  /** Forward only; counters and R4.7 actions exactly once (only when the status applied). */
  private async applyToMessage(message: Message, status: MessageStatus, at: Date, errorCode?: string): Promise<boolean> {
    const { store } = this.deps;
    const applied = await store.messages.applyStatus(message.orgId, message.id, status, at, errorCode);
    if (applied) this.deps.metrics?.textStatus(status, errorCode);
    if (!applied || message.direction !== 'outbound') return applied;
    if (status === 'delivered' && message.campaignId) await store.campaigns.increment(message.orgId, message.campaignId, { delivered: 1 });
    if (status === 'delivered' && message.kind === 'initial' && message.variant && message.contactId) {
      // The arm is the variant within the contact's language (the message keeps only the variant).
      const contact = await store.contacts.get(message.orgId, message.contactId);
      if (contact) await bumpVariant(this.deps, message.orgId, message.campaignId, { variant: message.variant, language: contact.language }, 'delivered');
    }
    if (status === 'failed' || status === 'undelivered') {
      await countFailure(this.deps, message, errorCode);
      if (errorCode) await applyErrorAction(this.deps, message, errorCode);
    }
    if (status === 'delivered' || status === 'failed' || status === 'undelivered') await this.guardrail.record(message, status, errorCode);
    if (message.kind === 'initial' && (status === 'delivered' || status === 'failed' || status === 'undelivered')) {
      await noteInitialOutcome(this.deps, message, status, errorCode);
      await this.publishInitialOutcome(message, status, at, errorCode);
    }
    return applied;
  }

  /**
   * The outbox sweeper: re-enqueue messages still `queued` after sweepAfterMs (job id = message
   * id). Messages left in `sending` by a worker that died mid-call, with no carrier id or
   * callback after stuckSendingAfterMs, are failed as `interrupted`: the carrier may or may not
   * have them, and no text is ever resent automatically (R5.2c).
   */
  async sweep(): Promise<number> {
    const { store, clock, config } = this.deps;
    const now = clock.now();
    const stale = await store.messages.listStaleQueued(new Date(now.getTime() - config.sweepAfterMs), config.sweepBatch);
    for (const message of stale) await enqueueSend(this.deps, message);
    const stuck = await store.messages.listStaleSending(new Date(now.getTime() - config.stuckSendingAfterMs), config.sweepBatch);
    for (const message of stuck) {
      if (await failMessage(this.deps, message, LOCAL_CODES.interrupted, now)) {
        this.deps.log.warn({ messageId: message.id }, 'a send was interrupted (worker died mid-call); marked failed, not resent');
      }
    }
    const reconciled = await this.reconcileStatuses();
    return stale.length + stuck.length + reconciled;
  }

  /**
   * Lost status callbacks (R4.6): messages the carrier accepted (they have a provider id) still
   * `sending`, or still `sent` past their validity period, are looked up at the carrier, a few
   * per second and at most statusReconcileBatch per sweep. What the carrier says goes through
   * applyStatus exactly like a callback (forward only; counters, tallies and R4.7 actions once);
   * a later real callback cannot move it back. Nothing is ever resent (R5.2c).
   * Returns how many statuses moved.
   */
  async reconcileStatuses(): Promise<number> {
    const { store, clock, config, sms } = this.deps;
    if (!sms.fetchStatus) return 0;
    const now = clock.now();
    const candidates = await store.messages.listStaleWithProvider(
      new Date(now.getTime() - config.statusReconcileAfterMs),
      config.statusReconcileBatch,
      new Date(now.getTime() - config.statusReconcileMaxAgeMs),
    );
    const gapMs = 1000 / config.statusReconcilePerSecond;
    let moved = 0;
    let asked = 0;
    for (const message of candidates) {
      if (!message.providerId) continue;
      // A `sent` text may sit at the carrier until its validity period ends (R2.5).
      if (message.status === 'sent') {
        const validityMs = (message.validityPeriod ?? MAX_VALIDITY_SECONDS) * 1000;
        if (now.getTime() - message.updatedAt.getTime() < validityMs + config.statusReconcileAfterMs) continue;
      }
      if (asked > 0) await pause(gapMs);
      asked += 1;
      let report: SmsStatusReport | null;
      try {
        report = await sms.fetchStatus(message.providerId);
      } catch (err) {
        this.deps.log.warn({ err, messageId: message.id }, 'status look-up at the carrier failed; the next sweep asks again');
        continue;
      }
      const applied = report
        ? await this.applyStatus({ providerId: message.providerId, status: report.status, ...(report.errorCode ? { errorCode: report.errorCode } : {}), at: report.at ?? clock.now(), orgId: message.orgId, messageId: message.id })
        : 'ignored';
      if (applied === 'applied') moved += 1;
      // Nothing new at the carrier: asked again only after another stale period.
      else await store.messages.markChecked(message.orgId, message.id, clock.now());
    }
    return moved;
  }

  /** The `outbox.sweep` job; with `repeat` it schedules the next sweep (one per sweepAfterMs bucket). */
  async handleSweep(payload: unknown): Promise<number> {
    const { repeat } = SweepJob.parse(payload ?? {});
    const swept = await this.sweep();
    if (repeat) await this.scheduleSweep();
    return swept;
  }

  /** Schedules the next repeating sweep; the bucketed job id keeps restarts from doubling the chain. */
  async scheduleSweep(): Promise<void> {
    const { clock, config, queue } = this.deps;
    const bucket = Math.floor(clock.now().getTime() / config.sweepAfterMs) + 1;
    try {
      await queue.enqueue('outbox.sweep', { repeat: true }, { delayMs: config.sweepAfterMs, jobId: `outbox.sweep:${bucket}` });
    } catch (err) {
      this.deps.log.warn({ err }, 'outbox.sweep enqueue failed');
    }
  }
}

const DAY_MS = 86_400_000;

/** Twilio's longest ValidityPeriod (R2.5), for messages stored without one. */
const MAX_VALIDITY_SECONDS = 36_000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The status callback URL with our message's ids in its query (Twilio signs the full URL). */
export function callbackUrlFor(base: string, message: Pick<Message, 'orgId' | 'id'>): string {
  const url = new URL(base);
  url.searchParams.set('o', message.orgId);
  url.searchParams.set('m', message.id);
  return url.toString();
}
