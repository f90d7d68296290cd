// Replies that wait (DESIGN: Reply pool). When a voter's text starts a wait, two delayed jobs
// are enqueued, keyed by that text's id: `reply.nudge` (one DM to the volunteer after the org's
// nudge time) and `reply.release` (the conversation moves to the campaign's reply pool after the
// release time). Each job re-checks when it fires that the conversation still waits for that
// same text (no answer since, not closed, not pooled, not opted out), so a late job does nothing.
// Volunteers then claim pooled conversations like contacts: atomically, never one to two people.
import { z } from 'zod';
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Conversation } from '../model/conversation.js';
import { replyTimersOf, type Member, type Org } from '../model/org.js';
import type { Clock, JobQueue, Store } from '../ports.js';
import { isOrganizer, loadActor } from '../campaigns/access.js';
import type { EngineLogger } from '../campaigns/engine-deps.js';
import { fail, isFailure, type Failure } from '../campaigns/result.js';

/** The payload of `reply.nudge` and `reply.release` (a boundary: parsed with zod). */
export const ReplyTimerJob = z.object({
  orgId: z.string().min(1),
  conversationId: z.string().min(1),
  /** The voter's text that started the wait. */
  messageId: z.string().min(1),
  /** The conversation's awaitingSince when the text arrived: the job acts only while it is unchanged. */
  since: z.coerce.date(),
});
export type ReplyTimerJob = z.infer<typeof ReplyTimerJob>;

/** At most this many conversations per claim of replies. */
export const REPLY_CLAIM_LIMIT = 10;

/** Contact statuses that need no answer: a timer finds nothing to do. */
const SETTLED: ReadonlySet<Contact['status']> = new Set(['closed', 'opted_out', 'invalid', 'landline', 'skipped']);

export interface ReplyTimerDeps {
  store: Store;
  clock: Clock;
}

export const replyJobId = (name: 'reply.nudge' | 'reply.release', messageId: string): string => `${name}:${messageId}`;

/**
 * Enqueues the nudge and release jobs for a voter text stored in `conversationId` (call after the
 * inbound touch). Only the text that started the wait schedules them, so a voter who writes
 * three times in a row still causes one nudge. A failed enqueue is logged, never thrown: the
 * text and its opt-out are already stored.
 */
export async function scheduleReplyTimers(
  deps: ReplyTimerDeps & { queue: JobQueue; log: EngineLogger },
  org: Org,
  conversationId: string,
  messageId: string,
  receivedAt: Date,
  /** A volunteer took the waiting conversation from the pool at this time: the times count again from it. */
  restartAt?: Date,
): Promise<void> {
  try {
    const conversation = await deps.store.conversations.get(org.id, conversationId);
    const since = conversation?.awaitingSince;
    if (!conversation || !since || since.getTime() !== receivedAt.getTime() || conversation.pooledAt) return;
    const { nudgeMinutes, releaseMinutes } = replyTimersOf(org);
    const payload: ReplyTimerJob = { orgId: org.id, conversationId, messageId, since };
    // The delay counts from the wait's start (or the claim that restarted it) on the Clock, not
    // from when this line runs. A restart gets its own job ids: the first ones already ran.
    const start = restartAt ?? since;
    const key = restartAt ? `${messageId}:${restartAt.getTime()}` : messageId;
    const delay = (minutes: number): number => Math.max(0, start.getTime() + minutes * 60_000 - deps.clock.now().getTime());
    if (nudgeMinutes < releaseMinutes) {
      await deps.queue.enqueue('reply.nudge', payload, { jobId: replyJobId('reply.nudge', key), delayMs: delay(nudgeMinutes), attempts: 3, backoff: { type: 'exponential', delayMs: 5_000 } });
    }
    await deps.queue.enqueue('reply.release', payload, { jobId: replyJobId('reply.release', key), delayMs: delay(releaseMinutes), attempts: 3, backoff: { type: 'exponential', delayMs: 5_000 } });
  } catch (err) {
    deps.log.warn({ err, conversationId, messageId }, 'reply timers enqueue failed');
  }
}

export interface WaitingReply {
  org: Org;
  conversation: Conversation;
  campaign: Campaign;
  contact: Contact;
  /** The conversation's volunteer (null when they are no longer a member). */
  volunteer: Member | null;
}

/** The conversation when it still waits for the job's text; null when the job has nothing to do. */
export async function stillWaiting(deps: ReplyTimerDeps, job: ReplyTimerJob): Promise<WaitingReply | null> {
  const { store } = deps;
  const [org, conversation] = await Promise.all([store.orgs.get(job.orgId), store.conversations.get(job.orgId, job.conversationId)]);
  if (!org || !conversation) return null;
  if (conversation.awaitingSince?.getTime() !== job.since.getTime() || conversation.pooledAt || conversation.closedAt) return null;
  const [campaign, contact, volunteer] = await Promise.all([
    store.campaigns.get(org.id, conversation.campaignId),
    store.contacts.get(org.id, conversation.contactId),
    store.members.get(org.id, conversation.volunteerId),
  ]);
  if (!campaign || campaign.status === 'archived' || !contact || SETTLED.has(contact.status)) return null;
  if (await store.optOuts.isOptedOut(org.id, contact.phone)) return null;
  return { org, conversation, campaign, contact, volunteer };
}

/**
 * The `reply.release` job: moves the conversation to its campaign's reply pool (conditional in
 * the store on the same wait, so a job that fires twice, or after an answer, releases nothing).
 */
export async function releaseWaitingReply(deps: ReplyTimerDeps, job: ReplyTimerJob): Promise<WaitingReply | null> {
  const waiting = await stillWaiting(deps, job);
  if (!waiting) return null;
  const now = deps.clock.now();
  const pooled = await deps.store.conversations.releaseToPool(job.orgId, job.conversationId, job.since, now);
  if (!pooled) return null;
  await deps.store.audit.append({
    orgId: job.orgId,
    at: now,
    actor: { type: 'system' },
    action: 'conversation.pooled',
    subject: { type: 'conversation', id: pooled.id },
    data: { campaignId: pooled.campaignId, contactId: pooled.contactId, from: pooled.volunteerId, waitingSince: job.since.toISOString(), messageId: job.messageId },
  });
  return { ...waiting, conversation: pooled };
}

export type ClaimRepliesResult = { ok: true; conversations: Conversation[]; left: number } | Failure;

/**
 * A volunteer takes up to `limit` (at most REPLY_CLAIM_LIMIT) waiting conversations from the
 * campaign's pool; the store gives each one to one claimer only. Audited per claim.
 */
export async function claimPooledReplies(
  deps: ReplyTimerDeps & { queue?: JobQueue; log?: EngineLogger },
  orgId: string,
  campaignId: string,
  by: string,
  limit = REPLY_CLAIM_LIMIT,
): Promise<ClaimRepliesResult> {
  const { store, clock } = deps;
  const actor = await loadActor(store, orgId, by, 'volunteer');
  if (isFailure(actor)) return actor;
  const campaign = await store.campaigns.get(orgId, campaignId);
  if (!campaign) return fail('engine:campaign.not_found');
  if (campaign.status === 'archived') return fail('engine:campaign.archived');
  const now = clock.now();
  const conversations = await store.conversations.claimReplies(orgId, campaignId, actor.id, Math.max(1, Math.min(limit, REPLY_CLAIM_LIMIT)), now);
  if (conversations.length > 0) {
    // The contact follows its conversation (exports and stats credit who answers now).
    for (const c of conversations) {
      const contact = await store.contacts.get(orgId, c.contactId);
      if (contact) await store.contacts.transition(orgId, contact.id, [contact.status], contact.status, now, { volunteerId: actor.id });
    }
    await store.audit.append({
      orgId,
      at: now,
      actor: { type: 'member', id: actor.id, name: actor.displayName },
      action: 'replies.claimed',
      subject: { type: 'campaign', id: campaignId },
      data: { conversationIds: conversations.map((c) => c.id), count: conversations.length, organizer: isOrganizer(actor) },
    });
    await restartTimers(deps, orgId, conversations, now);
  }
  return { ok: true, conversations, left: await store.conversations.countPooled(orgId, campaignId) };
}

/**
 * The claimer gets the same nudge and release as the first volunteer had, counted from the claim:
 * a pooled reply that its new volunteer leaves waiting is nudged, then pooled again.
 */
async function restartTimers(deps: ReplyTimerDeps & { queue?: JobQueue; log?: EngineLogger }, orgId: string, conversations: readonly Conversation[], now: Date): Promise<void> {
  const { queue, log } = deps;
  if (!queue || !log) return;
  const org = await deps.store.orgs.get(orgId);
  if (!org) return;
  for (const c of conversations) {
    if (!c.awaitingSince) continue;
    // The job names the voter's latest text (audits and the nudge read it); the wait itself is keyed by awaitingSince.
    const recent = await deps.store.messages.listByConversation(orgId, c.id, 20);
    const latest = [...recent].reverse().find((m) => m.direction === 'inbound');
    await scheduleReplyTimers({ ...deps, queue, log }, org, c.id, latest?.id ?? c.id, c.awaitingSince, now);
  }
}
