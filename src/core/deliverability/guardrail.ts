// Deliverability guardrails (R4.7, R6.3): every terminal carrier outcome of an outbound text goes
// into two rolling windows, its sending number's and its campaign's. Above the org's warning share
// of carrier violations (30007) or unreachable destinations, the campaign's channel and the review
// channel are warned once per crossing; above the pause share, the campaign's first texts are
// paused (replies keep flowing) until an organizer presses Resume. This replaces the older
// whole-campaign pause on a cumulative 30007 share: one mechanism, measured on recent sends.
// Alerts are enqueued (`deliverability.alert`), never posted from here: this runs inside the
// carrier's status callback and the send worker.
import type { Message, MessageStatus } from '../model/message.js';
import type { Org } from '../model/org.js';
import type { EngineDeps } from '../campaigns/engine-deps.js';
import { senderOf } from '../conversations/sender.js';
import { classifyOutcome } from './outcome.js';
import { deliverabilityOf, type DeliverabilitySettings } from './settings.js';
import { evaluateWindow, type DeliverabilityVerdict } from './evaluate.js';
import { windowKey } from './store-port.js';
import type { DeliverabilityAlertJob } from './alert-job.js';

export type GuardrailAction = 'none' | 'warned' | 'paused';

export class DeliverabilityGuardrail {
  constructor(private readonly deps: EngineDeps) {}

  /**
   * Records the outcome of a terminal status (applied once by the caller) and acts on the
   * windows. Never throws: a store hiccup here must not fail the status callback (logged).
   */
  async record(message: Message, status: MessageStatus, errorCode?: string): Promise<GuardrailAction> {
    try {
      return await this.recordOrThrow(message, status, errorCode);
    } catch (err) {
      this.deps.log.warn({ err, messageId: message.id }, 'deliverability window not updated');
      return 'none';
    }
  }

  private async recordOrThrow(message: Message, status: MessageStatus, errorCode?: string): Promise<GuardrailAction> {
    if (message.direction !== 'outbound' || !message.campaignId) return 'none';
    const outcome = classifyOutcome(status, errorCode);
    if (!outcome) return 'none';
    const org = await this.deps.store.orgs.get(message.orgId);
    if (!org) return 'none';
    const settings = deliverabilityOf(org);
    const sender = message.orgNumber ?? senderOf(org).orgNumber;
    const scopes: { scope: 'campaign' | 'sender'; key: string }[] = [{ scope: 'campaign', key: windowKey.campaign(message.campaignId) }];
    if (sender) scopes.push({ scope: 'sender', key: windowKey.sender(sender) });
    let action: GuardrailAction = 'none';
    for (const { scope, key } of scopes) {
      const window = await this.deps.store.deliverability.record(org.id, key, outcome, settings.window);
      const verdict = evaluateWindow(window, settings);
      // Back under a threshold: the next crossing alerts again.
      if (verdict.level !== 'pause' && window.paused) await this.deps.store.deliverability.rearm(org.id, key, 'paused');
      if (verdict.level === 'none' && window.warned) await this.deps.store.deliverability.rearm(org.id, key, 'warned');
      if (verdict.level === 'none') continue;
      // The sender's window usually crosses with the campaign's: one alert for one burst.
      const acted = await this.act(org, message.campaignId, scope, key, verdict, settings, scope === 'sender' ? sender : undefined, action !== 'none');
      if (acted === 'paused' || (acted === 'warned' && action === 'none')) action = acted;
    }
    return action;
  }

  private async act(org: Org, campaignId: string, scope: 'campaign' | 'sender', key: string, verdict: DeliverabilityVerdict, settings: DeliverabilitySettings, sender: string | undefined, silent: boolean): Promise<GuardrailAction> {
    const { store } = this.deps;
    const cause = verdict.cause ?? 'carrier_violation';
    const percent = cause === 'carrier_violation' ? verdict.violationPercent : verdict.unreachablePercent;
    // Atomic flags: of two workers that see the same crossing, one alerts.
    const warnedNow = await store.deliverability.fire(org.id, key, 'warned');
    const pausedNow = verdict.level === 'pause' && (await store.deliverability.fire(org.id, key, 'paused'));
    if (silent) return 'none';
    if (pausedNow) {
      const paused = await this.pause(org, campaignId, { cause, percent, scope });
      if (paused) {
        await this.alert({ orgId: org.id, campaignId, scope, ...(sender ? { sender } : {}), level: 'pause', cause, percent, size: verdict.size, threshold: settings.pausePercent, at: this.deps.clock.now() });
        return 'paused';
      }
    }
    if (warnedNow) {
      await this.alert({ orgId: org.id, campaignId, scope, ...(sender ? { sender } : {}), level: 'warn', cause, percent, size: verdict.size, threshold: settings.warnPercent, at: this.deps.clock.now() });
      return 'warned';
    }
    return 'none';
  }

  /** Pauses the campaign's first texts; false when they already were (nothing new to say). */
  private async pause(org: Org, campaignId: string, reason: { cause: 'carrier_violation' | 'unreachable'; percent: number; scope: 'campaign' | 'sender' }): Promise<boolean> {
    const { store, clock } = this.deps;
    const campaign = await store.campaigns.get(org.id, campaignId);
    if (!campaign || campaign.status === 'archived' || campaign.initialsPause?.paused) return false;
    const at = clock.now();
    await store.campaigns.update(org.id, campaignId, { initialsPause: { paused: true, by: 'guardrail', at, reason } });
    await store.audit.append({ orgId: org.id, at, actor: { type: 'system' }, action: 'campaign.initials_paused', subject: { type: 'campaign', id: campaignId }, data: { by: 'guardrail', ...reason } });
    this.deps.log.warn({ orgId: org.id, campaignId, ...reason }, 'deliverability guardrail paused the campaign\'s first texts');
    return true;
  }

  private async alert(job: DeliverabilityAlertJob): Promise<void> {
    try {
      const jobId = `deliverability.alert:${job.campaignId}:${job.scope}:${job.level}:${job.at.getTime()}`;
      await this.deps.queue.enqueue('deliverability.alert', job, { jobId, attempts: 5, backoff: { type: 'exponential', delayMs: 5_000 } });
    } catch (err) {
      this.deps.log.warn({ err, campaignId: job.campaignId }, 'deliverability.alert enqueue failed');
    }
  }
}
