import { afterEach, describe, expect, it } from 'vitest';
import { createActionNetworkCrm, createCrmConnector, surveyQuestionsFromTags } from '../../../src/adapters/crm/index.js';
import type { CrmPersonUpdate, CrmSync } from '../../../src/core/ports.js';
import { AN_FAKE_TOKEN, startFakeActionNetwork, type FakeActionNetwork } from '../../support/fake-action-network.js';

let an: FakeActionNetwork | undefined;
afterEach(async () => {
  await an?.close();
  an = undefined;
});

async function setup(tags: string[] = [], client: Partial<Parameters<typeof createActionNetworkCrm>[0]> = {}): Promise<{ fake: FakeActionNetwork; crm: CrmSync }> {
  an = await startFakeActionNetwork({ tags });
  return { fake: an, crm: createActionNetworkCrm({ apiKey: AN_FAKE_TOKEN, baseUrl: an.url, ...client }) };
}

function update(over: Partial<CrmPersonUpdate> = {}): CrmPersonUpdate {
  return {
    contactId: 'c1',
    person: { firstName: 'Ada', lastName: 'Voter', phone: '+12025550143', zip: '20001' },
    texted: { at: new Date('2026-11-01T15:00:00Z') },
    surveyResponses: [],
    activistCodes: [],
    optedOut: false,
    idempotencyKey: 'c1:k1',
    ...over,
  };
}

const posts = (fake: FakeActionNetwork, path: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('Action Network client', () => {
  it('sends OSDI-API-Token on every call; verify answers ok or unauthorized', async () => {
    const { fake, crm } = await setup(['Volunteer']);
    expect(await crm.verify()).toEqual({ ok: true });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v2/tags', token: AN_FAKE_TOKEN });
    const wrong = createActionNetworkCrm({ apiKey: 'wrong-token', baseUrl: fake.url });
    expect(await wrong.verify()).toEqual({ ok: false, reason: 'unauthorized' });
    await expect(wrong.catalog()).rejects.toMatchObject({ reason: 'unauthorized', retryable: false });
  });

  it('lists every tag across pages: tags are the activist codes, "<question>: <answer>" tags the survey questions, no result codes', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `Tag ${i}`);
    const { fake, crm } = await setup([...many, 'Support: Yes', 'Support: No']);
    const catalog = await crm.catalog();
    expect(catalog.activistCodes).toHaveLength(32);
    expect(catalog.activistCodes[0]).toEqual({ id: 'Tag 0', name: 'Tag 0' });
    expect(catalog.surveyQuestions).toEqual([{ id: 'Support', name: 'Support', responses: [{ id: 'Yes', name: 'Yes' }, { id: 'No', name: 'No' }] }]);
    expect(catalog.resultCodes).toEqual([]);
    expect(fake.requests.filter((r) => r.path === '/api/v2/tags').map((r) => r.query.get('page'))).toEqual(['1', '2']);
  });

  it('splits survey tags at the last ": " so a question may hold one', () => {
    expect(surveyQuestionsFromTags(['Q1: Support?: Yes', 'plain', ': x', 'y: '])).toEqual([{ id: 'Q1: Support?', name: 'Q1: Support?', responses: [{ id: 'Yes', name: 'Yes' }] }]);
  });

  it('pushes a person through the signup helper with tags for answers and codes, creating missing tags first', async () => {
    const { fake, crm } = await setup(['Volunteer']);
    const [result] = await crm.push([
      update({ person: { firstName: 'Ada', lastName: 'Voter', phone: '+12025550143', email: 'ada@example.org', zip: '20001' }, activistCodes: ['Volunteer', 'Donor'], surveyResponses: [{ questionId: 'Support', responseId: 'Yes' }] }),
    ]);
    expect(result).toMatchObject({ contactId: 'c1', ok: true });
    const person = fake.people[0];
    expect(result).toEqual({ contactId: 'c1', ok: true, externalId: person?.id });
    expect(posts(fake, '/api/v2/tags').map((r) => r.body)).toEqual([{ name: 'Donor' }, { name: 'Support: Yes' }]);
    expect(posts(fake, '/api/v2/people')[0]?.body).toEqual({
      person: {
        given_name: 'Ada',
        family_name: 'Voter',
        email_addresses: [{ address: 'ada@example.org' }],
        phone_numbers: [{ number: '12025550143', number_type: 'Mobile' }],
        postal_addresses: [{ postal_code: '20001' }],
      },
      add_tags: ['Volunteer', 'Donor', 'Support: Yes'],
    });
    expect(person?.tags).toEqual(['Volunteer', 'Donor', 'Support: Yes']);
    expect(person?.phone).toEqual({ number: '12025550143', status: 'unsubscribed' });
  });

  it('opts a voter out of SMS by passing status unsubscribed on the phone, and never subscribes anyone', async () => {
    const { fake, crm } = await setup();
    fake.people.push({ id: 'existing', emails: [], phone: { number: '12025550143', status: 'subscribed' }, tags: [] });
    await crm.push([update({ idempotencyKey: 'k0' })]);
    expect(fake.people[0]?.phone?.status).toBe('subscribed');
    const [r] = await crm.push([update({ idempotencyKey: 'k1', optedOut: true })]);
    expect(r).toEqual({ contactId: 'c1', ok: true, externalId: 'existing' });
    expect(fake.people[0]?.phone?.status).toBe('unsubscribed');
    const bodies = posts(fake, '/api/v2/people').map((x) => (x.body as { person: { phone_numbers: { status?: string }[] } }).person.phone_numbers[0]?.status);
    expect(bodies).toEqual([undefined, 'unsubscribed']);
  });

  it('a re-run finds the same person (Action Network deduplicates by phone and email): same id, no duplicate', async () => {
    const { fake } = await setup(['Volunteer']);
    const first = await createActionNetworkCrm({ apiKey: AN_FAKE_TOKEN, baseUrl: fake.url }).push([update({ activistCodes: ['Volunteer'] })]);
    const again = await createActionNetworkCrm({ apiKey: AN_FAKE_TOKEN, baseUrl: fake.url }).push([update({ activistCodes: ['Volunteer'] })]);
    expect(again).toEqual(first);
    expect(fake.people).toHaveLength(1);
    expect(fake.people[0]?.tags).toEqual(['Volunteer']);
  });

  it('refuses a result code (Action Network has none) and maps 429/503 to retryable failures that hold back the batch', async () => {
    const { fake, crm } = await setup([], { concurrency: 1 });
    const [refused] = await crm.push([update({ resultCode: 'Wrong Number' })]);
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', retryable: false });
    expect(posts(fake, '/api/v2/people')).toHaveLength(0);

    await crm.catalog();
    fake.failNext(429);
    const batch = ['a', 'b'].map((id) => update({ contactId: id, idempotencyKey: id, person: { phone: `+1202555014${id === 'a' ? 4 : 5}` } }));
    const limited = await crm.push(batch);
    expect(limited.map((r) => r.ok === false && r.reason)).toEqual(['rate_limited', 'rate_limited']);
    expect(posts(fake, '/api/v2/people')).toHaveLength(1);
    fake.failNext(503);
    expect((await crm.push(batch))[0]).toMatchObject({ ok: false, reason: 'unavailable', retryable: true });
    expect((await crm.push(batch)).every((r) => r.ok)).toBe(true);
  });

  it('the connector opens Action Network at the configured base URL', async () => {
    const { fake } = await setup(['Volunteer']);
    const crm = createCrmConnector({ baseUrls: { action_network: fake.url } }).open('action_network', { apiKey: AN_FAKE_TOKEN });
    expect(crm.kind).toBe('action_network');
    expect(await crm.verify()).toEqual({ ok: true });
    expect(() => createActionNetworkCrm({ apiKey: 'k', baseUrl: 'http://10.0.0.1/api/v2' })).toThrow(/https/);
  });
});
