// A voter wrote (not an opt-out keyword): the contact now needs a reply, and reply counters move.
import type { Contact } from '../model/contact.js';
import type { EngineDeps } from '../campaigns/engine-deps.js';
import { bumpHourly } from '../stats/hourly.js';
import { bumpVariant } from '../stats/variant-tallies.js';

/**
 * messaged -> needs_reply counts a replied contact the first time; replied/closed -> needs_reply
 * counts one more reply. Opted-out and other side exits do not move.
 */
export async function noteVoterReply(deps: EngineDeps, contact: Contact | null, now: Date, reading?: { positive: boolean; intent?: string }): Promise<void> {
  if (!contact) return;
  // Segments: the first reply (first value kept) and the triage reading of the latest one.
  await deps.store.contacts.setFacts(contact.orgId, contact.id, { repliedAt: now, ...(reading?.intent ? { replyIntent: reading.intent } : {}) });
  await bumpHourly(deps, contact.orgId, contact.campaignId, 'replies', now);
  const { contacts, campaigns } = deps.store;
  const first = await contacts.transition(contact.orgId, contact.id, ['messaged'], 'needs_reply', now, { lastMessageAt: now });
  if (first) {
    await campaigns.increment(contact.orgId, contact.campaignId, { replies: 1, repliedContacts: 1 });
    // A/B: the contact's first reply; `positive` is a triage "yes" when the campaign has no survey.
    await bumpVariant(deps, contact.orgId, contact.campaignId, first, 'replied');
    if (reading?.positive) await bumpVariant(deps, contact.orgId, contact.campaignId, first, 'positive');
    return;
  }
  await contacts.transition(contact.orgId, contact.id, ['replied', 'closed'], 'needs_reply', now, { lastMessageAt: now });
  await campaigns.increment(contact.orgId, contact.campaignId, { replies: 1 });
}
