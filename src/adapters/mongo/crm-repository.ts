/**
 * CRM connections, mappings, per-contact sync state and sync runs in MongoDB. claimPush is one
 * conditional upsert on the unique (orgId, kind, contactId) index: when the filter refuses an
 * existing state, the upsert's insert hits the index and the claim is refused, so two runs can
 * never both claim the same content.
 */
import { Types } from 'mongoose';
import type { CrmCatalog, CrmKind, CrmRepository } from '../../core/ports.js';
import { CrmMapping, type CrmConnection, type CrmContactState, type CrmRun, type CrmRunReport, type VanMode } from '../../core/crm/model.js';
import type { ChatRef, Lang } from '../../core/model/common.js';
import { definedOnly, isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';

type Lean = Record<string, unknown> & { _id: Types.ObjectId };

function connectionOf(d: Lean): CrmConnection {
  const mappings = Array.isArray(d.mappings) ? d.mappings.flatMap((m) => {
    const parsed = CrmMapping.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  }) : [];
  return {
    orgId: d.orgId as string,
    kind: d.kind as CrmKind,
    sealedKey: d.sealedKey as string,
    connectedBy: d.connectedBy as string,
    connectedAt: d.connectedAt as Date,
    mappings,
    ...(typeof d.appName === 'string' ? { appName: d.appName } : {}),
    ...(typeof d.mode === 'string' ? { mode: d.mode as VanMode } : {}),
    ...(typeof d.account === 'string' ? { account: d.account } : {}),
    ...(d.catalog && typeof d.catalog === 'object' ? { catalog: d.catalog as CrmCatalog } : {}),
    ...(d.catalogAt instanceof Date ? { catalogAt: d.catalogAt } : {}),
  };
}

function stateOf(d: Lean): CrmContactState {
  return {
    orgId: d.orgId as string,
    kind: d.kind as CrmKind,
    contactId: d.contactId as string,
    ...(typeof d.externalId === 'string' ? { externalId: d.externalId } : {}),
    ...(typeof d.lastKey === 'string' ? { lastKey: d.lastKey } : {}),
    ...(typeof d.pendingKey === 'string' ? { pendingKey: d.pendingKey } : {}),
    ...(d.pendingAt instanceof Date ? { pendingAt: d.pendingAt } : {}),
  };
}

function runOf(d: Lean): CrmRun {
  return {
    id: d._id.toHexString(),
    orgId: d.orgId as string,
    kind: d.kind as CrmKind,
    campaignId: d.campaignId as string,
    status: d.status as CrmRun['status'],
    report: d.report as CrmRunReport,
    startedBy: d.startedBy as string,
    requestedBy: d.requestedBy as { platformUserId: string; lang: Lang },
    createdAt: d.createdAt as Date,
    ...(d.progressRef && typeof d.progressRef === 'object' ? { progressRef: d.progressRef as ChatRef } : {}),
    ...(typeof d.error === 'string' ? { error: d.error } : {}),
    ...(d.startedAt instanceof Date ? { startedAt: d.startedAt } : {}),
    ...(d.finishedAt instanceof Date ? { finishedAt: d.finishedAt } : {}),
  };
}

export function createMongoCrm({ models: { CrmConnection: Connections, CrmContactState: States, CrmRun: Runs } }: MongoContext): CrmRepository {
  return {
    async saveConnection(c) {
      const set = definedOnly({ sealedKey: c.sealedKey, appName: c.appName, mode: c.mode, account: c.account, connectedBy: c.connectedBy, connectedAt: c.connectedAt });
      const unset: Record<string, 1> = {};
      for (const k of ['appName', 'mode', 'account'] as const) if (c[k] === undefined) unset[k] = 1;
      const update = () =>
        Connections.findOneAndUpdate(
          { orgId: c.orgId, kind: c.kind },
          { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), $setOnInsert: { orgId: c.orgId, kind: c.kind, mappings: [] } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
      let d;
      try {
        d = await update();
      } catch (err) {
        // Two first connects race on the upsert; the loser updates the winner's record.
        if (!isDuplicateKeyError(err)) throw err;
        d = await update();
      }
      return connectionOf(d as Lean);
    },
    async getConnection(orgId, kind) {
      const d = await Connections.findOne({ orgId, kind }).lean();
      return d ? connectionOf(d as Lean) : null;
    },
    async listConnections(orgId) {
      const docs = await Connections.find({ orgId }).sort({ kind: 1 }).lean();
      return docs.map((d) => connectionOf(d as Lean));
    },
    async removeConnection(orgId, kind) {
      const r = await Connections.deleteOne({ orgId, kind });
      return r.deletedCount === 1;
    },
    async setCatalog(orgId, kind, catalog, at) {
      const d = await Connections.findOneAndUpdate({ orgId, kind }, { $set: { catalog, catalogAt: at } }, { returnDocument: 'after' }).lean();
      return d ? connectionOf(d as Lean) : null;
    },
    async setMapping(orgId, kind, mapping) {
      const parsed = CrmMapping.parse(mapping);
      // Pull then push in one pipeline update: the campaign's mapping is replaced atomically.
      const d = await Connections.findOneAndUpdate(
        { orgId, kind },
        [{ $set: { mappings: { $concatArrays: [{ $filter: { input: { $ifNull: ['$mappings', []] }, cond: { $ne: ['$$this.campaignId', parsed.campaignId] } } }, [{ $literal: parsed }]] } } }],
        { returnDocument: 'after', updatePipeline: true },
      ).lean();
      return d ? connectionOf(d as Lean) : null;
    },
    async getStates(orgId, kind, contactIds) {
      if (contactIds.length === 0) return [];
      const docs = await States.find({ orgId, kind, contactId: { $in: [...contactIds] } }).lean();
      return docs.map((d) => stateOf(d as Lean));
    },
    async claimPush(orgId, kind, contactId, key, now, staleBefore) {
      try {
        const r = await States.updateOne(
          { orgId, kind, contactId, lastKey: { $ne: key }, $or: [{ pendingKey: { $ne: key } }, { pendingAt: { $lt: staleBefore } }] },
          { $set: { pendingKey: key, pendingAt: now }, $setOnInsert: { orgId, kind, contactId } },
          { upsert: true },
        );
        return r.modifiedCount === 1 || r.upsertedCount === 1;
      } catch (err) {
        if (isDuplicateKeyError(err)) return false;
        throw err;
      }
    },
    async completePush(orgId, kind, contactId, key, externalId) {
      await States.updateOne(
        { orgId, kind, contactId },
        [
          {
            $set: {
              lastKey: key,
              ...(externalId ? { externalId } : {}),
              pendingKey: { $cond: [{ $eq: ['$pendingKey', key] }, '$$REMOVE', '$pendingKey'] },
              pendingAt: { $cond: [{ $eq: ['$pendingKey', key] }, '$$REMOVE', '$pendingAt'] },
            },
          },
        ],
        { upsert: true, updatePipeline: true },
      );
    },
    async abandonPush(orgId, kind, contactId, key) {
      await States.updateOne({ orgId, kind, contactId, pendingKey: key }, { $unset: { pendingKey: 1, pendingAt: 1 } });
    },
    async createRun(orgId, run, now) {
      const _id = new Types.ObjectId();
      const doc = { _id, ...definedOnly({ ...run, orgId }), status: 'queued', report: { sent: 0, skipped: {}, failed: {}, examples: {}, read: 0, total: 0 }, createdAt: now };
      await Runs.create(doc);
      return runOf(doc as unknown as Lean);
    },
    async getRun(orgId, runId) {
      const _id = toObjectId(runId);
      if (!_id) return null;
      const d = await Runs.findOne({ _id, orgId }).lean();
      return d ? runOf(d as Lean) : null;
    },
    async updateRun(orgId, runId, patch) {
      const _id = toObjectId(runId);
      if (!_id) return null;
      const d = await Runs.findOneAndUpdate({ _id, orgId }, { $set: definedOnly(patch) }, { returnDocument: 'after' }).lean();
      return d ? runOf(d as Lean) : null;
    },
    async listRuns(orgId, opts = {}) {
      const docs = await Runs.find({ orgId, ...(opts.campaignId !== undefined ? { campaignId: opts.campaignId } : {}) })
        .sort({ createdAt: -1, _id: -1 })
        .limit(opts.limit ?? 20)
        .lean();
      return docs.map((d) => runOf(d as Lean));
    },
  };
}
