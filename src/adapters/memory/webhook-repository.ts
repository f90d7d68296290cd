/** Outgoing webhooks and their delivery outbox, in memory (each method is one synchronous step). */
import type { WebhookRepository } from '../../core/ports.js';
import type { Webhook, WebhookDelivery } from '../../core/webhooks/model.js';
import { copy, key, type MemoryContext } from './support.js';

interface Lane {
  nextSeq: number;
  holder?: string;
  until?: Date;
}

export function createMemoryWebhooks(ctx: MemoryContext): WebhookRepository {
  const hooks = new Map<string, Webhook>();
  const deliveries = new Map<string, WebhookDelivery>();
  /** (webhookId, eventId) -> delivery id */
  const byEvent = new Map<string, string>();
  const lanes = new Map<string, Lane>();
  const own = (orgId: string, id: string): Webhook | undefined => {
    const w = hooks.get(id);
    return w && w.orgId === orgId ? w : undefined;
  };
  const ownDelivery = (orgId: string, id: string): WebhookDelivery | undefined => {
    const d = deliveries.get(id);
    return d && d.orgId === orgId ? d : undefined;
  };
  const laneOf = (webhookId: string, lane: string): Lane => {
    const k = key(webhookId, lane);
    let l = lanes.get(k);
    if (!l) lanes.set(k, (l = { nextSeq: 0 }));
    return l;
  };
  return {
    async create(orgId, w) {
      const now = ctx.clock.now();
      const hook: Webhook = { id: ctx.newId(), orgId, url: w.url, events: [...w.events], secretSealed: w.secretSealed, enabled: true, createdBy: w.createdBy, createdAt: now, updatedAt: now, failures: 0 };
      hooks.set(hook.id, hook);
      return copy(hook);
    },
    async list(orgId) {
      return [...hooks.values()].filter((w) => w.orgId === orgId).map(copy);
    },
    async get(orgId, id) {
      const w = own(orgId, id);
      return w ? copy(w) : null;
    },
    async remove(orgId, id) {
      if (!own(orgId, id)) return false;
      hooks.delete(id);
      for (const [did, d] of deliveries) {
        if (d.webhookId !== id) continue;
        deliveries.delete(did);
        byEvent.delete(key(id, d.eventId));
      }
      for (const k of lanes.keys()) if (k.startsWith(key(id, ''))) lanes.delete(k);
      return true;
    },
    async setEnabled(orgId, id, enabled, at) {
      const w = own(orgId, id);
      if (!w) return null;
      w.enabled = enabled;
      w.updatedAt = at;
      if (enabled) {
        w.failures = 0;
        delete w.firstFailureAt;
        delete w.disabledAt;
        delete w.disabledReason;
      }
      return copy(w);
    },
    async disable(orgId, id, at, reason) {
      const w = own(orgId, id);
      if (!w || !w.enabled) return false;
      w.enabled = false;
      w.disabledAt = at;
      w.disabledReason = reason;
      w.updatedAt = at;
      return true;
    },
    async recordFailure(orgId, id, at, error) {
      const w = own(orgId, id);
      if (!w) return null;
      w.failures += 1;
      w.firstFailureAt ??= at;
      w.lastFailureAt = at;
      w.lastError = error;
      w.updatedAt = at;
      return copy(w);
    },
    async recordSuccess(orgId, id, at) {
      const w = own(orgId, id);
      if (!w) return;
      w.failures = 0;
      delete w.firstFailureAt;
      w.lastSuccessAt = at;
      w.updatedAt = at;
    },
    async addDelivery(orgId, webhookId, lane, event) {
      const existing = byEvent.get(key(webhookId, event.id));
      if (existing) return { created: false, delivery: copy(deliveries.get(existing) as WebhookDelivery) };
      const l = laneOf(webhookId, lane);
      l.nextSeq += 1;
      const d: WebhookDelivery = { id: ctx.newId(), orgId, webhookId, eventId: event.id, lane, seq: l.nextSeq, event: copy(event), status: 'pending', attempts: 0, createdAt: ctx.clock.now() };
      deliveries.set(d.id, d);
      byEvent.set(key(webhookId, event.id), d.id);
      return { created: true, delivery: copy(d) };
    },
    async getDelivery(orgId, id) {
      const d = ownDelivery(orgId, id);
      return d ? copy(d) : null;
    },
    async nextPending(orgId, webhookId, lane) {
      let best: WebhookDelivery | undefined;
      for (const d of deliveries.values()) {
        if (d.orgId !== orgId || d.webhookId !== webhookId || d.lane !== lane || d.status !== 'pending') continue;
        if (!best || d.seq < best.seq) best = d;
      }
      return best ? copy(best) : null;
    },
    async markDelivered(orgId, id, at) {
      const d = ownDelivery(orgId, id);
      if (!d || d.status !== 'pending') return false;
      d.status = 'delivered';
      d.deliveredAt = at;
      return true;
    },
    async recordAttempt(orgId, id, _at, error) {
      const d = ownDelivery(orgId, id);
      if (!d || d.status !== 'pending') return;
      d.attempts += 1;
      d.lastError = error;
    },
    async acquireLane(orgId, webhookId, lane, holder, now, until) {
      if (!own(orgId, webhookId)) return false;
      const l = laneOf(webhookId, lane);
      if (l.holder && l.holder !== holder && l.until && l.until.getTime() > now.getTime()) return false;
      l.holder = holder;
      l.until = new Date(until);
      return true;
    },
    async releaseLane(orgId, webhookId, lane, holder) {
      if (!own(orgId, webhookId)) return;
      const l = lanes.get(key(webhookId, lane));
      if (l && l.holder === holder) {
        delete l.holder;
        delete l.until;
      }
    },
    async listPending(before, limit) {
      return [...deliveries.values()]
        .filter((d) => d.status === 'pending' && d.createdAt.getTime() < before.getTime())
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq)
        .slice(0, Math.max(0, limit))
        .map(copy);
    },
  };
}
