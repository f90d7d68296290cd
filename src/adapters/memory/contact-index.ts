/**
 * The in-memory contacts table and its indexes. Every status or claim change goes through
 * `setStatus` / `setClaim`, which keep the indexes right:
 * - per campaign, per windowKey: a min-heap of pending ids (lazy: stale entries are skipped
 *   when popped), so a claim costs O(limit * log n) instead of a scan of the campaign;
 * - per campaign: status counts and pending counts per windowKey;
 * - by (campaignId, phone) (unique), by (orgId, phone), by claimId.
 */
import type { Contact, ContactStatus } from '../../core/model/contact.js';
import { CONTACT_STATUSES } from '../../core/model/contact.js';
import { MinHeap } from './min-heap.js';
import { addTo, key, removeFrom } from './support.js';

export type StatusCounts = Record<ContactStatus, number>;

export const zeroCounts = (): StatusCounts =>
  Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])) as StatusCounts;

export class ContactTable {
  readonly byId = new Map<string, Contact>();
  /** campaignId -> ids in insertion (= id) order; append-only. */
  readonly byCampaign = new Map<string, string[]>();
  /** campaignId -> phone -> id: the unique (campaignId, phone). */
  readonly byCampaignPhone = new Map<string, Map<string, string>>();
  /** (orgId, phone) -> ids, for org-wide opt-outs (arrays: most phones have one contact; never removed). */
  readonly byOrgPhone = new Map<string, string[]>();
  /** claimId -> ids of contacts carrying that claim id. */
  readonly byClaim = new Map<string, Set<string>>();
  private readonly pendingHeaps = new Map<string, Map<string, MinHeap>>();
  private readonly pendingPerKey = new Map<string, Map<string, number>>();
  private readonly counts = new Map<string, StatusCounts>();

  insert(c: Contact): void {
    this.byId.set(c.id, c);
    let ids = this.byCampaign.get(c.campaignId);
    if (!ids) this.byCampaign.set(c.campaignId, (ids = []));
    ids.push(c.id);
    let phones = this.byCampaignPhone.get(c.campaignId);
    if (!phones) this.byCampaignPhone.set(c.campaignId, (phones = new Map()));
    phones.set(c.phone, c.id);
    const orgPhone = key(c.orgId, c.phone);
    const sameOrgPhone = this.byOrgPhone.get(orgPhone);
    if (sameOrgPhone) sameOrgPhone.push(c.id);
    else this.byOrgPhone.set(orgPhone, [c.id]);
    this.countsOf(c.campaignId)[c.status] += 1;
    if (c.status === 'pending') this.enterPending(c);
  }

  phoneInCampaign(campaignId: string, phone: string): string | undefined {
    return this.byCampaignPhone.get(campaignId)?.get(phone);
  }

  setStatus(c: Contact, to: ContactStatus): void {
    const from = c.status;
    if (from === to) return;
    const counts = this.countsOf(c.campaignId);
    counts[from] -= 1;
    counts[to] += 1;
    c.status = to;
    if (from === 'pending') this.bumpPending(c, -1);
    if (to === 'pending') this.enterPending(c);
  }

  setClaim(c: Contact, claimId: string | undefined): void {
    if (c.claimId === claimId) return;
    if (c.claimId !== undefined) removeFrom(this.byClaim, c.claimId, c.id);
    if (claimId !== undefined) addTo(this.byClaim, claimId, c.id);
    if (claimId === undefined) delete c.claimId;
    else c.claimId = claimId;
  }

  countsOf(campaignId: string): StatusCounts {
    let counts = this.counts.get(campaignId);
    if (!counts) this.counts.set(campaignId, (counts = zeroCounts()));
    return counts;
  }

  pendingWindowKeys(campaignId: string): string[] {
    const perKey = this.pendingPerKey.get(campaignId);
    if (!perKey) return [];
    return [...perKey].filter(([, n]) => n > 0).map(([k]) => k).sort();
  }

  /**
   * Pops the lowest-id pending contact whose windowKey is one of `windowKeys`, or undefined.
   * Entries whose contact is no longer pending are dropped on the way (lazy deletion).
   */
  popPending(campaignId: string, windowKeys: readonly string[]): Contact | undefined {
    const heaps = this.pendingHeaps.get(campaignId);
    if (!heaps) return undefined;
    let best: MinHeap | undefined;
    let bestId: string | undefined;
    for (const wk of new Set(windowKeys)) {
      const heap = heaps.get(wk);
      if (!heap) continue;
      let head = heap.peek();
      while (head !== undefined && this.byId.get(head)?.status !== 'pending') {
        heap.pop();
        head = heap.peek();
      }
      if (head !== undefined && (bestId === undefined || head < bestId)) {
        best = heap;
        bestId = head;
      }
    }
    if (!best || bestId === undefined) return undefined;
    best.pop();
    return this.byId.get(bestId);
  }

  private enterPending(c: Contact): void {
    let heaps = this.pendingHeaps.get(c.campaignId);
    if (!heaps) this.pendingHeaps.set(c.campaignId, (heaps = new Map()));
    let heap = heaps.get(c.windowKey);
    if (!heap) heaps.set(c.windowKey, (heap = new MinHeap()));
    heap.push(c.id);
    this.bumpPending(c, 1);
  }

  private bumpPending(c: Contact, delta: number): void {
    let perKey = this.pendingPerKey.get(c.campaignId);
    if (!perKey) this.pendingPerKey.set(c.campaignId, (perKey = new Map()));
    perKey.set(c.windowKey, (perKey.get(c.windowKey) ?? 0) + delta);
  }
}
