// The DomainEventSink behind outgoing webhooks: each event is written to the outbox of every
// enabled webhook of the org subscribed to its type (one delivery per webhook and event id,
// numbered in its lane), then handed to the queue. The store is the source of truth; the queue
// only dispatches, so a failed enqueue loses nothing (the lane's next job, or the sweep, sends it).
import { z } from 'zod';
import type { DomainEvent, DomainEventSink, JobQueue, Store } from '../ports.js';
import { laneOf, type WebhookDelivery } from './model.js';

/** The `webhook.deliver` job payload (a boundary: parsed with zod). */
export const WebhookDeliverJob = z.object({
  orgId: z.string().min(1),
  webhookId: z.string().min(1),
  deliveryId: z.string().min(1),
});
export type WebhookDeliverJob = z.infer<typeof WebhookDeliverJob>;

export interface WebhookRetry {
  /** Attempts per job (with exponential backoff they span more than the 24-hour rule). */
  attempts: number;
  /** First retry delay; each next one doubles. */
  backoffMs: number;
}

/** 15 s doubling over 15 attempts: about 68 hours, past the 24 hours after which a failing webhook is disabled. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { attempts: 15, backoffMs: 15_000 };

export interface WebhookSinkDeps {
  store: Store;
  queue: JobQueue;
  log: { warn(obj: object, msg: string): void };
  retry?: WebhookRetry;
}

/** Job id of one delivery: one job per (webhook, event) at a time. */
export const deliverJobId = (d: Pick<WebhookDelivery, 'webhookId' | 'eventId'>): string => `${d.webhookId}:${d.eventId}`;

export async function enqueueDelivery(deps: WebhookSinkDeps, d: WebhookDelivery): Promise<void> {
  const retry = deps.retry ?? DEFAULT_WEBHOOK_RETRY;
  const payload: WebhookDeliverJob = { orgId: d.orgId, webhookId: d.webhookId, deliveryId: d.id };
  try {
    await deps.queue.enqueue('webhook.deliver', payload, { jobId: deliverJobId(d), attempts: retry.attempts, backoff: { type: 'exponential', delayMs: retry.backoffMs } });
  } catch (err) {
    deps.log.warn({ err, webhookId: d.webhookId, eventId: d.eventId }, 'webhook.deliver enqueue failed; the delivery stays in the outbox');
  }
}

export function createWebhookSink(deps: WebhookSinkDeps): DomainEventSink {
  return {
    async publish(event: DomainEvent) {
      const hooks = (await deps.store.webhooks.list(event.orgId)).filter((w) => w.enabled && w.events.includes(event.type));
      const lane = laneOf(event);
      for (const w of hooks) {
        const { delivery } = await deps.store.webhooks.addDelivery(event.orgId, w.id, lane, event);
        if (delivery.status === 'pending') await enqueueDelivery(deps, delivery);
      }
    },
  };
}
