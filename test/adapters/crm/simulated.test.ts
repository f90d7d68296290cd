import { describe, expect, it } from 'vitest';
import { createCrmConnector, createSimulatedCrmConnector, SIMULATED_CATALOG } from '../../../src/adapters/crm/index.js';
import type { CrmPersonUpdate } from '../../../src/core/ports.js';

function update(over: Partial<CrmPersonUpdate> = {}): CrmPersonUpdate {
  return {
    contactId: 'c1',
    person: { firstName: 'Ada', lastName: 'Voter', phone: '+12025550143' },
    texted: { at: new Date('2026-11-01T15:00:00Z') },
    surveyResponses: [{ questionId: 'sq-support', responseId: 'sr-yes' }],
    activistCodes: ['ac-volunteer'],
    optedOut: false,
    idempotencyKey: 'c1:v1',
    ...over,
  };
}

describe('simulated CRM', () => {
  it('offers the fixed catalog: Support Yes/No/Maybe, Volunteer and Donor, four result codes', async () => {
    const crm = createCrmConnector({ simulated: true }).open('van', { apiKey: 'k', appName: 'a' });
    const catalog = await crm.catalog();
    expect(catalog).toEqual(SIMULATED_CATALOG);
    expect(catalog.surveyQuestions[0]?.responses.map((r) => r.name)).toEqual(['Yes', 'No', 'Maybe']);
    expect(catalog.activistCodes.map((c) => c.name)).toEqual(['Volunteer', 'Donor']);
    expect(catalog.resultCodes.map((c) => c.name)).toEqual(['Wrong Number', 'Moved', 'Deceased', 'Refused']);
  });

  it('verifies a key and refuses an empty or "bad..." one', async () => {
    const connector = createSimulatedCrmConnector();
    expect(await connector.open('action_network', { apiKey: 'good' }).verify()).toMatchObject({ ok: true });
    expect(await connector.open('action_network', { apiKey: 'bad-key' }).verify()).toEqual({ ok: false, reason: 'unauthorized' });
    const results = await connector.open('van', { apiKey: '' }).push([update()]);
    expect(results[0]).toMatchObject({ ok: false, reason: 'unauthorized', retryable: false });
  });

  it('records a push, mints an id, and a re-run with the same idempotency key writes nothing new', async () => {
    const connector = createSimulatedCrmConnector();
    const crm = connector.open('van', { apiKey: 'k' });
    const [first] = await crm.push([update()]);
    expect(first).toEqual({ contactId: 'c1', ok: true, externalId: 'sim-van-1' });
    const [again] = await crm.push([update()]);
    expect(again).toEqual(first);
    const sim = connector.crm('van', 'k');
    expect(sim.pushes).toHaveLength(2);
    expect(sim.person('sim-van-1')).toMatchObject({ surveyResponses: { 'sq-support': 'sr-yes' }, activistCodes: ['ac-volunteer'], optedOut: false });
    expect(sim.person('sim-van-1')?.contactAttempts).toHaveLength(1);
  });

  it('finds the same person by phone, keeps the latest answer and logs no contact attempt without a delivered text', async () => {
    const connector = createSimulatedCrmConnector();
    const crm = connector.open('van', { apiKey: 'k' });
    await crm.push([update()]);
    const [r] = await crm.push([update({ idempotencyKey: 'c1:v2', texted: undefined, surveyResponses: [], activistCodes: ['ac-donor'], optedOut: true })]);
    expect(r).toMatchObject({ ok: true, externalId: 'sim-van-1' });
    const p = connector.crm('van', 'k').person('sim-van-1');
    expect(p?.activistCodes).toEqual(['ac-volunteer', 'ac-donor']);
    expect(p?.contactAttempts).toHaveLength(1);
    expect(p?.optedOut).toBe(true);
  });

  it('refuses unknown ids and answers or result codes without a delivered text, one result per update in order', async () => {
    const crm = createSimulatedCrmConnector().open('van', { apiKey: 'k' });
    const results = await crm.push([
      update({ contactId: 'a', idempotencyKey: 'a', activistCodes: ['nope'] }),
      update({ contactId: 'b', idempotencyKey: 'b', texted: undefined, resultCode: 'rc-wrong-number', surveyResponses: [], activistCodes: [] }),
      update({ contactId: 'c', idempotencyKey: 'c', surveyResponses: [], activistCodes: [], resultCode: 'rc-moved' }),
    ]);
    expect(results.map((r) => [r.contactId, r.ok])).toEqual([['a', false], ['b', false], ['c', true]]);
    expect(results[0]).toMatchObject({ reason: 'invalid', retryable: false });
    expect(results[1]).toMatchObject({ reason: 'invalid' });
  });

  it('can be told to fail: rate_limited is retryable and the next push succeeds', async () => {
    const connector = createSimulatedCrmConnector();
    const crm = connector.open('van', { apiKey: 'k' });
    connector.crm('van', 'k').failNext('rate_limited');
    const [r1] = await crm.push([update()]);
    expect(r1).toMatchObject({ ok: false, reason: 'rate_limited', retryable: true });
    const [r2] = await crm.push([update()]);
    expect(r2).toMatchObject({ ok: true });
    connector.crm('van', 'k').failNext('unavailable');
    await expect(crm.catalog()).rejects.toMatchObject({ reason: 'unavailable', retryable: true });
  });

  it('keeps orgs apart: another key opens another CRM', async () => {
    const connector = createSimulatedCrmConnector();
    await connector.open('van', { apiKey: 'org-1' }).push([update()]);
    expect(connector.crm('van', 'org-1').people()).toHaveLength(1);
    expect(connector.crm('van', 'org-2').people()).toHaveLength(0);
    expect(connector.crm('action_network', 'org-1').people()).toHaveLength(0);
  });
});
