import { afterEach, describe, expect, it } from 'vitest';
import { createCrmConnector, createVanCrm } from '../../../src/adapters/crm/index.js';
import type { CrmPersonUpdate, CrmSync } from '../../../src/core/ports.js';
import { startFakeVan, VAN_DEFAULTS, type FakeVan } from '../../support/fake-van.js';

let van: FakeVan | undefined;
afterEach(async () => {
  await van?.close();
  van = undefined;
});

async function setup(opts: Parameters<typeof startFakeVan>[0] = {}, client: Partial<Parameters<typeof createVanCrm>[0]> = {}): Promise<{ fake: FakeVan; crm: CrmSync }> {
  van = await startFakeVan(opts);
  const crm = createVanCrm({ apiKey: VAN_DEFAULTS.apiKey, appName: VAN_DEFAULTS.appName, baseUrl: van.url, ...client });
  return { fake: van, crm };
}

const TEXTED_AT = new Date('2026-11-01T15:04:05.000Z');

function update(over: Partial<CrmPersonUpdate> = {}): CrmPersonUpdate {
  return {
    contactId: 'c1',
    externalId: '100479',
    person: { firstName: 'Ada', lastName: 'Voter', phone: '+12025550143' },
    texted: { at: TEXTED_AT },
    surveyResponses: [],
    activistCodes: [],
    optedOut: false,
    idempotencyKey: 'c1:k1',
    ...over,
  };
}

const canvassPosts = (fake: FakeVan) => fake.requests.filter((r) => r.path.endsWith('/canvassResponses'));

describe('NGP VAN client', () => {
  it('sends Basic auth as appName:apiKey|mode and verifies with POST /echoes', async () => {
    const { fake, crm } = await setup();
    expect(await crm.verify()).toEqual({ ok: true });
    const echo = fake.requests.at(-1);
    expect(echo?.method).toBe('POST');
    expect(echo?.path).toBe('/v4/echoes');
    expect(echo?.authorization).toBe(`Basic ${Buffer.from(`${VAN_DEFAULTS.appName}:${VAN_DEFAULTS.apiKey}|0`).toString('base64')}`);
  });

  it('answers unauthorized for a wrong key or the wrong database mode, unavailable when VAN is unreachable', async () => {
    const { fake } = await setup({ mode: 1 });
    expect(await createVanCrm({ apiKey: VAN_DEFAULTS.apiKey, appName: VAN_DEFAULTS.appName, mode: 0, baseUrl: fake.url }).verify()).toEqual({ ok: false, reason: 'unauthorized' });
    expect(await createVanCrm({ apiKey: 'wrong', appName: VAN_DEFAULTS.appName, mode: 1, baseUrl: fake.url }).verify()).toEqual({ ok: false, reason: 'unauthorized' });
    expect(await createVanCrm({ apiKey: VAN_DEFAULTS.apiKey, appName: VAN_DEFAULTS.appName, mode: 1, baseUrl: fake.url }).verify()).toEqual({ ok: true });
    const url = fake.url;
    await fake.close();
    van = undefined;
    expect(await createVanCrm({ apiKey: VAN_DEFAULTS.apiKey, appName: VAN_DEFAULTS.appName, baseUrl: url }).verify()).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('reads the whole catalog, following nextPageLink across pages', async () => {
    const { fake, crm } = await setup({ pageSize: 2 });
    const catalog = await crm.catalog();
    expect(catalog.surveyQuestions.map((q) => q.name)).toEqual(['Support', 'Vote plan', 'Issue']);
    expect(catalog.surveyQuestions[0]).toEqual({ id: '101', name: 'Support', responses: [{ id: '1001', name: 'Yes' }, { id: '1002', name: 'No' }] });
    expect(catalog.activistCodes).toEqual([{ id: '201', name: 'Volunteer' }, { id: '202', name: 'Donor' }, { id: '203', name: 'Host' }]);
    expect(catalog.resultCodes.map((c) => c.id)).toEqual(['20', '23', '25', '130']);
    expect(fake.requests.filter((r) => r.path === '/v4/surveyQuestions')).toHaveLength(2);
    expect(fake.requests.filter((r) => r.path === '/v4/activistCodes')).toHaveLength(2);
    expect(fake.requests.find((r) => r.path === '/v4/surveyQuestions')?.query.get('$top')).toBe('200');
  });

  it('retries a catalog read after a 503, and reports rate_limited when VAN keeps answering 429', async () => {
    const { fake, crm } = await setup();
    fake.failNext(503, 1);
    expect((await crm.catalog()).activistCodes).toHaveLength(3);
    fake.failNext(429, 50, { retryAfter: '0' });
    await expect(crm.catalog()).rejects.toMatchObject({ reason: 'rate_limited', retryable: true });
  });

  it('pushes survey responses and activist codes as one canvass response with the SMS contact context', async () => {
    const { fake, crm } = await setup();
    const [result] = await crm.push([
      update({ surveyResponses: [{ questionId: '101', responseId: '1001' }], activistCodes: ['201', '202'] }),
    ]);
    expect(result).toEqual({ contactId: 'c1', ok: true, externalId: '100479' });
    expect(fake.canvassed).toHaveLength(1);
    expect(fake.canvassed[0]).toEqual({
      vanId: 100479,
      body: {
        canvassContext: { contactTypeId: 37, inputTypeId: 11, dateCanvassed: '2026-11-01T15:04:05.000Z', phone: { dialingPrefix: '1', phoneNumber: '2025550143' } },
        responses: [
          { type: 'SurveyResponse', surveyQuestionId: 101, surveyResponseId: 1001 },
          { type: 'ActivistCode', activistCodeId: 201, action: 'Apply' },
          { type: 'ActivistCode', activistCodeId: 202, action: 'Apply' },
        ],
      },
    });
  });

  it('sends a result code on its own canvass response (VAN takes a result code or responses, never both)', async () => {
    const { fake, crm } = await setup();
    const [result] = await crm.push([update({ resultCode: '130', activistCodes: ['203'] })]);
    expect(result).toMatchObject({ ok: true });
    expect(fake.canvassed.map((c) => c.body.resultCodeId ?? null)).toEqual([130, null]);
    expect(fake.canvassed[0]?.body.canvassContext?.contactTypeId).toBe(37);
    expect(fake.canvassed[1]?.body.responses).toEqual([{ type: 'ActivistCode', activistCodeId: 203, action: 'Apply' }]);
  });

  it('a retry after the responses failed does not send the result code (the contact) twice', async () => {
    const { fake, crm } = await setup({}, { contactTypeId: 37 });
    const u = update({ resultCode: '130', activistCodes: ['203'] });
    fake.failNext(503, 1, { skip: 1 });
    const [failed] = await crm.push([u]);
    expect(failed).toMatchObject({ ok: false, reason: 'unavailable', retryable: true });
    expect(fake.canvassed.map((c) => c.body.resultCodeId)).toEqual([130]);
    const [retried] = await crm.push([u]);
    expect(retried).toMatchObject({ ok: true, externalId: '100479' });
    expect(fake.canvassed.map((c) => c.body.resultCodeId ?? 'responses')).toEqual([130, 'responses']);
    expect(canvassPosts(fake)).toHaveLength(3);
  });

  it('logs no contact attempt for an undelivered text: activist codes only, with omitActivistCodeContactHistory', async () => {
    const { fake, crm } = await setup();
    const [ok] = await crm.push([update({ texted: undefined, activistCodes: ['201'] })]);
    expect(ok).toMatchObject({ ok: true });
    expect(fake.canvassed[0]?.body).toEqual({ canvassContext: { omitActivistCodeContactHistory: true }, responses: [{ type: 'ActivistCode', activistCodeId: 201, action: 'Apply' }] });

    const before = fake.requests.length;
    const [refused] = await crm.push([update({ idempotencyKey: 'c1:k2', texted: undefined, resultCode: '20' })]);
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', retryable: false });
    const [nothing] = await crm.push([update({ idempotencyKey: 'c1:k3', texted: undefined })]);
    expect(nothing).toEqual({ contactId: 'c1', ok: true, externalId: '100479' });
    expect(fake.requests.length).toBe(before);
  });

  it('finds the VAN ID with POST /people/find when the contact has none, and reports not_found when VAN has no match', async () => {
    const { fake, crm } = await setup();
    const [found, missing] = await crm.push([
      update({ externalId: undefined, activistCodes: ['201'] }),
      update({ contactId: 'c2', idempotencyKey: 'c2:k1', externalId: undefined, person: { phone: '+12025550199', firstName: 'No', lastName: 'Match' }, activistCodes: ['201'] }),
    ]);
    expect(found).toEqual({ contactId: 'c1', ok: true, externalId: '100479' });
    expect(missing).toMatchObject({ contactId: 'c2', ok: false, reason: 'not_found', retryable: false });
    const find = fake.requests.find((r) => r.path === '/v4/people/find');
    expect(find?.body).toEqual({ firstName: 'Ada', lastName: 'Voter', phones: [{ phoneNumber: '12025550143' }] });
    expect(fake.canvassed).toHaveLength(1);
  });

  it('maps VAN errors: unknown person 404 -> not_found, a bad id 400 -> invalid with VAN\'s text', async () => {
    const { crm } = await setup();
    const results = await crm.push([
      update({ contactId: 'a', idempotencyKey: 'a', externalId: '555', activistCodes: ['201'] }),
      update({ contactId: 'b', idempotencyKey: 'b', activistCodes: ['999'] }),
      update({ contactId: 'c', idempotencyKey: 'c', activistCodes: ['volunteer'] }),
    ]);
    expect(results[0]).toMatchObject({ contactId: 'a', ok: false, reason: 'not_found', retryable: false });
    expect(results[1]).toMatchObject({ contactId: 'b', ok: false, reason: 'invalid', retryable: false });
    expect(results[1]?.ok === false && results[1].detail).toContain('Invalid activistCodeId');
    expect(results[2]).toMatchObject({ contactId: 'c', ok: false, reason: 'invalid' });
  });

  it('on 429 or 503 reports a retryable failure and holds back the rest of the batch; a bad key is unauthorized', async () => {
    const { fake, crm } = await setup({}, { concurrency: 1, contactTypeId: 37 });
    const batch = ['a', 'b', 'c'].map((id) => update({ contactId: id, idempotencyKey: id, activistCodes: ['201'] }));
    fake.failNext(429, 1, { retryAfter: '2' });
    const limited = await crm.push(batch);
    expect(limited.map((r) => r.ok === false && r.reason)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    expect(limited.every((r) => r.ok === false && r.retryable)).toBe(true);
    expect(canvassPosts(fake)).toHaveLength(1);

    fake.failNext(503, 1);
    const down = await crm.push(batch);
    expect(down[0]).toMatchObject({ ok: false, reason: 'unavailable', retryable: true });

    const wrong = createVanCrm({ apiKey: 'nope', appName: VAN_DEFAULTS.appName, baseUrl: fake.url, concurrency: 1, contactTypeId: 37 });
    const refused = await wrong.push(batch);
    expect(refused.map((r) => r.ok === false && r.reason)).toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
    expect(refused[0]).toMatchObject({ retryable: false });
  });

  it('times out a slow VAN as unavailable (retryable)', async () => {
    const { fake, crm } = await setup({}, { timeoutMs: 100, contactTypeId: 37 });
    fake.delayMs = 400;
    const [r] = await crm.push([update({ activistCodes: ['201'] })]);
    expect(r).toMatchObject({ ok: false, reason: 'unavailable', retryable: true });
  });

  it('is safe to repeat: an idempotency key already pushed (or repeated in the batch) is written once', async () => {
    const { fake, crm } = await setup();
    const u = update({ surveyResponses: [{ questionId: '101', responseId: '1002' }] });
    const first = await crm.push([u, { ...u, contactId: 'c1-dup' }]);
    expect(first.map((r) => r.ok)).toEqual([true, true]);
    expect(first[1]).toMatchObject({ contactId: 'c1-dup', externalId: '100479' });
    expect(await crm.push([u])).toEqual([first[0]]);
    expect(fake.canvassed).toHaveLength(1);
  });

  it('refuses a non-https base URL except on 127.0.0.1, and the connector opens VAN with mode and app name', async () => {
    expect(() => createVanCrm({ apiKey: 'k', appName: 'a', baseUrl: 'http://example.org/v4' })).toThrow(/https/);
    expect(() => createVanCrm({ apiKey: 'k', appName: 'a', baseUrl: 'http://localhost:1/v4' })).toThrow(/https/);
    const { fake } = await setup({ mode: 1 });
    const crm = createCrmConnector({ baseUrls: { van: fake.url } }).open('van', { apiKey: VAN_DEFAULTS.apiKey, appName: VAN_DEFAULTS.appName, mode: 1 });
    expect(crm.kind).toBe('van');
    expect(await crm.verify()).toEqual({ ok: true });
  });
});
