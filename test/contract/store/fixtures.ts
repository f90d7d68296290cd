/** Fixed times and small builders for the Store contract (no real clock anywhere). */
import type { Clock, Store } from '../../../src/core/ports.js';
import type { Campaign, Contact, NewContact, NewMessage, Org } from '../../../src/core/model/index.js';

/** Every store under contract runs with its clock fixed here. */
export const CONTRACT_NOW = new Date('2030-03-04T15:00:00.000Z');
export const contractClock: Clock = { now: () => new Date(CONTRACT_NOW) };

/** CONTRACT_NOW plus `minutes`. */
export const at = (minutes: number): Date => new Date(CONTRACT_NOW.getTime() + minutes * 60_000);

/** A distinct E.164 phone per integer (+1202 followed by 7 digits). */
export const phone = (i: number): string => `+1202${String(i).padStart(7, '0')}`;

export async function seedOrg(store: Store, name = 'Org A', externalId = name.toLowerCase().replace(/\W+/g, '-')): Promise<Org> {
  return store.orgs.create({ platform: 'slack', externalId, name });
}

export async function seedCampaign(store: Store, orgId: string, slug = 'gotv'): Promise<Campaign> {
  return store.campaigns.create(orgId, { orgId, slug, name: `Campaign ${slug}`, createdBy: 'member-1' });
}

export const contact = (i: number, extra: Partial<NewContact> = {}): NewContact => ({
  phone: phone(i),
  firstName: `First${i}`,
  lastName: `Last${i}`,
  windowKey: 'ET',
  ...extra,
});

export const contacts = (from: number, count: number, extra: Partial<NewContact> = {}): NewContact[] =>
  Array.from({ length: count }, (_, k) => contact(from + k, extra));

export const outbound = (orgId: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  orgId,
  direction: 'outbound',
  kind: 'initial',
  voterPhone: phone(1),
  body: 'Hi, this is Ana with Org A. Reply STOP to opt out.',
  status: 'queued',
  ...extra,
});

export const inbound = (orgId: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  orgId,
  direction: 'inbound',
  kind: 'inbound',
  voterPhone: phone(1),
  body: 'Who is this?',
  status: 'received',
  ...extra,
});

/** Collects an async iterable. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id);

/** The stored records of contacts a claim took (claimPending hands back only ids, phones and languages). */
export async function stored(store: Store, orgId: string, taken: readonly { id: string }[]): Promise<Contact[]> {
  const out: Contact[] = [];
  for (const { id } of taken) {
    const c = await store.contacts.get(orgId, id);
    if (!c) throw new Error(`claimed contact ${id} is not stored`);
    out.push(c);
  }
  return out;
}
