/**
 * Store contract: CRM connections (sealed key only), per-campaign mappings, the catalog snapshot,
 * per-contact sync state with its atomic claim (two runs never write the same content twice) and
 * sync runs.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import type { CrmMapping, NewCrmConnection } from '../../../src/core/crm/model.js';
import { CONTRACT_NOW, at, seedOrg } from './fixtures.js';

const connection = (orgId: string, extra: Partial<NewCrmConnection> = {}): NewCrmConnection => ({
  orgId,
  kind: 'van',
  sealedKey: 'v1.sealed-bytes',
  appName: 'textbank.app',
  mode: 'my_campaign',
  connectedBy: 'member-1',
  connectedAt: CONTRACT_NOW,
  ...extra,
});

const mapping = (campaignId: string, extra: Partial<CrmMapping> = {}): CrmMapping => ({
  campaignId,
  answers: [{ questionId: 'q1', answerId: 'yes', target: { questionId: '101', responseId: '1001' } }],
  tags: [{ tagId: 'vol', activistCode: '501' }],
  outcomes: [{ outcome: 'wrong_number', resultCode: '20' }],
  updatedAt: CONTRACT_NOW,
  updatedBy: 'member-1',
  ...extra,
});

export function crmContract(get: () => Store): void {
  describe('crm', () => {
    it('saves one connection per (org, kind); connecting again replaces the key and keeps the mappings', async () => {
      const s = get();
      const org = await seedOrg(s);
      await s.crm.saveConnection(connection(org.id));
      await s.crm.setMapping(org.id, 'van', mapping('c1'));
      const again = await s.crm.saveConnection(connection(org.id, { sealedKey: 'v1.other', mode: 'my_voters', appName: undefined, connectedAt: at(5) }));
      expect(again).toMatchObject({ sealedKey: 'v1.other', mode: 'my_voters', connectedAt: at(5) });
      expect(again.appName).toBeUndefined();
      expect(again.mappings.map((m) => m.campaignId)).toEqual(['c1']);
      await s.crm.saveConnection(connection(org.id, { kind: 'action_network', appName: undefined, mode: undefined }));
      expect((await s.crm.listConnections(org.id)).map((c) => c.kind).sort()).toEqual(['action_network', 'van']);
      expect(await s.crm.getConnection(org.id, 'van')).toMatchObject({ sealedKey: 'v1.other', connectedBy: 'member-1' });
    });

    it('replaces one campaign mapping without touching another, and stores the catalog snapshot', async () => {
      const s = get();
      const org = await seedOrg(s);
      expect(await s.crm.setMapping(org.id, 'van', mapping('c1'))).toBeNull();
      await s.crm.saveConnection(connection(org.id));
      await s.crm.setMapping(org.id, 'van', mapping('c1'));
      await s.crm.setMapping(org.id, 'van', mapping('c2', { tags: [] }));
      const after = await s.crm.setMapping(org.id, 'van', mapping('c1', { answers: [{ questionId: 'q1', answerId: 'no', target: { activistCode: '77' } }] }));
      const byCampaign = Object.fromEntries((after?.mappings ?? []).map((m) => [m.campaignId, m]));
      expect(byCampaign.c1?.answers).toEqual([{ questionId: 'q1', answerId: 'no', target: { activistCode: '77' } }]);
      expect(byCampaign.c2?.tags).toEqual([]);
      expect(after?.mappings).toHaveLength(2);
      const catalog = { surveyQuestions: [{ id: '101', name: 'Support', responses: [{ id: '1001', name: 'Yes' }] }], activistCodes: [{ id: '501', name: 'Volunteer' }], resultCodes: [] };
      expect((await s.crm.setCatalog(org.id, 'van', catalog, at(1)))?.catalog).toEqual(catalog);
      expect((await s.crm.getConnection(org.id, 'van'))?.catalogAt).toEqual(at(1));
    });

    it('removes a connection, scoped by org', async () => {
      const s = get();
      const a = await seedOrg(s, 'Org A');
      const b = await seedOrg(s, 'Org B');
      await s.crm.saveConnection(connection(a.id));
      expect(await s.crm.getConnection(b.id, 'van')).toBeNull();
      expect(await s.crm.removeConnection(b.id, 'van')).toBe(false);
      expect(await s.crm.removeConnection(a.id, 'van')).toBe(true);
      expect(await s.crm.getConnection(a.id, 'van')).toBeNull();
      expect(await s.crm.removeConnection(a.id, 'van')).toBe(false);
    });

    it('claims a push once per content: the same key again is refused, a new key is claimed', async () => {
      const s = get();
      const org = await seedOrg(s);
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', CONTRACT_NOW, at(-10))).toBe(true);
      // Another run while the first is still writing it.
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', at(1), at(-9))).toBe(false);
      await s.crm.completePush(org.id, 'van', 'k1', 'hash-a', '123456');
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', at(2), at(-8))).toBe(false);
      expect(await s.crm.getStates(org.id, 'van', ['k1', 'nobody'])).toEqual([{ orgId: org.id, kind: 'van', contactId: 'k1', externalId: '123456', lastKey: 'hash-a' }]);
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-b', at(3), at(-7))).toBe(true);
      // The same contact in the other CRM, or in another org, is its own state.
      expect(await s.crm.claimPush(org.id, 'action_network', 'k1', 'hash-a', at(3), at(-7))).toBe(true);
      const other = await seedOrg(s, 'Org B');
      expect(await s.crm.claimPush(other.id, 'van', 'k1', 'hash-a', at(3), at(-7))).toBe(true);
    });

    it('a failed write gives its claim back; a crashed one is claimable again once stale', async () => {
      const s = get();
      const org = await seedOrg(s);
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', CONTRACT_NOW, at(-10))).toBe(true);
      await s.crm.abandonPush(org.id, 'van', 'k1', 'hash-a');
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', at(1), at(-9))).toBe(true);
      // The claimer crashed (no complete, no abandon): refused while fresh, claimable once older than staleBefore.
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', at(5), at(0))).toBe(false);
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', at(20), at(10))).toBe(true);
      // Abandoning someone else's claim (another key) changes nothing.
      await s.crm.abandonPush(org.id, 'van', 'k1', 'hash-z');
      expect(await s.crm.claimPush(org.id, 'van', 'k1', 'hash-a', at(21), at(11))).toBe(false);
    });

    it('concurrency: of many runs claiming the same content at once, exactly one wins', async () => {
      const s = get();
      const org = await seedOrg(s);
      const contacts = ['k1', 'k2', 'k3', 'k4'];
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, run) => Promise.all(contacts.map(async (c) => ((await s.crm.claimPush(org.id, 'van', c, `hash-${c}`, at(run), at(-60))) ? c : null)))),
      );
      const won = claims.flat().filter((c): c is string => c !== null).sort();
      expect(won).toEqual(contacts);
    });

    it('records runs: create, update, read back newest first, scoped by org and campaign', async () => {
      const s = get();
      const org = await seedOrg(s);
      const base = { kind: 'van' as const, startedBy: 'member-1', requestedBy: { platformUserId: 'U1', lang: 'es' as const } };
      const r1 = await s.crm.createRun(org.id, { ...base, campaignId: 'c1' }, at(1));
      const r2 = await s.crm.createRun(org.id, { ...base, campaignId: 'c2' }, at(2));
      expect(r1).toMatchObject({ orgId: org.id, status: 'queued', campaignId: 'c1', createdAt: at(1), report: { sent: 0, read: 0 } });
      const ref = { platform: 'slack' as const, channelId: 'C1', messageId: '171.2' };
      const report = { sent: 3, skipped: { no_van_id: 2 }, failed: { rejected: 1 }, examples: { rejected: ['k9'] }, read: 6, total: 6 };
      const done = await s.crm.updateRun(org.id, r1.id, { status: 'done', report, progressRef: ref, startedAt: at(1), finishedAt: at(3) });
      expect(done).toMatchObject({ status: 'done', report, progressRef: ref, finishedAt: at(3) });
      expect((await s.crm.getRun(org.id, r1.id))?.report).toEqual(report);
      expect((await s.crm.listRuns(org.id)).map((r) => r.id)).toEqual([r2.id, r1.id]);
      expect((await s.crm.listRuns(org.id, { campaignId: 'c1' })).map((r) => r.id)).toEqual([r1.id]);
      expect((await s.crm.listRuns(org.id, { limit: 1 })).map((r) => r.id)).toEqual([r2.id]);
      const other = await seedOrg(s, 'Org B');
      expect(await s.crm.getRun(other.id, r1.id)).toBeNull();
      expect(await s.crm.updateRun(other.id, r1.id, { status: 'failed' })).toBeNull();
      expect(await s.crm.listRuns(other.id)).toEqual([]);
      expect(await s.crm.getRun(org.id, 'not-an-id')).toBeNull();
    });
  });
}
