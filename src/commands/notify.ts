// The `chat.notify` job (enqueued by the engine's inbound service after the text and any
// opt-out are stored): posts a voter's text where someone will answer it.
// - audience 'volunteer': into the conversation's thread, created on the first reply.
// - audience 'organizers' (the volunteer's batch was released or expired, or the text matched no
//   conversation): to the campaign channel, or each organizer's DM, with Assign to me / Reassign.
import { z } from 'zod';
import type { Engine } from '../core/engine.js';
import type { Lang, Platform } from '../core/model/common.js';
import type { Conversation } from '../core/model/conversation.js';
import type { Message } from '../core/model/message.js';
import type { Member, Org } from '../core/model/org.js';
import type { ChatGateway, Store } from '../core/ports.js';
import { hasRole } from '../core/model/org.js';
import type { Translate } from './framework/definition.js';
import { inboundActions } from './support/conversation.js';
import { ensureThread, langOf } from './support/threads.js';
import { inboundMessageView, organizerInboundView } from './views/conversation.js';

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
}

export type NotifyOutcome = 'thread' | 'organizers' | 'skipped';

const MAX_MEMBERS = 25;

export function createChatNotifier(deps: ChatNotifierDeps) {
  const { store } = deps;

  async function toVolunteer(org: Org, conversation: Conversation, volunteer: Member, message: Message, kind: z.infer<typeof ChatNotifyJob>['kind']): Promise<boolean> {
    const gateway = deps.gateways[org.platform];
    const [campaign, contact] = await Promise.all([store.campaigns.get(org.id, conversation.campaignId), store.contacts.get(org.id, conversation.contactId)]);
    if (!gateway || !campaign || !contact) return false;
    const ref = await ensureThread(deps, org, conversation, volunteer);
    if (!ref) return false;
    const optedOut = await store.optOuts.isOptedOut(org.id, contact.phone);
    const t = deps.translator(langOf(volunteer, org));
    await gateway.postInThread(ref, inboundMessageView(t, { ...inboundActions(org, campaign, contact, conversation.id, optedOut), text: message.body, kind, firstName: contact.firstName }));
    return true;
  }

  async function toOrganizers(org: Org, conversation: Conversation | null, message: Message, kind: z.infer<typeof ChatNotifyJob>['kind']): Promise<boolean> {
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

  /** Handles one `chat.notify` job. Throws on chat failures so the queue retries (the thread ref is kept). */
  async function handle(payload: unknown): Promise<NotifyOutcome> {
    const p = ChatNotifyJob.parse(payload);
    const org = await store.orgs.get(p.orgId);
    const message = org ? await store.messages.get(org.id, p.messageId) : null;
    if (!org || !message) return 'skipped';
    if (!deps.gateways[org.platform]) {
      deps.log?.warn({ orgId: org.id, platform: org.platform }, 'chat.notify: no chat gateway for this platform; voter text stays in the store');
      return 'skipped';
    }
    const conversation = p.conversationId ? await store.conversations.get(org.id, p.conversationId) : null;
    if (p.audience === 'volunteer' && conversation) {
      const volunteer = await store.members.get(org.id, conversation.volunteerId);
      if (volunteer && (await toVolunteer(org, conversation, volunteer, message, p.kind))) return 'thread';
    }
    return (await toOrganizers(org, conversation, message, p.kind)) ? 'organizers' : 'skipped';
  }

  return { handle };
}

export type ChatNotifier = ReturnType<typeof createChatNotifier>;
