/**
 * The in-memory contacts table and its indexes. Every status or claim change goes through
 * `setStatus` / `setClaim`, which keep the indexes right:
 * - per campaign (one CampaignIndex, found with one lookup), per windowKey: a queue of pending
 *   contacts, lowest id first (lazy: stale entries are skipped when popped), so a claim costs
 *   about O(limit) instead of a scan of the campaign;
 * - per campaign: ids in insertion order, status counts and pending counts per windowKey;
 * - by (campaignId, phone) (unique), by orgId then phone, by claimId.
 */
import type { Contact, ContactStatus } from '../../core/model/contact.js';
import { CONTACT_STATUSES } from '../../core/model/contact.js';
import { PendingQueue } from './pending-queue.js';
import { addTo, removeFrom } from './support.js';

export type StatusCounts = Record<ContactStatus, number>;

export const zeroCounts = (): StatusCounts =>
  Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Everything indexed per campaign, behind one lookup. */
interface CampaignIndex {
  /** Ids in insertion (= id) order; append-only. */
  readonly ids: string[];
  /** phone -> id: the unique (campaignId, phone). */
  readonly byPhone: Map<string, string>;
  readonly counts: StatusCounts;
  /** windowKey -> pending contacts, lowest id first (lazy: may hold contacts no longer pending). */
  readonly pendingQueues: Map<string, PendingQueue<Contact>>;
  /** windowKey -> pending count. */
  readonly pendingPerKey: Map<string, number>;
}

const newCampaignIndex = (): CampaignIndex => ({ ids: [], byPhone: new Map(), counts: zeroCounts(), pendingQueues: new Map(), pendingPerKey: new Map() });

export class ContactTable {
  readonly byId = new Map<string, Contact>();
  /** orgId -> phone -> id(s), for org-wide opt-outs (most phones have one contact; never removed). */
  private readonly byOrgPhone = new Map<string, Map<string, string | string[]>>();
  /** claimId -> contacts carrying that claim id (the records themselves: a card reads them twice per press). */
  readonly byClaim = new Map<string, Set<Contact>>();
  private readonly campaigns = new Map<string, CampaignIndex>();

  insert(c: Contact): void {
    this.byId.set(c.id, c);
    const campaign = this.campaignIndex(c.campaignId);
    campaign.ids.push(c.id);
    campaign.byPhone.set(c.phone, c.id);
    let phones = this.byOrgPhone.get(c.orgId);
    if (!phones) this.byOrgPhone.set(c.orgId, (phones = new Map()));
    const same = phones.get(c.phone);
    if (same === undefined) phones.set(c.phone, c.id);
    else if (typeof same === 'string') phones.set(c.phone, [same, c.id]);
    else same.push(c.id);
    campaign.counts[c.status] += 1;
    if (c.status === 'pending') this.enterPending(campaign, c);
  }

  phoneInCampaign(campaignId: string, phone: string): string | undefined {
    return this.campaigns.get(campaignId)?.byPhone.get(phone);
  }

  /** Ids of the org's contacts with this phone, in insertion order. */
  idsByOrgPhone(orgId: string, phone: string): readonly string[] {
    const ids = this.byOrgPhone.get(orgId)?.get(phone);
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  }

  /** The campaign's ids in insertion (= id) order; append-only, so a length is a snapshot. */
  idsOfCampaign(campaignId: string): readonly string[] {
    return this.campaigns.get(campaignId)?.ids ?? [];
  }

  setStatus(c: Contact, to: ContactStatus): void {
    const from = c.status;
    if (from === to) return;
    const campaign = this.campaignIndex(c.campaignId);
    campaign.counts[from] -= 1;
    campaign.counts[to] += 1;
    c.status = to;
    if (from === 'pending') bumpPending(campaign, c.windowKey, -1);
    if (to === 'pending') this.enterPending(campaign, c);
  }

  setClaim(c: Contact, claimId: string | undefined): void {
    if (c.claimId === claimId) return;
    if (c.claimId !== undefined) removeFrom(this.byClaim, c.claimId, c);
    if (claimId !== undefined) addTo(this.byClaim, claimId, c);
    if (claimId === undefined) delete c.claimId;
    else c.claimId = claimId;
  }

  /**
   * Pending contacts of one campaign (as popPendingWhere hands them out) become `assigned` under
   * `claimId`: setStatus and setClaim for each, with the campaign's counts, per-key pending counts
   * and the claim's set touched once per batch rather than once per contact.
   */
  assignPending(campaignId: string, contacts: readonly Contact[], claimId: string): void {
    if (contacts.length === 0) return;
    const campaign = this.campaignIndex(campaignId);
    let runKey: string | undefined;
    let run = 0;
    for (const c of contacts) {
      if (c.status !== 'pending' || c.campaignId !== campaignId) throw new Error(`assignPending: contact ${c.id} is not pending in campaign ${campaignId}`);
      if (c.claimId !== undefined) removeFrom(this.byClaim, c.claimId, c);
      c.status = 'assigned';
      c.claimId = claimId;
      if (c.windowKey !== runKey) {
        if (runKey !== undefined) bumpPending(campaign, runKey, -run);
        runKey = c.windowKey;
        run = 0;
      }
      run += 1;
    }
    if (runKey !== undefined) bumpPending(campaign, runKey, -run);
    // A new claim's set is built in one go, at its final size.
    const set = this.byClaim.get(claimId);
    if (set) for (const c of contacts) set.add(c);
    else this.byClaim.set(claimId, new Set(contacts));
    campaign.counts.pending -= contacts.length;
    campaign.counts.assigned += contacts.length;
  }

  countsOf(campaignId: string): StatusCounts {
    return this.campaignIndex(campaignId).counts;
  }

  pendingWindowKeys(campaignId: string): string[] {
    const perKey = this.campaigns.get(campaignId)?.pendingPerKey;
    if (!perKey) return [];
    return [...perKey].filter(([, n]) => n > 0).map(([k]) => k).sort();
  }

  /**
   * Pops up to `limit` lowest-id pending contacts whose windowKey is one of `windowKeys` and that
   * `accept` takes (a segmented claim); those it passes over go back into their queues, still pending.
   * Entries whose contact is no longer pending are dropped on the way (lazy deletion).
   */
  popPendingWhere(campaignId: string, windowKeys: readonly string[], limit: number, accept: (c: Contact) => boolean): Contact[] {
    const queues = this.campaigns.get(campaignId)?.pendingQueues;
    const out: Contact[] = [];
    if (!queues) return out;
    const keys = [...new Set(windowKeys)].map((wk) => queues.get(wk)).filter((q): q is PendingQueue<Contact> => q !== undefined);
    const passed: [PendingQueue<Contact>, Contact][] = [];
    while (out.length < limit) {
      let best: PendingQueue<Contact> | undefined;
      let bestContact: Contact | undefined;
      for (const queue of keys) {
        const head = this.pendingHead(queue);
        if (head !== undefined && (bestContact === undefined || head.id < bestContact.id)) {
          best = queue;
          bestContact = head;
        }
      }
      if (!best || !bestContact) break;
      best.pop();
      if (accept(bestContact)) out.push(bestContact);
      else passed.push([best, bestContact]);
    }
    for (const [queue, c] of passed) queue.push(c);
    return out;
  }

  /** The queue's lowest-id contact that is still pending; stale entries before it are dropped (lazy deletion). */
  private pendingHead(queue: PendingQueue<Contact>): Contact | undefined {
    for (let c = queue.peek(); c !== undefined; c = queue.peek()) {
      if (c.status === 'pending') return c;
      queue.pop();
    }
    return undefined;
  }

  /** Campaign ids that have an index (contacts were inserted). */
  hasCampaign(campaignId: string): boolean {
    return this.campaigns.has(campaignId);
  }

  private campaignIndex(campaignId: string): CampaignIndex {
    let campaign = this.campaigns.get(campaignId);
    if (!campaign) this.campaigns.set(campaignId, (campaign = newCampaignIndex()));
    return campaign;
  }

  private enterPending(campaign: CampaignIndex, c: Contact): void {
    let queue = campaign.pendingQueues.get(c.windowKey);
    if (!queue) campaign.pendingQueues.set(c.windowKey, (queue = new PendingQueue<Contact>()));
    queue.push(c);
    bumpPending(campaign, c.windowKey, 1);
  }
}

function bumpPending(campaign: CampaignIndex, windowKey: string, delta: number): void {
  campaign.pendingPerKey.set(windowKey, (campaign.pendingPerKey.get(windowKey) ?? 0) + delta);
}
