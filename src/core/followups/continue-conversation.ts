// Thread continuity: conversations are one per contact, so a follow-up contact whose voter was
// already in a conversation takes that conversation over (store: moveToFollowUp) when its first
// text is sent. The text, the voter's replies and the chat thread then continue in one place,
// and inbound texts route to the follow-up's contact (its survey answers, its campaign).
import type { Contact } from '../model/contact.js';
import type { Conversation } from '../model/conversation.js';
import type { Store } from '../ports.js';

export interface ContinuedConversation {
  conversation: Conversation;
  /** Who had the conversation before (the chat layer hands the thread over when it changes). */
  previousVolunteerId: string;
}

/** Moves the source conversation to `contact` (sent by `volunteerId`); null when there is none to continue. */
export async function continueConversation(store: Store, contact: Contact, volunteerId: string, now: Date): Promise<ContinuedConversation | null> {
  const from = contact.followUpOf;
  if (!from) return null;
  const { orgId } = contact;
  const source = from.conversationId
    ? await store.conversations.get(orgId, from.conversationId)
    : await store.conversations.findByContact(orgId, from.contactId);
  if (!source || source.contactId !== from.contactId || source.voterPhone !== contact.phone) return null;
  const moved = await store.conversations.moveToFollowUp(orgId, source.id, { fromContactId: from.contactId, campaignId: contact.campaignId, contactId: contact.id, volunteerId }, now);
  return moved ? { conversation: moved, previousVolunteerId: source.volunteerId } : null;
}
