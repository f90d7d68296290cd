/**
 * The Store port (DESIGN: Ports): one repository per collection, every method scoped by org id
 * except the few inbound-routing lookups that discover the org (marked "routing"). Operations
 * that must be atomic are methods here, implemented by both stores and covered by the contract
 * suite. Re-exported by ports.ts, which the rest of the code imports.
 */
import type { ChatRef, E164, Lang, Platform } from './model/common.js';
import type { NewOrg, Org, OrgSms, Member, Role } from './model/org.js';
import type { NewUnroutedInbound, UnroutedInbound } from './model/unrouted-inbound.js';
import type { Campaign, CampaignPatch, CampaignStatus, CounterName, NewCampaign } from './model/campaign.js';
import type { Claim, ClaimStatus, Contact, ContactFacts, ContactOutcome, ContactStatus, NewContact } from './model/contact.js';
import type { Segment, SegmentCounts } from './segments/segment.js';
import type { Conversation, ConversationClosedReason, NewConversation } from './model/conversation.js';
import type { Message, MessageStatus, NewMessage } from './model/message.js';
import type { NewOptOut, OptOut } from './model/opt-out.js';
import type { AuditEvent, NewAuditEvent } from './model/audit.js';
import type { DecideResult, NewReviewItem, ReviewDecision, ReviewItem } from './model/review.js';
import type { NewWebhook, Webhook, WebhookDelivery } from './webhooks/model.js';
import type { LinkRepository } from './links/tracked-link.js';
import type { CrmConnection, CrmContactState, CrmMapping, CrmRun, CrmRunPatch, NewCrmConnection, NewCrmRun } from './crm/model.js';
import type { DeliverabilityRepository } from './deliverability/store-port.js';
import type { CrmCatalog, CrmKind, DomainEvent, LineType } from './ports.js';

export interface OrgRepository {
  create(org: NewOrg): Promise<Org>;
  get(orgId: string): Promise<Org | null>;
  /** routing: find the org of a Slack workspace / Discord guild. */
  findByExternal(platform: Platform, externalId: string): Promise<Org | null>;
  /**
   * routing: the org that owns exactly this sender (number or messaging service). A sender
   * belongs to at most one org; with both given, the messaging service is looked up first.
   */
  findBySender(sender: { number?: string; messagingServiceSid?: string }): Promise<Org | null>;
  /**
   * Atomic: makes `sms` the org's whole sender (its previous one is released) unless another
   * org holds its Messaging Service SID or one of its numbers; two orgs racing for one sender
   * never both get it. `create` and `update` refuse a held sender with DuplicateError too.
   */
  assignSender(orgId: string, sms: OrgSms): Promise<AssignSenderResult>;
  update(orgId: string, patch: Partial<Omit<Org, 'id' | 'createdAt' | 'platform' | 'externalId'>>): Promise<Org>;
}

export type AssignSenderResult = { ok: true; org: Org } | { ok: false; reason: 'taken'; key: string };

export interface MemberRepository {
  /** Creates the member or updates its display name/locale; never changes an existing role. */
  upsert(orgId: string, m: { platformUserId: string; displayName: string; role: Role; locale?: Lang }): Promise<Member>;
  get(orgId: string, memberId: string): Promise<Member | null>;
  findByPlatformUser(orgId: string, platformUserId: string): Promise<Member | null>;
  list(orgId: string, role?: Role): Promise<Member[]>;
  setRole(orgId: string, memberId: string, role: Role): Promise<Member>;
}

export interface CampaignRepository {
  /** Throws DuplicateError when the slug is taken in the org. */
  create(orgId: string, c: NewCampaign): Promise<Campaign>;
  get(orgId: string, campaignId: string): Promise<Campaign | null>;
  findBySlug(orgId: string, slug: string): Promise<Campaign | null>;
  list(orgId: string, statuses?: CampaignStatus[]): Promise<Campaign[]>;
  update(orgId: string, campaignId: string, patch: CampaignPatch): Promise<Campaign>;
  /** Atomic: moves status only if it is currently one of `from`; null when it was not. */
  transition(orgId: string, campaignId: string, from: CampaignStatus[], to: CampaignStatus): Promise<Campaign | null>;
  /** Atomic $inc of counters. */
  increment(orgId: string, campaignId: string, deltas: Partial<Record<CounterName, number>>): Promise<void>;
}

export interface InsertContactsResult {
  inserted: number;
  /** Phones already in the campaign (unique (campaignId, phone)). */
  duplicates: string[];
}

export interface ClaimPendingInput {
  orgId: string;
  campaignId: string;
  claimId: string;
  volunteerId: string;
  limit: number;
  /** Only contacts whose windowKey is in this list (their texting window is open now). */
  windowKeys: string[];
  now: Date;
  /** Only pending contacts matching this segment (still one atomic claim; excluded statuses are never pending). */
  segment?: Segment;
  /**
   * Only pending follow-up contacts whose earlier conversation this volunteer had
   * (followUpOf.volunteerId): a follow-up's claim takes the claimer's own former voters first.
   */
  formerVolunteerId?: string;
}

/**
 * What a claim hands back of each contact it took: the claimer needs only which contacts (and
 * their language, for the A/B variant); the card reads the contact itself. Reading back whole
 * contacts (custom fields and all) for every press of Claim was most of a claim's cost.
 */
export type ClaimedContact = Pick<Contact, 'id' | 'phone' | 'language'>;

export type MarkMessagedResult = { ok: true; contact: Contact } | { ok: false; reason: 'already_messaged' | 'not_assigned' };

export interface ContactRepository {
  /** Bulk insert (bulkWrite/insertMany unordered); duplicates by (campaignId, phone) are reported, not thrown. */
  insertMany(orgId: string, campaignId: string, contacts: NewContact[]): Promise<InsertContactsResult>;
  get(orgId: string, contactId: string): Promise<Contact | null>;
  /** The campaign's contact with this phone (unique per campaign), or null. */
  findByPhone(orgId: string, campaignId: string, phone: E164): Promise<Contact | null>;
  /** Which of these phones already exist in the campaign. */
  existingPhones(orgId: string, campaignId: string, phones: string[]): Promise<Set<string>>;
  /** Distinct windowKeys among the campaign's pending contacts. */
  pendingWindowKeys(orgId: string, campaignId: string): Promise<string[]>;
  /** Atomic: assign up to `limit` pending contacts to the claim; never one contact to two claims. Oldest (lowest id) first. */
  claimPending(input: ClaimPendingInput): Promise<ClaimedContact[]>;
  /**
   * Stores each contact's A/B script variant, only while it is still `assigned` to `claimId`
   * (set right after claimPending, before any card shows it); returns how many were set.
   */
  setVariants(orgId: string, claimId: string, assignments: readonly { contactId: string; variant: string }[]): Promise<number>;
  /** Atomic assigned -> messaged exactly once, only while assigned to `claimId`. */
  markMessaged(orgId: string, contactId: string, claimId: string, now: Date): Promise<MarkMessagedResult>;
  /** Atomic conditional status move; null when the contact was not in one of `from`. */
  transition(orgId: string, contactId: string, from: ContactStatus[], to: ContactStatus, now: Date, patch?: Partial<Pick<Contact, 'lastMessageAt' | 'volunteerId'>>): Promise<Contact | null>;
  /** Return the claim's `assigned` contacts to `pending` (claim released or expired). */
  releaseClaim(orgId: string, claimId: string, now: Date): Promise<number>;
  /** The next `assigned` contact of a claim (stable order), or null. */
  nextAssigned(orgId: string, claimId: string): Promise<Contact | null>;
  countAssigned(orgId: string, claimId: string): Promise<number>;
  countByStatus(orgId: string, campaignId: string): Promise<Record<ContactStatus, number>>;
  /** Mark every not-yet-messaged contact of this phone in the org opted_out (R1.5 org-wide). */
  optOutPhone(orgId: string, phone: E164, now: Date): Promise<number>;
  setSurveyAnswer(orgId: string, contactId: string, questionId: string, answerId: string): Promise<void>;
  addTag(orgId: string, contactId: string, tag: string): Promise<void>;
  /** Records what a reply showed about the person or number (the latest press wins); NotFoundError when missing. */
  setOutcome(orgId: string, contactId: string, outcome: ContactOutcome, now: Date): Promise<void>;
  /** Streaming read (cursor) for exports; memory stays flat. */
  streamByCampaign(orgId: string, campaignId: string): AsyncIterable<Contact>;
  /**
   * Atomic: one counted click on the contact's tracked links (linkClicks + 1); `first` is true
   * for exactly one call, the one that set linkClickedAt. Null when the contact is not the org's.
   */
  recordLinkClick(orgId: string, contactId: string, at: Date): Promise<{ first: boolean } | null>;
  /**
   * Segment facts the engine keeps current (single-document write): `repliedAt` and `messagedAt`
   * keep their first value, the others take the latest. NotFoundError when missing.
   */
  setFacts(orgId: string, contactId: string, facts: ContactFacts): Promise<void>;
  /** Segment preview counts over the org's campaigns (store-side; org opt-out list not consulted). */
  countSegment(orgId: string, campaignIds: string[], segment: Segment): Promise<SegmentCounts>;
  /** The segment's matching, not excluded contacts in stable id order, streamed (flat memory). */
  streamSegment(orgId: string, campaignIds: string[], segment: Segment): AsyncIterable<Contact>;
  /**
   * Number lookup: records the line type; a `landline` or `voip` result also moves a contact not
   * yet texted (`pending`, or `assigned` in a batch) to status `landline` in the same
   * single-document write: never claimed then, and gone from its batch's cards (a Send press on it
   * fails as not assigned). A contact already texted keeps its status. Null when the contact is missing.
   */
  setLineType(orgId: string, contactId: string, lineType: LineType, now: Date): Promise<Contact | null>;
  /** Contacts of the campaign not yet texted (pending, or assigned in a batch) with no line type yet: what a lookup still has to cover. */
  countNeedingLookup(orgId: string, campaignId: string): Promise<number>;
}

export interface ClaimRepository {
  /** A fresh claim id, not stored yet: contacts are claimed with it before the record exists. */
  newId(): string;
  /**
   * Stores the claim record (with `id` from newId when given, and the number of contacts it
   * took). Throws DuplicateError when that id is taken.
   */
  create(orgId: string, c: { id?: string; campaignId: string; volunteerId: string; now: Date; size?: number }): Promise<Claim>;
  get(orgId: string, claimId: string): Promise<Claim | null>;
  listActive(orgId: string, campaignId: string, volunteerId?: string): Promise<Claim[]>;
  setSize(orgId: string, claimId: string, size: number): Promise<void>;
  touch(orgId: string, claimId: string, now: Date): Promise<void>;
  /** Atomic: active -> completed | released | expired; null when it was not active. */
  end(orgId: string, claimId: string, to: Exclude<ClaimStatus, 'active'>, now: Date): Promise<Claim | null>;
}

export interface ConversationRepository {
  /** One conversation per contact; returns the existing one when present. */
  upsertForContact(orgId: string, c: NewConversation): Promise<Conversation>;
  get(orgId: string, conversationId: string): Promise<Conversation | null>;
  findByContact(orgId: string, contactId: string): Promise<Conversation | null>;
  /** Inbound routing: the latest conversation for this voter phone in the org. */
  findLatestForPhone(orgId: string, voterPhone: E164): Promise<Conversation | null>;
  /** routing: the conversation whose chat thread this is. */
  findByThread(platform: Platform, channelId: string, threadId: string): Promise<Conversation | null>;
  addThread(orgId: string, conversationId: string, ref: ChatRef): Promise<void>;
  /**
   * Forward only. Inbound: the voter now waits (awaitingSince is set unless already set).
   * Outbound: answered (awaitingSince and pooledAt are cleared: whoever answered keeps it).
   */
  touch(orgId: string, conversationId: string, at: Date, direction: 'inbound' | 'outbound'): Promise<void>;
  /**
   * Atomic: moves the conversation into its campaign's reply pool only while it still waits
   * since exactly `ifAwaitingSince` and is not pooled yet; null when it did not (answered,
   * a newer wait, already pooled).
   */
  releaseToPool(orgId: string, conversationId: string, ifAwaitingSince: Date, now: Date): Promise<Conversation | null>;
  /**
   * Atomic: gives up to `limit` pooled conversations of the campaign (longest waiting first) to
   * the volunteer, leaving the pool; never one conversation to two claimers.
   */
  claimReplies(orgId: string, campaignId: string, volunteerId: string, limit: number, now: Date): Promise<Conversation[]>;
  /** How many conversations wait in the campaign's reply pool. */
  countPooled(orgId: string, campaignId: string): Promise<number>;
  /** Gives the conversation to a volunteer; a pooled one leaves the reply pool. */
  setVolunteer(orgId: string, conversationId: string, volunteerId: string): Promise<void>;
  /**
   * Atomic: a follow-up campaign's contact takes over the conversation (and chat threads) of the
   * contact it was copied from: campaignId, contactId and volunteerId move, lastMessageAt = now
   * (outbound), it stops waiting and leaves the reply pool. Only while the conversation still
   * belongs to `move.fromContactId`; null otherwise (already moved, or not this org's).
   */
  moveToFollowUp(orgId: string, conversationId: string, move: { fromContactId: string; campaignId: string; contactId: string; volunteerId: string }, now: Date): Promise<Conversation | null>;
  setPendingOptOutReview(orgId: string, conversationId: string, pending: boolean): Promise<void>;
  /**
   * Atomic: open -> closed (closedAt = now, closedReason; no longer waiting, out of the reply
   * pool); null when it was already closed (or is not this org's).
   */
  close(orgId: string, conversationId: string, reason: ConversationClosedReason, now: Date): Promise<Conversation | null>;
  /** Atomic: closed -> open (a new voter text); null when it was not closed. */
  reopen(orgId: string, conversationId: string): Promise<Conversation | null>;
  listByVolunteer(orgId: string, volunteerId: string, campaignId?: string): Promise<Conversation[]>;
  /**
   * The right to post this conversation's voter texts to chat, across every worker process:
   * taken (atomically) when nobody holds it, the holder's lease ended at or before `now`, or
   * `holder` already holds it; then held by `holder` until `until`. Returns whether `holder` holds it.
   */
  acquireNotifyLease(orgId: string, conversationId: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease back (a no-op unless `holder` holds it). */
  releaseNotifyLease(orgId: string, conversationId: string, holder: string): Promise<void>;
}

export type CreateMessageResult =
  | { created: true; message: Message }
  | { created: false; message: Message; duplicate: 'interactionId' | 'providerId' | 'contactInitial' };

export interface MessageRepository {
  /**
   * Idempotent on (orgId, interactionId), on providerId, and on (orgId, contactId) for outbound
   * `initial` messages (a contact gets one first text: a retried or racing Send press finds the
   * stored one instead of writing a second). A duplicate returns the existing message.
   */
  create(orgId: string, m: NewMessage): Promise<CreateMessageResult>;
  get(orgId: string, messageId: string): Promise<Message | null>;
  /** The contact's outbound `initial` message, if one was stored. */
  findInitial(orgId: string, contactId: string): Promise<Message | null>;
  /** routing: by the carrier's id (status callbacks). */
  findByProviderId(providerId: string): Promise<Message | null>;
  /** Atomic queued -> sending; null when someone else holds it or it is past queued. */
  claimForSending(orgId: string, messageId: string, now: Date): Promise<Message | null>;
  /** sending -> queued again (transient failure before the carrier accepted it). */
  requeue(orgId: string, messageId: string, now: Date, errorCode?: string): Promise<void>;
  setProviderId(orgId: string, messageId: string, providerId: string, now: Date): Promise<void>;
  /** Forward only (R4.6); returns whether it applied. */
  applyStatus(orgId: string, messageId: string, status: MessageStatus, at: Date, errorCode?: string): Promise<boolean>;
  /** Outbox sweeper: queued messages not touched since `before`. */
  listStaleQueued(before: Date, limit: number): Promise<Message[]>;
  /** Sweeper: `sending` messages with no provider id, not touched since `before` (their worker died mid-call). */
  listStaleSending(before: Date, limit: number): Promise<Message[]>;
  /**
   * Sweeper (lost status callbacks): outbound messages with a provider id still `sending` or
   * `sent`, not touched since `before` (and, when given, created after `createdAfter`), oldest first.
   */
  listStaleWithProvider(before: Date, limit: number, createdAfter?: Date): Promise<Message[]>;
  /** The carrier was asked for this message's status and nothing changed: updatedAt = at. */
  markChecked(orgId: string, messageId: string, at: Date): Promise<void>;
  listByConversation(orgId: string, conversationId: string, limit?: number): Promise<Message[]>;
  /** Initial texts to a phone since a time, for frequency caps (R6.3). */
  initialsToPhone(orgId: string, phone: E164, since: Date): Promise<{ campaignId: string; at: Date }[]>;
  listUnmatched(orgId: string, limit?: number): Promise<Message[]>;
  streamByCampaign(orgId: string, campaignId: string): AsyncIterable<Message>;
}

/** Status callbacks that arrived before the send call returned its provider id (R4.6). */
export interface EarlyStatusRepository {
  put(providerId: string, status: MessageStatus, at: Date, errorCode?: string): Promise<void>;
  /** Removes and returns every early status stored for this provider id, oldest first. */
  take(providerId: string): Promise<{ status: MessageStatus; at: Date; errorCode?: string }[]>;
}

export interface OptOutRepository {
  /** Idempotent: unique per (orgId, phone). created=false returns the existing record. */
  record(orgId: string, o: NewOptOut): Promise<{ created: boolean; optOut: OptOut }>;
  isOptedOut(orgId: string, phone: E164): Promise<boolean>;
  get(orgId: string, phone: E164): Promise<OptOut | null>;
  /** Which of these phones are opted out (imports). */
  filterOptedOut(orgId: string, phones: string[]): Promise<Set<string>>;
  /** Lifts an opt-out (START/UNSTOP or admin); returns the removed record. */
  remove(orgId: string, phone: E164): Promise<OptOut | null>;
  /** Atomic: true exactly once per opt-out, so at most one confirmation is sent (R1.6). */
  markConfirmationSent(orgId: string, optOutId: string, at: Date): Promise<boolean>;
  list(orgId: string, opts?: { limit?: number; after?: string }): Promise<OptOut[]>;
  count(orgId: string): Promise<number>;
}

/** Inbound texts to a sender no org owns (kept for operators; never any org's opt-out). */
export interface UnroutedInboundRepository {
  /** Idempotent on providerId (webhook retries). */
  record(m: NewUnroutedInbound): Promise<{ created: boolean; record: UnroutedInbound }>;
  /** routing: texts received at any of these senders (numbers or service SIDs), oldest first. */
  listForSenders(keys: string[], limit?: number): Promise<UnroutedInbound[]>;
  /** Marks a text as applied by the org that took its sender; false when it already was. */
  markAdopted(id: string, orgId: string): Promise<boolean>;
}

export interface AuditRepository {
  /** Append-only. */
  append(e: NewAuditEvent): Promise<AuditEvent>;
  list(orgId: string, filter?: { action?: string; subjectId?: string; limit?: number }): Promise<AuditEvent[]>;
}

/**
 * Named counters beside the fixed campaign counters: survey tallies, per-volunteer
 * counts, failures by carrier code. One small document per (orgId, scope); `increment` is an
 * atomic $inc (upsert), so stats never scan contacts or messages.
 * Scopes used by the engine: `campaign:<id>:survey` (keys `<questionId>/<answerId>`),
 * `campaign:<id>:volunteers` (keys `<memberId>/initials|replies|optOuts`),
 * `campaign:<id>:errors` (keys = carrier error codes). Keys never contain '.' or start with '$'.
 */
export interface TallyRepository {
  increment(orgId: string, scope: string, deltas: Record<string, number>): Promise<void>;
  /** Every key of the scope ({} when none). */
  get(orgId: string, scope: string): Promise<Record<string, number>>;
}

/**
 * CRM connections, mappings, per-contact sync state and sync runs (VAN, Action Network).
 * `claimPush` is the atomic step that keeps two runs (or a re-run) from writing the same content
 * for a contact twice: it succeeds only when `key` is neither the last written content nor a
 * fresh claim of another run.
 */
export interface CrmRepository {
  /** Creates or replaces the (org, kind) connection's credentials; keeps its mappings and catalog. */
  saveConnection(c: NewCrmConnection): Promise<CrmConnection>;
  getConnection(orgId: string, kind: CrmKind): Promise<CrmConnection | null>;
  listConnections(orgId: string): Promise<CrmConnection[]>;
  /** Removes the connection (key, mappings, catalog); per-contact state stays. False when none. */
  removeConnection(orgId: string, kind: CrmKind): Promise<boolean>;
  setCatalog(orgId: string, kind: CrmKind, catalog: CrmCatalog, at: Date): Promise<CrmConnection | null>;
  /** Replaces the mapping of `mapping.campaignId`; null when there is no connection. */
  setMapping(orgId: string, kind: CrmKind, mapping: CrmMapping): Promise<CrmConnection | null>;
  getStates(orgId: string, kind: CrmKind, contactIds: readonly string[]): Promise<CrmContactState[]>;
  /**
   * Atomic: claims the write of `key` for this contact unless it was the last content written or
   * another claim of it is newer than `staleBefore`. True = this caller writes it.
   */
  claimPush(orgId: string, kind: CrmKind, contactId: string, key: string, now: Date, staleBefore: Date): Promise<boolean>;
  /** The claimed write succeeded: lastKey = key (and the CRM's person id when given). */
  completePush(orgId: string, kind: CrmKind, contactId: string, key: string, externalId?: string): Promise<void>;
  /** The claimed write failed: the claim is dropped so a later run tries again. */
  abandonPush(orgId: string, kind: CrmKind, contactId: string, key: string): Promise<void>;
  createRun(orgId: string, run: NewCrmRun, now: Date): Promise<CrmRun>;
  getRun(orgId: string, runId: string): Promise<CrmRun | null>;
  updateRun(orgId: string, runId: string, patch: CrmRunPatch): Promise<CrmRun | null>;
  /** Newest first. */
  listRuns(orgId: string, opts?: { campaignId?: string; limit?: number }): Promise<CrmRun[]>;
}

/** Outgoing webhooks of an org and their delivery outbox (src/core/webhooks). */
export interface WebhookRepository {
  create(orgId: string, w: NewWebhook): Promise<Webhook>;
  list(orgId: string): Promise<Webhook[]>;
  get(orgId: string, webhookId: string): Promise<Webhook | null>;
  /** Removes the webhook and its outbox; false when it was not there. */
  remove(orgId: string, webhookId: string): Promise<boolean>;
  setEnabled(orgId: string, webhookId: string, enabled: boolean, at: Date): Promise<Webhook | null>;
  /** Atomic: enabled -> disabled; true exactly once (so organizers are told once). */
  disable(orgId: string, webhookId: string, at: Date, reason: 'failing'): Promise<boolean>;
  /** Atomic: counts a failure; the first since the last success sets firstFailureAt. Null when gone. */
  recordFailure(orgId: string, webhookId: string, at: Date, error: string): Promise<Webhook | null>;
  /** Clears the failure run (firstFailureAt, failures). */
  recordSuccess(orgId: string, webhookId: string, at: Date): Promise<void>;
  /**
   * Idempotent on (webhookId, event.id): stores the event for the webhook with the next
   * sequence number of its lane; a repeat returns the stored delivery (created=false).
   */
  addDelivery(orgId: string, webhookId: string, lane: string, event: DomainEvent): Promise<{ created: boolean; delivery: WebhookDelivery }>;
  getDelivery(orgId: string, deliveryId: string): Promise<WebhookDelivery | null>;
  /** The lane's oldest pending delivery (lowest seq), or null. */
  nextPending(orgId: string, webhookId: string, lane: string): Promise<WebhookDelivery | null>;
  /** pending -> delivered; false when it already was (or is gone). */
  markDelivered(orgId: string, deliveryId: string, at: Date): Promise<boolean>;
  /** Counts a failed attempt on a pending delivery. */
  recordAttempt(orgId: string, deliveryId: string, at: Date, error: string): Promise<void>;
  /**
   * The right to deliver a lane, across worker processes: taken (atomically) when nobody holds
   * it, the lease ended at or before `now`, or `holder` holds it; then held until `until`.
   */
  acquireLane(orgId: string, webhookId: string, lane: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lane back (a no-op unless `holder` holds it). */
  releaseLane(orgId: string, webhookId: string, lane: string, holder: string): Promise<void>;
  /** Sweeper: pending deliveries created before `before` (oldest first), for enabled or disabled webhooks alike. */
  listPending(before: Date, limit: number): Promise<WebhookDelivery[]>;
}

/**
 * Review items for the org's review channel (DESIGN: Review). `decide` is the atomic step: it
 * moves an item pending -> decided only once, so of any number of simultaneous presses exactly one wins.
 */
export interface ReviewRepository {
  /** Idempotent on (orgId, key): a retried job finds the stored item (created=false). */
  create(orgId: string, item: NewReviewItem): Promise<{ created: boolean; item: ReviewItem }>;
  get(orgId: string, id: string): Promise<ReviewItem | null>;
  /** Remembers the item's review post (so a retry does not post it again). */
  setPost(orgId: string, id: string, post: ChatRef): Promise<void>;
  /** Atomic pending -> decided; won=false (with the item as it is) when it was already decided or is missing. */
  decide(orgId: string, id: string, decision: ReviewDecision, by: { id: string; name: string }, now: Date): Promise<DecideResult>;
  /** Pending items, oldest first. */
  listPending(orgId: string, limit?: number): Promise<ReviewItem[]>;
}

/** One stored media file. Outbound media carries its bytes; voter media only where the carrier holds it. */
export interface StoredMedia {
  /** Unguessable (at least 128 random bits): the public media routes know nothing else. */
  id: string;
  orgId: string;
  contentType: string;
  /** Outbound media: the file itself (at most MMS_MAX_BYTES). */
  bytes?: Uint8Array;
  sha256?: string;
  /** Voter media: the carrier's address, read only by the proxy route (never shown in chat). */
  remoteUrl?: string;
  createdAt: Date;
}

export interface MediaRepository {
  /** Stores a file under a new unguessable id. */
  create(orgId: string, input: { contentType: string; bytes: Uint8Array; sha256: string }): Promise<StoredMedia>;
  /** Records voter media the carrier holds, under a new unguessable id. */
  createRemote(orgId: string, input: { contentType: string; remoteUrl: string }): Promise<StoredMedia>;
  /** By id alone (routing: the public media routes know only the id); null when unknown. */
  get(id: string): Promise<StoredMedia | null>;
}

/** A number's stored lookup result (per org, fresh for LOOKUP_CACHE_DAYS). */
export interface CachedLookup {
  phone: E164;
  lineType: LineType;
  carrier?: string;
  checkedAt: Date;
}

export type LookupClaim = { kind: 'claimed' } | { kind: 'cached'; result: CachedLookup } | { kind: 'busy' };

/**
 * The org's number lookup cache, one record per (org, phone). `claim` is the atomic step that
 * keeps two workers, or a run resumed after a crash, from paying for the same number twice: a
 * number is asked of the provider only by the caller that claimed it, and only when it has no
 * fresh result and no live claim (a claim older than `staleBefore` was left by a worker that died
 * mid-call, whoever held it).
 */
export interface LookupRepository {
  /** The fresh results (checkedAt at or after `freshAfter`) among these phones. */
  getFresh(orgId: string, phones: readonly string[], freshAfter: Date): Promise<Map<string, CachedLookup>>;
  claim(orgId: string, phone: E164, holder: string, now: Date, opts: { freshAfter: Date; staleBefore: Date }): Promise<LookupClaim>;
  /** Stores the result of a claimed lookup (the claim ends); false when `holder` no longer held it. */
  complete(orgId: string, phone: E164, holder: string, result: { lineType: LineType; carrier?: string }, now: Date): Promise<boolean>;
  /** The claimed lookup failed: the claim is dropped so a later run asks again. */
  abandon(orgId: string, phone: E164, holder: string): Promise<void>;
}

export interface Store {
  readonly kind: 'memory' | 'mongo';
  orgs: OrgRepository;
  members: MemberRepository;
  campaigns: CampaignRepository;
  contacts: ContactRepository;
  claims: ClaimRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  earlyStatuses: EarlyStatusRepository;
  optOuts: OptOutRepository;
  audit: AuditRepository;
  /** Inbound texts to senders no org owns. */
  unroutedInbound: UnroutedInboundRepository;
  /** Survey tallies, per-volunteer counts and failures by code, so stats never scan. */
  tallies: TallyRepository;
  /** Review-channel items, decided once (atomic). */
  reviews: ReviewRepository;
  /** CRM connections, mappings, per-contact sync state and runs. */
  crm: CrmRepository;
  /** Outgoing webhooks and their delivery outbox. */
  webhooks: WebhookRepository;
  /** Tracked links (one per contact and destination) and their clicks. */
  links: LinkRepository;
  /** Rolling windows of carrier outcomes per sender and per campaign (deliverability guardrails). */
  deliverability: DeliverabilityRepository;
  /** Number lookup results per org (the 90-day cache) with the atomic claim to pay. */
  lookups: LookupRepository;
  /** MMS media: images and contact cards we serve, and voter media the carrier holds. */
  media: MediaRepository;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
