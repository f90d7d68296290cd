/** CRM connections, mappings, per-contact sync state and sync runs, in memory. */
import type { CrmRepository } from '../../core/ports.js';
import type { CrmConnection, CrmContactState, CrmRun } from '../../core/crm/model.js';
import { emptyReport } from '../../core/crm/model.js';
import { copy, definedOnly, key } from './support.js';
import type { MemoryContext } from './support.js';

export function createMemoryCrm(ctx: MemoryContext): CrmRepository {
  const connections = new Map<string, CrmConnection>();
  const states = new Map<string, CrmContactState>();
  const runs = new Map<string, CrmRun>();

  return {
    async saveConnection(c) {
      const k = key(c.orgId, c.kind);
      const before = connections.get(k);
      const next: CrmConnection = {
        ...copy(c),
        mappings: before?.mappings ?? [],
        ...(before?.catalog ? { catalog: before.catalog } : {}),
        ...(before?.catalogAt ? { catalogAt: before.catalogAt } : {}),
      };
      connections.set(k, next);
      return copy(next);
    },
    async getConnection(orgId, kind) {
      const c = connections.get(key(orgId, kind));
      return c ? copy(c) : null;
    },
    async listConnections(orgId) {
      return [...connections.values()].filter((c) => c.orgId === orgId).map(copy);
    },
    async removeConnection(orgId, kind) {
      return connections.delete(key(orgId, kind));
    },
    async setCatalog(orgId, kind, catalog, at) {
      const c = connections.get(key(orgId, kind));
      if (!c) return null;
      c.catalog = copy(catalog);
      c.catalogAt = new Date(at);
      return copy(c);
    },
    async setMapping(orgId, kind, mapping) {
      const c = connections.get(key(orgId, kind));
      if (!c) return null;
      c.mappings = [...c.mappings.filter((m) => m.campaignId !== mapping.campaignId), copy(mapping)];
      return copy(c);
    },
    async getStates(orgId, kind, contactIds) {
      const out: CrmContactState[] = [];
      for (const id of contactIds) {
        const s = states.get(key(orgId, kind, id));
        if (s) out.push(copy(s));
      }
      return out;
    },
    async claimPush(orgId, kind, contactId, k, now, staleBefore) {
      const id = key(orgId, kind, contactId);
      const s = states.get(id);
      if (s?.lastKey === k) return false;
      if (s?.pendingKey === k && s.pendingAt && s.pendingAt.getTime() >= staleBefore.getTime()) return false;
      states.set(id, { ...(s ?? { orgId, kind, contactId }), pendingKey: k, pendingAt: new Date(now) });
      return true;
    },
    async completePush(orgId, kind, contactId, k, externalId) {
      const id = key(orgId, kind, contactId);
      const s = states.get(id) ?? { orgId, kind, contactId };
      const next: CrmContactState = { ...s, lastKey: k, ...(externalId ? { externalId } : {}) };
      if (next.pendingKey === k) {
        delete next.pendingKey;
        delete next.pendingAt;
      }
      states.set(id, next);
    },
    async abandonPush(orgId, kind, contactId, k) {
      const s = states.get(key(orgId, kind, contactId));
      if (s?.pendingKey !== k) return;
      delete s.pendingKey;
      delete s.pendingAt;
    },
    async createRun(orgId, run, now) {
      const r: CrmRun = { ...copy(run), orgId, id: ctx.newId(), status: 'queued', report: emptyReport(), createdAt: new Date(now) };
      runs.set(r.id, r);
      return copy(r);
    },
    async getRun(orgId, runId) {
      const r = runs.get(runId);
      return r && r.orgId === orgId ? copy(r) : null;
    },
    async updateRun(orgId, runId, patch) {
      const r = runs.get(runId);
      if (!r || r.orgId !== orgId) return null;
      Object.assign(r, copy(definedOnly(patch)));
      return copy(r);
    },
    async listRuns(orgId, opts = {}) {
      return [...runs.values()]
        .filter((r) => r.orgId === orgId && (opts.campaignId === undefined || r.campaignId === opts.campaignId))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, opts.limit ?? 20)
        .map(copy);
    },
  };
}
