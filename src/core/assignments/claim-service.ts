// Claims: a volunteer's batch (DESIGN: Claim active -> completed | released | expired).
// Dynamic: a claim takes up to batchSize pending contacts whose texting window is open now,
// atomically in the store, so two volunteers never get the same contact.
import type { Campaign, VariantId } from '../model/campaign.js';
import type { Claim, Contact } from '../model/contact.js';
import type { Org } from '../model/org.js';
import { isOrganizer, loadActor } from '../campaigns/access.js';
import type { EngineDeps } from '../campaigns/engine-deps.js';
import { fail, isFailure, type Failure } from '../campaigns/result.js';
import { WindowCache } from '../campaigns/texting-hours.js';
import type { Segment } from '../segments/segment.js';
import { variantPicker } from '../scripts/variants.js';
import type { ClaimedContact } from '../ports.js';

export interface ClaimCard {
  readonly claim: Claim;
  /** The contact to show on the card (the next one to press Send for), null when none is left. */
  readonly next: Contact | null;
  readonly position: { done: number; total: number };
}

export type ClaimResult = ({ ok: true; resumed: boolean } & ClaimCard) | (Failure & { opensAt?: Date });
export type ReleaseResult = { ok: true; claim: Claim; released: number } | Failure;
export type CardResult = ({ ok: true } & ClaimCard) | Failure;

/** Payload of the `claim.expire` job. */
export interface ClaimExpirePayload {
  orgId: string;
  claimId: string;
  n: number;
}

const MAX_CLAIM = 500;

/** Which of the pending window keys are open now, and when the earliest closed one opens. */
function openKeys(windows: WindowCache, org: Org, campaign: Campaign, keys: readonly string[], at: Date): { open: string[]; opensAt?: Date } {
  const open: string[] = [];
  let opensAt: Date | undefined;
  for (const key of keys) {
    const w = windows.forKey(org, campaign, key, at);
    if (w.allowed) open.push(key);
    else if (w.opensAt && (!opensAt || w.opensAt < opensAt)) opensAt = w.opensAt;
  }
  return opensAt ? { open, opensAt } : { open };
}

export class ClaimService {
  private readonly windows = new WindowCache();

  constructor(private readonly deps: EngineDeps) {}

  /** The card state of a claim: next contact and progress. */
  async card(claim: Claim): Promise<ClaimCard> {
    const { contacts } = this.deps.store;
    const [next, left] = await Promise.all([contacts.nextAssigned(claim.orgId, claim.id), contacts.countAssigned(claim.orgId, claim.id)]);
    const total = Math.max(claim.size, left);
    return { claim, next, position: { done: total - left, total } };
  }

  /** The card of a claim for its owner or an organizer. */
  async show(orgId: string, claimId: string, by: string): Promise<CardResult> {
    const actor = await loadActor(this.deps.store, orgId, by);
    if (isFailure(actor)) return actor;
    const claim = await this.deps.store.claims.get(orgId, claimId);
    if (!claim) return fail('engine:claim.not_found');
    if (claim.volunteerId !== actor.id && !isOrganizer(actor)) return fail('engine:auth.not_your_claim');
    return { ok: true, ...(await this.card(claim)) };
  }

  /**
   * Ends the claim as completed when no assigned contact is left; returns the card. A claim of
   * size 0 (records from before claims were stored with their size) is left alone.
   */
  async advance(claim: Claim): Promise<ClaimCard> {
    const card = await this.card(claim);
    if (card.next !== null || claim.status !== 'active' || claim.size === 0) return card;
    const ended = await this.deps.store.claims.end(claim.orgId, claim.id, 'completed', this.deps.clock.now());
    if (ended) await this.auditClaim(claim.orgId, { type: 'system' }, 'claim.completed', ended, { size: ended.size });
    return { ...card, claim: ended ?? claim };
  }

  /**
   * Claim a batch. One active claim per volunteer per campaign unless the campaign allows more.
   * Decision (documented): at the limit, pressing Claim again gives back the volunteer's oldest
   * unfinished claim (`resumed: true`) instead of an error; 'limit_reached' is returned only when
   * none of those claims has a contact left to text yet (e.g. two presses racing).
   */
  async claim(orgId: string, campaignId: string, volunteerId: string, size?: number, opts: { segment?: Segment } = {}): Promise<ClaimResult> {
    const { store, clock } = this.deps;
    const actor = await loadActor(store, orgId, volunteerId);
    if (isFailure(actor)) return actor;
    const [campaign, org] = await Promise.all([store.campaigns.get(orgId, campaignId), store.orgs.get(orgId)]);
    if (!campaign) return fail('engine:campaign.not_found');
    if (!org) return fail('engine:org.not_found');
    if (campaign.status === 'paused') return fail('engine:claim.campaign_paused', { slug: campaign.slug });
    if (campaign.status !== 'active') return fail('engine:claim.not_active', { slug: campaign.slug, status: campaign.status });

    const resumed = await this.atLimit(orgId, campaign, actor.id);
    if (resumed) return resumed;

    const now = clock.now();
    const keys = await store.contacts.pendingWindowKeys(orgId, campaignId);
    if (keys.length === 0) return this.nothingPending(orgId, campaign);
    const { open, opensAt } = openKeys(this.windows, org, campaign, keys, now);
    if (open.length === 0) return this.outsideHours(campaign, opensAt);

    // The claim record is stored only once contacts were taken (an empty batch leaves nothing
    // behind). Its id comes first so the one atomic claimPending can take contacts with it, and
    // its expiry is scheduled first so that contacts taken by a press that dies before the record
    // is stored still go back to the pool (expireIfIdle releases a claim id with no record).
    const claimId = store.claims.newId();
    const expiryMs = campaign.claimExpiryMinutes * 60_000;
    await this.scheduleExpiry(orgId, claimId, 1, expiryMs);
    const limit = Math.max(1, Math.min(MAX_CLAIM, Math.floor(size ?? campaign.batchSize)));
    const input = { orgId, campaignId, claimId, volunteerId: actor.id, limit, windowKeys: open, now, ...(opts.segment ? { segment: opts.segment } : {}) };
    // A follow-up: the volunteer who had a voter's conversation gets that voter first (their own
    // former voters, then the rest); each take is one atomic store operation under this claim id.
    const own = campaign.followUpOf ? await store.contacts.claimPending({ ...input, formerVolunteerId: actor.id }) : [];
    const got = own.length < limit ? [...own, ...(await store.contacts.claimPending({ ...input, limit: limit - own.length }))] : own;
    if (got.length === 0) {
      // Someone else took the last open contacts meanwhile.
      return keys.length > open.length ? this.outsideHours(campaign, opensAt) : this.nothingPending(orgId, campaign);
    }
    await this.assignVariants(orgId, claimId, campaign, org, got);
    const claim = await store.claims.create(orgId, { id: claimId, campaignId, volunteerId: actor.id, now, size: got.length });
    this.deps.metrics?.claim(got.length);
    const raced = await this.lostRace(orgId, campaign, claim);
    if (raced) return raced;
    await this.auditClaim(orgId, { type: 'member', id: actor.id, name: actor.displayName }, 'claim.created', claim, { campaignId, size: got.length });
    return { ok: true, resumed: false, ...(await this.card(claim)) };
  }

  /**
   * No pending contact is left: either everyone has been texted (or left the list), or the rest
   * are in volunteers' batches right now and come back if a batch is released or expires.
   */
  private async nothingPending(orgId: string, campaign: Campaign): Promise<Failure> {
    const counts = await this.deps.store.contacts.countByStatus(orgId, campaign.id);
    if ((counts.pending ?? 0) + (counts.assigned ?? 0) > 0) return fail('engine:claim.all_in_batches', { slug: campaign.slug, count: counts.assigned ?? 0 });
    return fail('engine:claim.nothing_left', { slug: campaign.slug });
  }

  private outsideHours(campaign: Campaign, opensAt: Date | undefined): Failure & { opensAt?: Date } {
    return {
      ...fail('engine:claim.outside_hours', { slug: campaign.slug, opensAt: opensAt?.toISOString() ?? '' }),
      ...(opensAt ? { opensAt } : {}),
    };
  }

  /** At the per-volunteer limit: the claim to resume, a limit failure, or null when under it. */
  private async atLimit(orgId: string, campaign: Campaign, volunteerId: string): Promise<ClaimResult | null> {
    const active = await this.deps.store.claims.listActive(orgId, campaign.id, volunteerId);
    const open: { claim: Claim; card: ClaimCard }[] = [];
    for (const claim of active) {
      const card = await this.advance(claim); // a finished claim is completed here and no longer counts
      if (card.claim.status === 'active') open.push({ claim, card });
    }
    if (open.length < campaign.maxActiveClaimsPerVolunteer) return null;
    open.sort((a, b) => a.claim.createdAt.getTime() - b.claim.createdAt.getTime() || a.claim.id.localeCompare(b.claim.id));
    const withContacts = open.find((o) => o.card.next !== null);
    if (withContacts) return { ok: true, resumed: true, ...withContacts.card };
    return fail('engine:claim.limit_reached', { max: campaign.maxActiveClaimsPerVolunteer });
  }

  /**
   * Two Claim presses of one volunteer may both pass the limit check. The oldest claims win; a
   * newer one over the limit is ended and its contacts go back to the pool.
   */
  private async lostRace(orgId: string, campaign: Campaign, mine: Claim): Promise<ClaimResult | null> {
    const active = await this.deps.store.claims.listActive(orgId, campaign.id, mine.volunteerId);
    if (active.length <= campaign.maxActiveClaimsPerVolunteer) return null;
    active.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    const winners = active.slice(0, campaign.maxActiveClaimsPerVolunteer);
    if (winners.some((c) => c.id === mine.id)) return null;
    const now = this.deps.clock.now();
    if (await this.deps.store.claims.end(orgId, mine.id, 'released', now)) await this.deps.store.contacts.releaseClaim(orgId, mine.id, now);
    for (const w of winners) {
      const card = await this.card(w);
      if (card.next) return { ok: true, resumed: true, ...card };
    }
    return fail('engine:claim.limit_reached', { max: campaign.maxActiveClaimsPerVolunteer });
  }

  /**
   * A/B variants: each claimed contact gets one of its script's live variants (stable hash, even
   * split) before any card shows it, so the card and the Send press render the same text.
   */
  private async assignVariants(orgId: string, claimId: string, campaign: Campaign, org: Org, got: readonly ClaimedContact[]): Promise<void> {
    const pick = variantPicker(campaign, org.defaultLocale);
    const assignments: { contactId: string; variant: VariantId }[] = [];
    for (const c of got) {
      const variant = pick(c);
      if (variant) assignments.push({ contactId: c.id, variant });
    }
    if (assignments.length > 0) await this.deps.store.contacts.setVariants(orgId, claimId, assignments);
  }

  private async scheduleExpiry(orgId: string, claimId: string, n: number, delayMs: number): Promise<void> {
    const payload: ClaimExpirePayload = { orgId, claimId, n };
    try {
      await this.deps.queue.enqueue('claim.expire', payload, { delayMs: Math.max(1, delayMs), jobId: `claim.expire:${claimId}:${n}` });
    } catch (err) {
      this.deps.log.warn({ err, claimId }, 'claim.expire enqueue failed');
    }
  }

  /**
   * The `claim.expire` job: expires the claim only if it has been idle for claimExpiryMinutes
   * (lastActivityAt); otherwise schedules the next check for when it would be.
   */
  async expireIfIdle(orgId: string, claimId: string, n = 1): Promise<'expired' | 'rescheduled' | 'not_active'> {
    const { store, clock } = this.deps;
    const claim = await store.claims.get(orgId, claimId);
    if (!claim) {
      // The Claim press took contacts with this id and stopped before storing the record (or
      // took none): nothing can reach these contacts, so they go back to the pool.
      const released = await store.contacts.releaseClaim(orgId, claimId, clock.now());
      if (released > 0) this.deps.log.warn({ orgId, claimId, released }, 'claim.expire: contacts of a claim with no record returned to the pool');
      return 'not_active';
    }
    if (claim.status !== 'active') return 'not_active';
    const campaign = await store.campaigns.get(orgId, claim.campaignId);
    const expiryMs = (campaign?.claimExpiryMinutes ?? 120) * 60_000;
    const now = clock.now();
    const idle = now.getTime() - claim.lastActivityAt.getTime();
    if (idle < expiryMs) {
      await this.scheduleExpiry(orgId, claimId, n + 1, expiryMs - idle);
      return 'rescheduled';
    }
    const ended = await store.claims.end(orgId, claimId, 'expired', now);
    if (!ended) return 'not_active';
    const released = await store.contacts.releaseClaim(orgId, claimId, now);
    await this.auditClaim(orgId, { type: 'system' }, 'claim.expired', ended, { released, idleMinutes: Math.floor(idle / 60_000) });
    return 'expired';
  }

  /** Release a claim: its unsent contacts return to pending. Only the owner or an organizer. */
  async release(orgId: string, claimId: string, by: string): Promise<ReleaseResult> {
    const { store, clock } = this.deps;
    const actor = await loadActor(store, orgId, by);
    if (isFailure(actor)) return actor;
    const claim = await store.claims.get(orgId, claimId);
    if (!claim) return fail('engine:claim.not_found');
    if (claim.volunteerId !== actor.id && !isOrganizer(actor)) return fail('engine:auth.not_your_claim');
    const now = clock.now();
    const ended = await store.claims.end(orgId, claimId, 'released', now);
    if (!ended) return fail('engine:claim.ended', { status: claim.status });
    const released = await store.contacts.releaseClaim(orgId, claimId, now);
    await this.auditClaim(orgId, { type: 'member', id: actor.id, name: actor.displayName }, 'claim.released', ended, { released });
    return { ok: true, claim: ended, released };
  }

  private async auditClaim(orgId: string, actor: { type: 'member' | 'system'; id?: string; name?: string }, action: string, claim: Claim, data: Record<string, unknown>): Promise<void> {
    await this.deps.store.audit.append({
      orgId,
      at: this.deps.clock.now(),
      actor,
      action,
      subject: { type: 'claim', id: claim.id },
      data: { campaignId: claim.campaignId, volunteerId: claim.volunteerId, ...data },
    });
  }
}

