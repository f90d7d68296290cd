// The `chat.notify` job (enqueued by the engine's inbound service after the text and any
// opt-out are stored): posts a voter's text where someone will answer it.
// - audience 'volunteer': into the conversation's thread, created on the first reply.
// - audience 'organizers' (the volunteer's batch was released or expired, or the text matched no
//   conversation): to the campaign channel, or each organizer's DM, with Assign to me / Reassign.
// Order: a thread shows a conversation's voter texts in the order they were stored, even when
// chat rate limits make a job fail and the queue retry it later. Jobs of one conversation run
// one after another: in this process (a keyed chain) and across worker processes (a lease on
// the conversation in the store, acquireNotifyLease: two workers holding jobs of one
// conversation would otherwise both open its thread, or both post an earlier text). Every job
// first posts the conversation's earlier voter texts that no job has handled yet (store order),
// marking each text handled in the store (tallies scope `conversation:<id>:notified`); a late
// job finds its text handled and posts nothing. A chat failure throws, so the queue retries the
// job; nothing is dropped here. A worker that dies holding a lease blocks the conversation only
// until the lease ends (LEASE_MS); its job comes back through the queue's stalled check.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { classifyInbound } from '../core/rules.js';
import type { Engine } from '../core/engine.js';
import type { Lang, Platform } from '../core/model/common.js';
import type { Conversation } from '../core/model/conversation.js';
import type { Message } from '../core/model/message.js';
import type { Member, Org } from '../core/model/org.js';
import type { ChatGateway, Store } from '../core/ports.js';
import { NotFoundError } from '../core/errors.js';
import { hasRole } from '../core/model/org.js';
import type { Translate } from './framework/definition.js';
import { closedInfoOf, inboundActions, triageViewFor } from './support/conversation.js';
import { ensureThread, langOf } from './support/threads.js';
import { inboundMessageView, organizerInboundView } from './views/conversation.js';
import { reviewInbound } from './review/inbound.js';

/** The job payload (a boundary: parsed with zod). Mirrors core's ChatNotifyPayload. */
export const ChatNotifyJob = z.object({
  orgId: z.string().min(1),
  conversationId: z.string().min(1).optional(),
  messageId: z.string().min(1),
  kind: z.enum(['opt_out', 'opt_in', 'help', 'probable_opt_out', 'message']),
  audience: z.enum(['volunteer', 'organizers']),
});

export interface ChatNotifierDeps {
  store: Store;
  engine: Engine;
  gateways: Partial<Record<Platform, ChatGateway>>;
  translator(lang: Lang): Translate;
  log?: { warn(obj: object, msg: string): void };
  /** Wall clock for the cross-process lease (process liveness, not campaign time). Default: the system clock. */
  leaseClock?: () => Date;
}

export type NotifyOutcome = 'thread' | 'organizers' | 'skipped';

const MAX_MEMBERS = 25;
/** How many `chat.notify` jobs a worker runs at once (different conversations; one conversation's jobs still run in order). */
export const CHAT_NOTIFY_CONCURRENCY = 8;
/** Earlier voter texts found unhandled are posted first when they are at most this much older (older ones predate the markers). */
const CATCH_UP_WINDOW_MS = 15 * 60_000;
/** How many of the conversation's newest messages are looked at for unhandled earlier texts. */
const CATCH_UP_LOOKBACK = 200;

const handledScope = (conversationId: string): string => `conversation:${conversationId}:notified`;
/** How long a job may hold its conversation's lease; far above a job's run, so it only matters after a crash. */
export const LEASE_MS = 90_000;
/** How long a job waits for another worker's job of the same conversation before failing (the queue retries it). */
const LEASE_WAIT_MS = 20_000;
const LEASE_POLL_MS = 20;
const LEASE_POLL_MAX_MS = 250;

/** Runs work for one key after the work queued before it for that key has settled. */
function createKeyedSerial() {
  const tails = new Map<string, Promise<void>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

type Kind = z.infer<typeof ChatNotifyJob>['kind'];

export function createChatNotifier(deps: ChatNotifierDeps) {
  const { store } = deps;
  const serial = createKeyedSerial();

  const markHandled = (org: Org, conversation: Conversation, messageId: string): Promise<void> =>
    store.tallies.increment(org.id, handledScope(conversation.id), { [messageId]: 1 });

  /** The conversation's voter texts stored before `message` that no job has handled yet, oldest first. */
  async function unhandledBefore(org: Org, conversation: Conversation, message: Message): Promise<Message[]> {
    const [recent, handled] = await Promise.all([
      store.messages.listByConversation(org.id, conversation.id, CATCH_UP_LOOKBACK),
      store.tallies.get(org.id, handledScope(conversation.id)),
    ]);
    const at = recent.findIndex((m) => m.id === message.id);
    if (at < 0) return [];
    const oldest = message.createdAt.getTime() - CATCH_UP_WINDOW_MS;
    return recent.slice(0, at).filter((m) => m.direction === 'inbound' && !handled[m.id] && m.createdAt.getTime() >= oldest);
  }

  async function toVolunteer(org: Org, conversation: Conversation, volunteer: Member, message: Message, kind: Kind): Promise<boolean> {
    const gateway = deps.gateways[org.platform];
    const [campaign, contact] = await Promise.all([store.campaigns.get(org.id, conversation.campaignId), store.contacts.get(org.id, conversation.contactId)]);
    if (!gateway || !campaign || !contact) return false;
    const ref = await ensureThread(deps, org, conversation, volunteer);
    if (!ref) return false;
    const optedOut = await store.optOuts.isOptedOut(org.id, contact.phone);
    const t = deps.translator(langOf(volunteer, org));
    const lang = contact.language ?? org.defaultLocale;
    // Earlier texts whose jobs are still waiting for a retry go first, so the thread keeps store order.
    const texts = [...(await unhandledBefore(org, conversation, message)), message];
    for (const m of texts) {
      const k = m.id === message.id ? kind : classifyInbound(m.body, lang).kind;
      const triage = triageViewFor(org, campaign, contact, conversation.id, m);
      const closed = closedInfoOf(conversation);
      await gateway.postInThread(ref, inboundMessageView(t, {
        ...inboundActions(org, campaign, contact, conversation.id, optedOut),
        text: m.body,
        kind: k,
        firstName: contact.firstName,
        ...(triage ? { triage } : {}),
        ...(closed ? { closed } : {}),
        ...(m.media?.length ? { media: m.media } : {}),
      }));
      await markHandled(org, conversation, m.id);
    }
    return true;
  }

  async function toOrganizers(org: Org, conversation: Conversation | null, message: Message, kind: Kind): Promise<boolean> {
    const gateway = deps.gateways[org.platform];
    if (!gateway) return false;
    const t = deps.translator(org.defaultLocale);
    const [campaign, contact, members] = await Promise.all([
      conversation ? store.campaigns.get(org.id, conversation.campaignId) : null,
      conversation ? store.contacts.get(org.id, conversation.contactId) : null,
      store.members.list(org.id),
    ]);
    const previous = conversation ? members.find((m) => m.id === conversation.volunteerId) : undefined;
    const view = organizerInboundView(t, {
      text: message.body,
      kind,
      fromPhone: message.voterPhone,
      members: members
        .filter((m) => m.id !== conversation?.volunteerId)
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .slice(0, MAX_MEMBERS)
        .map((m) => ({ id: m.id, name: m.displayName })),
      ...(conversation && campaign && contact
        ? {
            voter: {
              conversationId: conversation.id,
              firstName: contact.firstName,
              phone: contact.phone,
              campaignName: campaign.name,
              ...(previous ? { previousVolunteer: previous.displayName } : {}),
            },
          }
        : {}),
    });
    if (campaign?.channelId) {
      await gateway.post(campaign.channelId, view);
      return true;
    }
    const organizers = members.filter((m) => hasRole(m.role, 'organizer'));
    for (const m of organizers) await gateway.dm(m.platformUserId, view);
    return organizers.length > 0;
  }

  /**
   * Handles one `chat.notify` job. Throws on chat failures so the queue retries (the thread ref
   * and the texts already posted are kept). Jobs of one conversation run one at a time, in the
   * order they arrive.
   */
  async function handle(payload: unknown): Promise<NotifyOutcome> {
    const p = ChatNotifyJob.parse(payload);
    const conversationId = p.conversationId;
    return conversationId ? serial(`${p.orgId}:${conversationId}`, () => underLease(p.orgId, conversationId, () => handleOne(p))) : handleOne(p);
  }

  /** Runs `work` while holding the conversation's notify lease (one job per conversation across workers). */
  async function underLease<T>(orgId: string, conversationId: string, work: () => Promise<T>): Promise<T> {
    const now = deps.leaseClock ?? (() => new Date());
    const holder = randomUUID();
    const waitUntil = now().getTime() + LEASE_WAIT_MS;
    for (let pause = LEASE_POLL_MS; ; pause = Math.min(pause * 2, LEASE_POLL_MAX_MS)) {
      const at = now();
      try {
        if (await store.conversations.acquireNotifyLease(orgId, conversationId, holder, at, new Date(at.getTime() + LEASE_MS))) break;
      } catch (err) {
        // No such conversation (any more): nothing to serialize; handleOne decides what to post.
        if (err instanceof NotFoundError) return work();
        throw err;
      }
      if (at.getTime() >= waitUntil) throw new Error('chat.notify: another worker is still posting this conversation; the queue retries this job');
      await sleep(pause);
    }
    try {
      return await work();
    } finally {
      await store.conversations.releaseNotifyLease(orgId, conversationId, holder).catch((err: unknown) => {
        // The lease ends by itself at LEASE_MS; the next job of this conversation waits at most that long.
        deps.log?.warn({ err, conversationId }, 'chat.notify: could not release the conversation lease');
      });
    }
  }

  async function handleOne(p: z.infer<typeof ChatNotifyJob>): Promise<NotifyOutcome> {
    const org = await store.orgs.get(p.orgId);
    const message = org ? await store.messages.get(org.id, p.messageId) : null;
    if (!org || !message) return 'skipped';
    if (!deps.gateways[org.platform]) {
      deps.log?.warn({ orgId: org.id, platform: org.platform }, 'chat.notify: no chat gateway for this platform; voter text stays in the store');
      return 'skipped';
    }
    const conversation = p.conversationId ? await store.conversations.get(org.id, p.conversationId) : null;
    // Already posted by a later text's job (catch-up) or by an earlier delivery of this job.
    if (conversation && (await store.tallies.get(org.id, handledScope(conversation.id)))[message.id]) return 'skipped';
    // The org's review channel: flagged replies get a review post too; unknown numbers go there instead of to organizers.
    if (await reviewInbound(deps, org, conversation, message, p.kind)) return 'organizers';
    if (p.audience === 'volunteer' && conversation) {
      const volunteer = await store.members.get(org.id, conversation.volunteerId);
      if (volunteer && (await toVolunteer(org, conversation, volunteer, message, p.kind))) return 'thread';
    }
    const outcome = (await toOrganizers(org, conversation, message, p.kind)) ? 'organizers' : 'skipped';
    if (conversation) await markHandled(org, conversation, message.id);
    return outcome;
  }

  return { handle };
}

export type ChatNotifier = ReturnType<typeof createChatNotifier>;
