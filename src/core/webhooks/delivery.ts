// Sends the outbox to the org's endpoints: the `webhook.deliver` job.
// Order per contact: deliveries of one (webhook, lane) go out in sequence. A job never sends its
// own delivery directly: it sends the lane's oldest pending delivery, then the next, until its
// own is delivered; the first failure throws, so the queue retries with backoff and nothing
// later in the lane is sent before it. One job at a time works a lane (a lease in the store,
// across worker processes); a job that finds the lane busy is retried later.
// At least once: a delivery is marked delivered only after a 2xx; a crash in between sends it
// again, with the same event id (receivers dedupe on it).
// The 24-hour rule: every failure is counted on the webhook; the first failure after 24 hours of
// failures with no success disables it (exactly once) and its organizers are told.
import { z } from 'zod';
import type { Clock, JobContext, JobQueue, SecretBox, Store } from '../ports.js';
import { AppError } from '../errors.js';
import { DISABLE_AFTER_MS, type Webhook, type WebhookDelivery } from './model.js';
import type { WebhookHttp, WebhookPostResult } from './http.js';
import { webhookBody } from './payload.js';
import { enqueueDelivery, WebhookDeliverJob, type WebhookRetry } from './sink.js';

export interface WebhookDelivererDeps {
  store: Store;
  clock: Clock;
  http: WebhookHttp;
  /** Opens the sealed signing secrets (absent: no webhook can be signed, each attempt fails). */
  secrets?: SecretBox;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Told once when a webhook is disabled after 24 hours of failures (tells its organizers). */
  onDisabled?(webhook: Webhook): Promise<void>;
  disableAfterMs?: number;
  /** How long a job may hold a lane; far above one POST's timeout. */
  leaseMs?: number;
  /**
   * With a queue, the handler also runs the outbox sweep (a repeating `webhook.deliver` job with
   * `{ sweep: true }`): pending deliveries older than `sweepEveryMs` whose job was lost (a crash of
   * an in-process queue, a failed enqueue) are handed to the queue again (the job id dedupes).
   */
  queue?: JobQueue;
  retry?: WebhookRetry;
  sweepEveryMs?: number;
}

const SweepJob = z.object({ sweep: z.literal(true) });

/** A lane is being worked by another job: retried by the queue, not a failure of the endpoint. */
export class WebhookLaneBusyError extends AppError {
  constructor() {
    super('WEBHOOK_LANE_BUSY', 'another job is delivering this contact’s events; retried later');
  }
}

/** The endpoint failed; the queue retries the job with backoff. */
export class WebhookDeliveryError extends AppError {
  constructor(readonly error: string) {
    super('WEBHOOK_DELIVERY_FAILED', `webhook delivery failed (${error})`);
  }
}

export type DeliverOutcome = 'delivered' | 'already' | 'skipped' | 'disabled' | 'swept';

export interface WebhookDeliverer {
  handle(payload: unknown, ctx?: Pick<JobContext, 'jobId' | 'attempt'>): Promise<DeliverOutcome>;
  /** Hands lost pending deliveries back to the queue; returns how many. */
  sweep(): Promise<number>;
  /** Schedules the next repeating sweep (bucketed job id: several workers starting do not double it). */
  scheduleSweep(): Promise<void>;
}

export function createWebhookDeliverer(deps: WebhookDelivererDeps): WebhookDeliverer {
  const disableAfterMs = deps.disableAfterMs ?? DISABLE_AFTER_MS;
  const leaseMs = deps.leaseMs ?? 120_000;
  let holderSeq = 0;

  async function post(webhook: Webhook, d: WebhookDelivery): Promise<WebhookPostResult> {
    let secret: string;
    try {
      if (!deps.secrets) return { ok: false, error: 'secret_unavailable' };
      secret = deps.secrets.open(webhook.secretSealed);
    } catch {
      return { ok: false, error: 'secret_unreadable' };
    }
    return deps.http.post({ url: webhook.url, body: webhookBody(d.event), secret, eventId: d.eventId, timestamp: deps.clock.now() });
  }

  /** Counts the failure; true when this failure disabled the webhook (the 24-hour rule). */
  async function failed(webhook: Webhook, d: WebhookDelivery, error: string): Promise<boolean> {
    const { store, clock } = deps;
    const now = clock.now();
    await store.webhooks.recordAttempt(webhook.orgId, d.id, now, error);
    const after = await store.webhooks.recordFailure(webhook.orgId, webhook.id, now, error);
    deps.log.warn({ webhookId: webhook.id, eventId: d.eventId, error, failures: after?.failures }, 'webhook delivery failed');
    if (!after?.firstFailureAt || now.getTime() - after.firstFailureAt.getTime() < disableAfterMs) return false;
    if (!(await store.webhooks.disable(webhook.orgId, webhook.id, now, 'failing'))) return true;
    deps.log.warn({ webhookId: webhook.id, since: after.firstFailureAt.toISOString() }, 'webhook disabled after 24 hours of failures');
    try {
      await deps.onDisabled?.({ ...after, enabled: false, disabledAt: now, disabledReason: 'failing' });
    } catch (err) {
      deps.log.error({ err, webhookId: webhook.id }, 'telling organizers that a webhook was disabled failed');
    }
    return true;
  }

  const sweepEveryMs = deps.sweepEveryMs ?? 10 * 60_000;

  async function sweep(): Promise<number> {
    const { store, clock, queue } = deps;
    if (!queue) return 0;
    const stale = await store.webhooks.listPending(new Date(clock.now().getTime() - sweepEveryMs), 200);
    const enabled = new Map<string, boolean>();
    let handed = 0;
    for (const d of stale) {
      if (!enabled.has(d.webhookId)) enabled.set(d.webhookId, (await store.webhooks.get(d.orgId, d.webhookId))?.enabled === true);
      if (!enabled.get(d.webhookId)) continue;
      await enqueueDelivery({ store, queue, log: deps.log, ...(deps.retry ? { retry: deps.retry } : {}) }, d);
      handed += 1;
    }
    return handed;
  }

  async function scheduleSweep(): Promise<void> {
    if (!deps.queue) return;
    const bucket = Math.floor(deps.clock.now().getTime() / sweepEveryMs) + 1;
    try {
      await deps.queue.enqueue('webhook.deliver', { sweep: true }, { delayMs: sweepEveryMs, jobId: `webhook.sweep:${bucket}` });
    } catch (err) {
      deps.log.warn({ err }, 'webhook sweep enqueue failed');
    }
  }

  return {
    sweep,
    scheduleSweep,
    async handle(payload, ctx) {
      if (SweepJob.safeParse(payload).success) {
        try {
          await sweep();
        } finally {
          await scheduleSweep();
        }
        return 'swept';
      }
      const job = WebhookDeliverJob.parse(payload);
      const { store, clock } = deps;
      const webhook = await store.webhooks.get(job.orgId, job.webhookId);
      if (!webhook || !webhook.enabled) return 'skipped';
      const mine = await store.webhooks.getDelivery(job.orgId, job.deliveryId);
      if (!mine || mine.webhookId !== webhook.id) return 'skipped';
      if (mine.status === 'delivered') return 'already';
      holderSeq += 1;
      const holder = `${ctx?.jobId ?? job.deliveryId}#${ctx?.attempt ?? 0}#${holderSeq}`;
      const lease = () => store.webhooks.acquireLane(job.orgId, webhook.id, mine.lane, holder, clock.now(), new Date(clock.now().getTime() + leaseMs));
      if (!(await lease())) throw new WebhookLaneBusyError();
      try {
        for (;;) {
          const head = await store.webhooks.nextPending(job.orgId, webhook.id, mine.lane);
          if (!head || head.seq > mine.seq) return 'delivered';
          if (!(await lease())) throw new WebhookLaneBusyError();
          const result = await post(webhook, head);
          if (!result.ok) {
            if (await failed(webhook, head, result.error)) return 'disabled';
            throw new WebhookDeliveryError(result.error);
          }
          await store.webhooks.markDelivered(job.orgId, head.id, clock.now());
          if (webhook.failures > 0 || webhook.firstFailureAt) {
            await store.webhooks.recordSuccess(job.orgId, webhook.id, clock.now());
            webhook.failures = 0;
            delete webhook.firstFailureAt;
          }
        }
      } finally {
        await store.webhooks.releaseLane(job.orgId, webhook.id, mine.lane, holder).catch(() => undefined);
      }
    },
  };
}

/** `/textbank webhooks test`: one signed `ping` event (not stored, not retried). */
export async function sendTestEvent(deps: Pick<WebhookDelivererDeps, 'http' | 'secrets' | 'clock'>, webhook: Webhook): Promise<WebhookPostResult> {
  if (!deps.secrets) return { ok: false, error: 'secret_unavailable' };
  let secret: string;
  try {
    secret = deps.secrets.open(webhook.secretSealed);
  } catch {
    return { ok: false, error: 'secret_unreadable' };
  }
  const now = deps.clock.now();
  const id = `ping:${webhook.id}:${now.getTime()}`;
  const body = webhookBody({ id, type: 'ping', orgId: webhook.orgId, at: now, data: { webhook: webhook.id } });
  return deps.http.post({ url: webhook.url, body, secret, eventId: id, timestamp: now });
}
