// The CrmSync port's promises, checked on every implementation the same way: the simulated CRM,
// and the NGP VAN and Action Network clients against their local fakes. The sync run relies on
// each: one result per update in input order, ids from catalog() accepted by push(), push() never
// throwing (an unreachable CRM is a retryable failure per person), and a repeat being harmless.
import { afterEach, describe, expect, it } from 'vitest';
import { createActionNetworkCrm, createSimulatedCrmConnector, createVanCrm } from '../../../src/adapters/crm/index.js';
import type { CrmPersonUpdate, CrmSync } from '../../../src/core/ports.js';
import { AN_FAKE_TOKEN, startFakeActionNetwork } from '../../support/fake-action-network.js';
import { startFakeVan, VAN_DEFAULTS } from '../../support/fake-van.js';

interface Subject {
  crm: CrmSync;
  /** The CRM's person id for the test contact, when the CRM needs one. */
  externalId?: string;
  /** Makes the CRM unreachable (or failing) for the rest of the test. */
  breakIt(): Promise<void>;
  close(): Promise<void>;
}

const SUBJECTS: Record<string, () => Promise<Subject>> = {
  simulated: async () => {
    const connector = createSimulatedCrmConnector();
    return {
      crm: connector.open('van', { apiKey: 'contract' }),
      breakIt: async () => connector.crm('van', 'contract').failNext('unavailable', 100),
      close: async () => {},
    };
  },
  van: async () => {
    const fake = await startFakeVan();
    return {
      crm: createVanCrm({ apiKey: VAN_DEFAULTS.apiKey, appName: VAN_DEFAULTS.appName, baseUrl: fake.url }),
      externalId: String(VAN_DEFAULTS.people[0]?.vanId),
      breakIt: () => fake.close(),
      close: () => fake.close(),
    };
  },
  action_network: async () => {
    const fake = await startFakeActionNetwork({ tags: ['Volunteer', 'Support: Yes', 'Support: No'] });
    return {
      crm: createActionNetworkCrm({ apiKey: AN_FAKE_TOKEN, baseUrl: fake.url }),
      breakIt: () => fake.close(),
      close: () => fake.close(),
    };
  },
};

let open: Subject | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe.each(Object.keys(SUBJECTS))('CrmSync contract: %s', (name) => {
  async function subject(): Promise<Subject> {
    open = await (SUBJECTS[name] as () => Promise<Subject>)();
    return open;
  }

  async function updateFromCatalog(s: Subject, over: Partial<CrmPersonUpdate> = {}): Promise<CrmPersonUpdate> {
    const catalog = await s.crm.catalog();
    const question = catalog.surveyQuestions[0];
    const response = question?.responses[0];
    const code = catalog.activistCodes[0];
    expect(question && response && code).toBeTruthy();
    return {
      contactId: 'c-1',
      ...(s.externalId ? { externalId: s.externalId } : {}),
      person: { firstName: 'Ada', lastName: 'Voter', phone: '+12025550143' },
      texted: { at: new Date('2026-11-01T15:00:00Z') },
      surveyResponses: [{ questionId: question?.id ?? '', responseId: response?.id ?? '' }],
      activistCodes: [code?.id ?? ''],
      optedOut: false,
      idempotencyKey: 'c-1:content-1',
      ...over,
    };
  }

  it('verifies its key', async () => {
    const s = await subject();
    expect(await s.crm.verify()).toMatchObject({ ok: true });
  });

  it('accepts the ids its own catalog lists, and returns the person id', async () => {
    const s = await subject();
    const [r] = await s.crm.push([await updateFromCatalog(s)]);
    expect(r).toMatchObject({ contactId: 'c-1', ok: true });
    expect(r?.ok && typeof r.externalId).toBe('string');
  });

  it('answers one result per update, in input order, good and bad mixed', async () => {
    const s = await subject();
    const good = await updateFromCatalog(s);
    const batch = [
      { ...good, contactId: 'a', idempotencyKey: 'a' },
      { ...good, contactId: 'b', idempotencyKey: 'b', texted: undefined },
      { ...good, contactId: 'c', idempotencyKey: 'c' },
    ];
    const results = await s.crm.push(batch);
    expect(results.map((r) => [r.contactId, r.ok])).toEqual(name === 'action_network' ? [['a', true], ['b', true], ['c', true]] : [['a', true], ['b', false], ['c', true]]);
  });

  it('a repeat of the same content is harmless and gives the same answer', async () => {
    const s = await subject();
    const u = await updateFromCatalog(s);
    const first = await s.crm.push([u]);
    expect(await s.crm.push([u])).toEqual(first);
  });

  it('never throws from push: an unreachable CRM is a retryable failure for each person', async () => {
    const s = await subject();
    const u = await updateFromCatalog(s);
    await s.breakIt();
    const results = await s.crm.push([u, { ...u, contactId: 'c-2', idempotencyKey: 'c-2' }]);
    expect(results).toHaveLength(2);
    for (const r of results) expect(r).toMatchObject({ ok: false, reason: 'unavailable', retryable: true });
    expect(await s.crm.verify()).toEqual({ ok: false, reason: 'unavailable' });
  });
});
