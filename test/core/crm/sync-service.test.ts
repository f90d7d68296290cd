// The CRM sync run over the memory store and a recording CrmSync: what each contact becomes,
// what is skipped and why, retries, refusal of the key, and no duplicate write across runs.
import { describe, expect, it } from 'vitest';
import { runCrmSync } from '../../../src/core/crm/sync-service.js';
import { buildPersonUpdate } from '../../../src/core/crm/person-update.js';
import { vanIdOf } from '../../../src/core/crm/van-id.js';
import { clock, NOW, recordingCrm, seed, vanMapping } from './support.js';

const noSleep = async (): Promise<void> => undefined;

describe('VAN ID from the import', () => {
  it('finds it under any common spelling of the header, and tells a missing one from a bad one', () => {
    for (const header of ['VanID', 'VANID', 'van_id', 'Van ID', 'vanid', ' Van-Id ']) expect(vanIdOf({ [header]: ' 1234567 ' })).toEqual({ found: true, vanId: '1234567' });
    expect(vanIdOf({ State: 'TX' })).toEqual({ found: false, reason: 'no_van_id' });
    expect(vanIdOf({ VANID: 'abc' })).toEqual({ found: false, reason: 'invalid_van_id' });
    expect(vanIdOf({ VANID: '' })).toEqual({ found: false, reason: 'no_van_id' });
  });
});

describe('runCrmSync', () => {
  it('writes mapped answers and tags for delivered contacts only, skips the rest with reasons, and a second run writes nothing', async () => {
    const s = await seed([
      { name: 'Ada', delivered: true, answers: { q1: 'yes', q2: 'vol' }, tags: ['donor'], custom: { VanID: '1001' } },
      { name: 'Bo', delivered: true, answers: { q1: 'no' }, custom: { 'Van ID': '1002' } },
      { name: 'Cy', undelivered: true, answers: { q1: 'yes' }, custom: { van_id: '1003' } },
      { name: 'Di', custom: { vanid: '1004' } },
      { name: 'Ed', delivered: true, answers: { q1: 'yes' } },
      { name: 'Flo', delivered: true, tags: ['wrong_number'], custom: { VANID: '1006' } },
    ]);
    const crm = recordingCrm();
    const run = () => runCrmSync({ store: s.store, clock, sleep: noSleep }, { orgId: s.orgId, kind: 'van', campaign: { id: s.campaignId }, mapping: vanMapping(s.campaignId), crm });
    const first = await run();
    expect(first.report).toMatchObject({ sent: 3, skipped: { not_delivered: 2, no_van_id: 1 }, failed: {}, read: 6, total: 6 });
    // Flo's wrong-number tag is an outcome, not an unmapped tag; nobody else has an unmapped answer.
    expect(first.report.unmapped).toBeUndefined();
    const byId = new Map(crm.writes.map((w) => [w.contactId, w]));
    expect(byId.get(s.ids.Ada!)).toMatchObject({
      externalId: '1001',
      texted: { at: new Date(NOW.getTime() + 60_000) },
      surveyResponses: [{ questionId: 'sq-support', responseId: 'sr-yes' }],
      activistCodes: ['ac-donor', 'ac-volunteer'],
      optedOut: false,
    });
    expect(byId.get(s.ids.Bo!)?.surveyResponses).toEqual([{ questionId: 'sq-support', responseId: 'sr-no' }]);
    expect(byId.get(s.ids.Flo!)?.resultCode).toBe('rc-wrong-number');
    expect(byId.has(s.ids.Cy!)).toBe(false);
    expect(byId.has(s.ids.Di!)).toBe(false);

    const second = await run();
    expect(second.report).toMatchObject({ sent: 0, skipped: { unchanged: 3, not_delivered: 2, no_van_id: 1 } });
    expect(crm.writes).toHaveLength(3);

    // A new answer is new content: only that contact is written again.
    await s.store.contacts.setSurveyAnswer(s.orgId, s.ids.Bo!, 'q1', 'yes');
    await s.store.contacts.setSurveyAnswer(s.orgId, s.ids.Bo!, 'q9', 'later');
    expect((await run()).report).toMatchObject({ sent: 1, skipped: { unchanged: 2 }, unmapped: 1 });
    expect(crm.writes.at(-1)).toMatchObject({ contactId: s.ids.Bo, surveyResponses: [{ questionId: 'sq-support', responseId: 'sr-yes' }] });
  });

  it('tells an opt-out (with the mapped result code when the text was delivered), and writes nothing else for an undelivered one', async () => {
    const s = await seed([
      { name: 'Gus', delivered: true, optOut: true, answers: { q1: 'no' }, custom: { VanID: '2001' } },
      { name: 'Hal', undelivered: true, optOut: true, answers: { q1: 'no' }, custom: { VanID: '2002' } },
    ]);
    const crm = recordingCrm();
    await runCrmSync({ store: s.store, clock, sleep: noSleep }, { orgId: s.orgId, kind: 'van', campaign: { id: s.campaignId }, mapping: vanMapping(s.campaignId), crm });
    const byId = new Map(crm.writes.map((w) => [w.contactId, w]));
    expect(byId.get(s.ids.Gus!)).toMatchObject({ optedOut: true, resultCode: 'rc-refused', surveyResponses: [{ questionId: 'sq-support', responseId: 'sr-no' }] });
    expect(byId.get(s.ids.Hal!)).toMatchObject({ optedOut: true, surveyResponses: [], activistCodes: [] });
    expect(byId.get(s.ids.Hal!)?.texted).toBeUndefined();
    expect(byId.get(s.ids.Hal!)?.resultCode).toBeUndefined();
  });

  it('retries retryable failures with backoff, reports the others with example ids (never phones), and the next run retries them', async () => {
    const s = await seed([
      { name: 'Ivy', delivered: true, custom: { VanID: '3001' } },
      { name: 'Jo', delivered: true, custom: { VanID: '3002' } },
      { name: 'Kai', delivered: true, custom: { VanID: '3003' } },
    ]);
    const crm = recordingCrm();
    const limited = { contactId: s.ids.Ivy!, ok: false as const, reason: 'rate_limited' as const, retryable: true };
    crm.script.set(s.ids.Ivy!, [limited, limited]);
    crm.script.set(s.ids.Jo!, [{ contactId: s.ids.Jo!, ok: false, reason: 'not_found', retryable: false, detail: 'no such VAN ID' }]);
    crm.script.set(s.ids.Kai!, Array.from({ length: 9 }, () => ({ contactId: s.ids.Kai!, ok: false as const, reason: 'unavailable' as const, retryable: true })));
    const waits: number[] = [];
    const deps = { store: s.store, clock, sleep: async (ms: number) => void waits.push(ms) };
    const input = { orgId: s.orgId, kind: 'van' as const, campaign: { id: s.campaignId }, mapping: vanMapping(s.campaignId), crm, backoffMs: 100, maxAttempts: 4 };
    const { report } = await runCrmSync(deps, input);
    expect(report).toMatchObject({ sent: 1, failed: { not_found: 1, unavailable: 1 }, examples: { not_found: [s.ids.Jo], unavailable: [s.ids.Kai] } });
    expect(JSON.stringify(report)).not.toMatch(/\+1512/);
    expect(waits).toEqual([100, 200, 400]);
    expect(crm.writes.map((w) => w.contactId)).toEqual([s.ids.Ivy]);
    // The failed ones gave their claims back: the next run writes them.
    crm.script.clear();
    const again = await runCrmSync(deps, input);
    expect(again.report).toMatchObject({ sent: 2, skipped: { unchanged: 1 } });
  });

  it('stops at a refused key and says so', async () => {
    const s = await seed(Array.from({ length: 5 }, (_, i) => ({ name: `P${i}`, delivered: true, custom: { VanID: String(4000 + i) } })));
    const crm = recordingCrm();
    crm.push = async (batch) => batch.map((u) => ({ contactId: u.contactId, ok: false, reason: 'unauthorized', retryable: false }));
    const res = await runCrmSync({ store: s.store, clock, sleep: noSleep }, { orgId: s.orgId, kind: 'van', campaign: { id: s.campaignId }, mapping: undefined, crm, batchSize: 2 });
    expect(res.stopped).toBe('unauthorized');
    expect(res.report).toMatchObject({ read: 2, failed: { unauthorized: 2 } });
  });

  it('two runs at once write each contact exactly once', async () => {
    const s = await seed(Array.from({ length: 12 }, (_, i) => ({ name: `R${i}`, delivered: true, custom: { VanID: String(5000 + i) } })));
    const crm = recordingCrm();
    let open!: () => void;
    crm.gate = new Promise<void>((r) => (open = r));
    const input = { orgId: s.orgId, kind: 'van' as const, campaign: { id: s.campaignId }, mapping: vanMapping(s.campaignId), crm, batchSize: 5 };
    const a = runCrmSync({ store: s.store, clock, sleep: noSleep }, input);
    const b = runCrmSync({ store: s.store, clock, sleep: noSleep }, input);
    await new Promise((r) => setTimeout(r, 10));
    open();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.report.sent + rb.report.sent).toBe(12);
    expect(new Set(crm.writes.map((w) => w.contactId)).size).toBe(12);
    expect(crm.writes).toHaveLength(12);
  });

  it('resumes after a crash: a claim left by a dead run is taken again once stale, never while fresh', async () => {
    const s = await seed([{ name: 'Sam', delivered: true, custom: { VanID: '6001' } }]);
    const crm = recordingCrm();
    const input = { orgId: s.orgId, kind: 'van' as const, campaign: { id: s.campaignId }, mapping: vanMapping(s.campaignId), crm, staleAfterMs: 60_000 };
    const contact = await s.store.contacts.get(s.orgId, s.ids.Sam!);
    const initial = await s.store.messages.findInitial(s.orgId, s.ids.Sam!);
    const built = buildPersonUpdate({ kind: 'van', contact: contact!, mapping: vanMapping(s.campaignId), deliveredAt: initial!.history.at(-1)!.at, optedOut: false });
    if (!built.ok) throw new Error('not built');
    // The dead run claimed it 30 s ago and never finished.
    await s.store.crm.claimPush(s.orgId, 'van', s.ids.Sam!, built.update.idempotencyKey, new Date(NOW.getTime() - 30_000), new Date(0));
    expect((await runCrmSync({ store: s.store, clock, sleep: noSleep }, input)).report).toMatchObject({ sent: 0, skipped: { in_progress: 1 } });
    const later = { now: () => new Date(NOW.getTime() + 5 * 60_000) };
    expect((await runCrmSync({ store: s.store, clock: later, sleep: noSleep }, input)).report).toMatchObject({ sent: 1 });
    expect(crm.writes).toHaveLength(1);
  });

  it('Action Network: no VAN ID needed; the person id it returns is kept and does not make the content new', async () => {
    const s = await seed([{ name: 'Tia', delivered: true, answers: { q2: 'vol' }, tags: ['wrong_number'] }]);
    const crm = recordingCrm('action_network');
    const mapping = { ...vanMapping(s.campaignId), answers: [{ questionId: 'q2', answerId: 'vol', target: { activistCode: 'volunteer' } }] };
    const input = { orgId: s.orgId, kind: 'action_network' as const, campaign: { id: s.campaignId }, mapping, crm };
    expect((await runCrmSync({ store: s.store, clock, sleep: noSleep }, input)).report.sent).toBe(1);
    expect(crm.writes[0]).toMatchObject({ activistCodes: ['volunteer'] });
    // No result code for Action Network, even with the outcome mapped.
    expect(crm.writes[0]?.resultCode).toBeUndefined();
    expect(crm.writes[0]?.externalId).toBeUndefined();
    expect(await s.store.crm.getStates(s.orgId, 'action_network', [s.ids.Tia!])).toMatchObject([{ externalId: `an-${s.ids.Tia}` }]);
    expect((await runCrmSync({ store: s.store, clock, sleep: noSleep }, input)).report).toMatchObject({ sent: 0, skipped: { unchanged: 1 } });
  });
});
