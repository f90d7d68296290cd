/**
 * Outgoing webhooks and their delivery outbox in MongoDB. Every rule of the port is a
 * single-document conditional write: enabled -> disabled once, the first failure of a run
 * ($ifNull in a pipeline update), pending -> delivered once, the lane's sequence ($inc upsert)
 * and its lease (taken only when free, expired or already ours).
 */
import { Types } from 'mongoose';
import type { DomainEvent, WebhookRepository } from '../../core/ports.js';
import type { Webhook, WebhookDelivery } from '../../core/webhooks/model.js';
import { DomainEventTypeSchema } from '../../core/webhooks/model.js';
import { isDuplicateKeyError, opt, toObjectId } from './support.js';
import type { MongoContext } from './support.js';
import type { WebhookDeliveryDoc, WebhookDoc } from './schemas/webhook.js';

const toWebhook = (d: WebhookDoc & { _id: Types.ObjectId }): Webhook => {
  const w: Webhook = {
    id: d._id.toHexString(),
    orgId: d.orgId,
    url: d.url,
    events: (d.events ?? []).map((e) => DomainEventTypeSchema.parse(e)),
    secretSealed: d.secretSealed,
    enabled: d.enabled,
    createdBy: d.createdBy,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    failures: d.failures ?? 0,
  };
  const firstFailureAt = opt(d.firstFailureAt);
  const lastFailureAt = opt(d.lastFailureAt);
  const lastError = opt(d.lastError);
  const lastSuccessAt = opt(d.lastSuccessAt);
  const disabledAt = opt(d.disabledAt);
  if (firstFailureAt) w.firstFailureAt = firstFailureAt;
  if (lastFailureAt) w.lastFailureAt = lastFailureAt;
  if (lastError) w.lastError = lastError;
  if (lastSuccessAt) w.lastSuccessAt = lastSuccessAt;
  if (disabledAt) w.disabledAt = disabledAt;
  if (d.disabledReason === 'failing') w.disabledReason = 'failing';
  return w;
};

const toDelivery = (d: WebhookDeliveryDoc & { _id: Types.ObjectId }): WebhookDelivery => {
  const raw = d.event as DomainEvent;
  const event: DomainEvent = { id: raw.id, type: DomainEventTypeSchema.parse(raw.type), orgId: raw.orgId, at: new Date(raw.at), data: { ...(raw.data ?? {}) } };
  if (raw.campaignId) event.campaignId = raw.campaignId;
  if (raw.contactId) event.contactId = raw.contactId;
  const out: WebhookDelivery = {
    id: d._id.toHexString(),
    orgId: d.orgId,
    webhookId: d.webhookId,
    eventId: d.eventId,
    lane: d.lane,
    seq: d.seq,
    event,
    status: d.status === 'delivered' ? 'delivered' : 'pending',
    attempts: d.attempts ?? 0,
    createdAt: d.createdAt,
  };
  const deliveredAt = opt(d.deliveredAt);
  const lastError = opt(d.lastError);
  if (deliveredAt) out.deliveredAt = deliveredAt;
  if (lastError) out.lastError = lastError;
  return out;
};

export function createMongoWebhooks({ models: { Webhook: Hooks, WebhookDelivery: Deliveries, WebhookLane: Lanes }, clock }: MongoContext): WebhookRepository {
  const findDelivery = async (webhookId: string, eventId: string) => {
    const d = await Deliveries.findOne({ webhookId, eventId }).lean();
    return d ? toDelivery(d) : null;
  };
  /** The lane's next sequence number (the first $inc upsert of a lane can race: the loser retries). */
  const nextSeq = async (orgId: string, webhookId: string, lane: string): Promise<number> => {
    const inc = () => Lanes.findOneAndUpdate({ webhookId, lane }, { $inc: { nextSeq: 1 }, $setOnInsert: { orgId, webhookId, lane } }, { upsert: true, returnDocument: 'after' }).lean();
    let doc;
    try {
      doc = await inc();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      doc = await inc();
    }
    return doc?.nextSeq ?? 1;
  };
  return {
    async create(orgId, w) {
      const now = clock.now();
      const _id = new Types.ObjectId();
      const doc = { _id, orgId, url: w.url, events: [...w.events], secretSealed: w.secretSealed, enabled: true, createdBy: w.createdBy, createdAt: now, updatedAt: now, failures: 0 };
      await Hooks.create(doc);
      return toWebhook(doc);
    },
    async list(orgId) {
      return (await Hooks.find({ orgId }).sort({ _id: 1 }).lean()).map(toWebhook);
    },
    async get(orgId, id) {
      const _id = toObjectId(id);
      if (!_id) return null;
      const d = await Hooks.findOne({ _id, orgId }).lean();
      return d ? toWebhook(d) : null;
    },
    async remove(orgId, id) {
      const _id = toObjectId(id);
      if (!_id) return false;
      const r = await Hooks.deleteOne({ _id, orgId });
      if (r.deletedCount !== 1) return false;
      await Deliveries.deleteMany({ orgId, webhookId: id });
      await Lanes.deleteMany({ orgId, webhookId: id });
      return true;
    },
    async setEnabled(orgId, id, enabled, at) {
      const _id = toObjectId(id);
      if (!_id) return null;
      const update = enabled
        ? { $set: { enabled: true, updatedAt: at, failures: 0 }, $unset: { firstFailureAt: 1, disabledAt: 1, disabledReason: 1 } }
        : { $set: { enabled: false, updatedAt: at } };
      const d = await Hooks.findOneAndUpdate({ _id, orgId }, update, { returnDocument: 'after' }).lean();
      return d ? toWebhook(d) : null;
    },
    async disable(orgId, id, at, reason) {
      const _id = toObjectId(id);
      if (!_id) return false;
      const r = await Hooks.updateOne({ _id, orgId, enabled: true }, { $set: { enabled: false, disabledAt: at, disabledReason: reason, updatedAt: at } });
      return r.modifiedCount === 1;
    },
    async recordFailure(orgId, id, at, error) {
      const _id = toObjectId(id);
      if (!_id) return null;
      const d = await Hooks.findOneAndUpdate(
        { _id, orgId },
        // $literal: in a pipeline a string starting with '$' would name a field.
        [{ $set: { failures: { $add: [{ $ifNull: ['$failures', 0] }, 1] }, firstFailureAt: { $ifNull: ['$firstFailureAt', { $literal: at }] }, lastFailureAt: { $literal: at }, lastError: { $literal: error }, updatedAt: { $literal: at } } }],
        { returnDocument: 'after', updatePipeline: true },
      ).lean();
      return d ? toWebhook(d as WebhookDoc & { _id: Types.ObjectId }) : null;
    },
    async recordSuccess(orgId, id, at) {
      const _id = toObjectId(id);
      if (!_id) return;
      await Hooks.updateOne({ _id, orgId }, { $set: { failures: 0, lastSuccessAt: at, updatedAt: at }, $unset: { firstFailureAt: 1 } });
    },
    async addDelivery(orgId, webhookId, lane, event) {
      const existing = await findDelivery(webhookId, event.id);
      if (existing) return { created: false, delivery: existing };
      const seq = await nextSeq(orgId, webhookId, lane);
      const _id = new Types.ObjectId();
      const stored: DomainEvent = { ...event, data: { ...event.data } };
      const doc = { _id, orgId, webhookId, eventId: event.id, lane, seq, event: stored, status: 'pending', attempts: 0, createdAt: clock.now() };
      try {
        await Deliveries.create(doc);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const again = await findDelivery(webhookId, event.id);
        if (!again) throw err;
        return { created: false, delivery: again };
      }
      return { created: true, delivery: toDelivery(doc) };
    },
    async getDelivery(orgId, id) {
      const _id = toObjectId(id);
      if (!_id) return null;
      const d = await Deliveries.findOne({ _id, orgId }).lean();
      return d ? toDelivery(d) : null;
    },
    async nextPending(orgId, webhookId, lane) {
      const d = await Deliveries.findOne({ orgId, webhookId, lane, status: 'pending' }).sort({ seq: 1 }).lean();
      return d ? toDelivery(d) : null;
    },
    async markDelivered(orgId, id, at) {
      const _id = toObjectId(id);
      if (!_id) return false;
      const r = await Deliveries.updateOne({ _id, orgId, status: 'pending' }, { $set: { status: 'delivered', deliveredAt: at } });
      return r.modifiedCount === 1;
    },
    async recordAttempt(orgId, id, _at, error) {
      const _id = toObjectId(id);
      if (!_id) return;
      await Deliveries.updateOne({ _id, orgId, status: 'pending' }, { $inc: { attempts: 1 }, $set: { lastError: error } });
    },
    async acquireLane(orgId, webhookId, lane, holder, now, until) {
      const _id = toObjectId(webhookId);
      if (!_id || !(await Hooks.exists({ _id, orgId }))) return false;
      const free = { $or: [{ holder: { $exists: false } }, { holder }, { until: { $lte: now } }] };
      try {
        const r = await Lanes.updateOne({ webhookId, lane, ...free }, { $set: { holder, until }, $setOnInsert: { orgId, webhookId, lane, nextSeq: 0 } }, { upsert: true });
        return r.modifiedCount === 1 || r.upsertedCount === 1 || r.matchedCount === 1;
      } catch (err) {
        // Held by someone else: the upsert tried to insert a second lane document.
        if (isDuplicateKeyError(err)) return false;
        throw err;
      }
    },
    async releaseLane(orgId, webhookId, lane, holder) {
      await Lanes.updateOne({ orgId, webhookId, lane, holder }, { $unset: { holder: 1, until: 1 } });
    },
    async listPending(before, limit) {
      const docs = await Deliveries.find({ status: 'pending', createdAt: { $lt: before } }).sort({ createdAt: 1, seq: 1 }).limit(Math.max(0, limit)).lean();
      return docs.map(toDelivery);
    },
  };
}
