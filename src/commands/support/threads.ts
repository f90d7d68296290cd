// A conversation's chat thread: created on the voter's first reply (header: first name, masked
// phone, campaign) in the campaign channel when the org's conversationVisibility is 'channel' or
// the platform has members-only threads (Discord private threads), else in the volunteer's DM. Its ref is stored on the conversation, so the volunteer's
// typed replies there map back to it (findByThread).
import type { ChatRef, Lang } from '../../core/model/common.js';
import type { Conversation } from '../../core/model/conversation.js';
import type { Member, Org } from '../../core/model/org.js';
import type { ChatGateway, Store } from '../../core/ports.js';
import { maskPhone } from '../../core/contacts/phone.js';
import type { Translate } from '../framework/definition.js';
import { threadHeaderView } from '../views/conversation.js';
import { inline } from '../views/text.js';

export interface ThreadDeps {
  store: Store;
  gateways: Partial<Record<Org['platform'], ChatGateway>>;
  translator(lang: Lang): Translate;
}

export function langOf(member: Pick<Member, 'locale'> | null | undefined, org: Org): Lang {
  return member?.locale ?? org.defaultLocale;
}

/** Conversations of this org live in threads of the campaign channel (not in DMs). */
export function threadsInChannel(org: Org, gateway: ChatGateway | undefined): boolean {
  return org.conversationVisibility === 'channel' || gateway?.privateThreads === true;
}

/** The newest thread of the conversation on this platform. */
export function currentThread(conversation: Conversation, platform: Org['platform']): ChatRef | undefined {
  return [...conversation.threads].reverse().find((r) => r.platform === platform);
}

/**
 * The conversation's thread for `volunteer`, created when there is none (or `fresh`, after a
 * reassignment in private mode). Null when the org's platform has no gateway here.
 */
export async function ensureThread(deps: ThreadDeps, org: Org, conversation: Conversation, volunteer: Member, fresh = false): Promise<ChatRef | null> {
  const gateway = deps.gateways[org.platform];
  if (!gateway) return null;
  const existing = currentThread(conversation, org.platform);
  if (existing && !fresh) return existing;
  const [campaign, contact] = await Promise.all([
    deps.store.campaigns.get(org.id, conversation.campaignId),
    deps.store.contacts.get(org.id, conversation.contactId),
  ]);
  if (!campaign || !contact) return null;
  const t = deps.translator(langOf(volunteer, org));
  const header = threadHeaderView(t, { firstName: contact.firstName, phone: contact.phone, campaignName: campaign.name, volunteerName: volunteer.displayName });
  let ref: ChatRef;
  if (campaign.channelId && threadsInChannel(org, gateway)) {
    const name = `${inline(contact.firstName, 40) || t('commands:card.no_name')} · ${maskPhone(contact.phone)}`;
    ref = await gateway.startThread(campaign.channelId, header, { name, memberIds: [volunteer.platformUserId] });
  } else {
    const root = await gateway.dm(volunteer.platformUserId, header);
    ref = { ...root, threadId: root.threadId ?? root.messageId };
  }
  await deps.store.conversations.addThread(org.id, conversation.id, ref);
  return ref;
}
