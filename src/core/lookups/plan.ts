// What a lookup of one campaign would do before anyone pays: how many pending contacts have no
// line type yet, how many of those numbers the org's cache already answers (free), and the
// estimated cost of the rest. Contacts are streamed and checked against the cache in batches.
import { NOT_YET_MESSAGED, type Contact } from '../model/contact.js';
import type { Store } from '../ports.js';
import { costOf, LOOKUP_CACHE_MS } from './model.js';

export interface LookupPlan {
  /** Pending contacts without a line type. */
  needing: number;
  /** Of those, numbers with a fresh result in the org's cache (no charge). */
  cached: number;
  /** Numbers the provider would be asked (and bill). */
  toPay: number;
  /** toPay x unit price. */
  cost: number;
}

/**
 * A contact a lookup still has to cover: not yet texted (pending, or assigned in a volunteer's
 * batch: a run started after the campaign must not miss the contacts claimed meanwhile) and never
 * looked up.
 */
export const needsLookup = (c: Pick<Contact, 'status' | 'lineType'>): boolean => NOT_YET_MESSAGED.includes(c.status) && c.lineType === undefined;

export async function planLookup(store: Store, input: { orgId: string; campaignId: string; now: Date; unitPrice: number; batchSize?: number }): Promise<LookupPlan> {
  const freshAfter = new Date(input.now.getTime() - LOOKUP_CACHE_MS);
  const size = input.batchSize ?? 500;
  let needing = 0;
  let cached = 0;
  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    cached += (await store.lookups.getFresh(input.orgId, batch, freshAfter)).size;
    batch = [];
  };
  for await (const c of store.contacts.streamByCampaign(input.orgId, input.campaignId)) {
    if (!needsLookup(c)) continue;
    needing += 1;
    batch.push(c.phone);
    if (batch.length >= size) await flush();
  }
  await flush();
  const toPay = needing - cached;
  return { needing, cached, toPay, cost: costOf(toPay, input.unitPrice) };
}
