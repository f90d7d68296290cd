// Recording an opt-out (R1.2 org-wide suppression, R1.5, R1.7) and its effects on contacts,
// shared by inbound keywords/phrases, volunteer confirmations, wrong numbers and carrier errors.
import type { AuditEvent } from '../model/audit.js';
import type { ContactStatus } from '../model/contact.js';
import type { OptOut, OptOutSource } from '../model/opt-out.js';
import { bumpTally, tallyKey, tallyScope, type EngineDeps } from '../campaigns/engine-deps.js';
import { eventId, publishEvent } from '../webhooks/publish.js';
import { bumpVariant } from '../stats/variant-tallies.js';

/** Every status a contact can leave for opted_out (not the other side exits). */
export const OPT_OUT_FROM: ContactStatus[] = ['pending', 'assigned', 'messaged', 'needs_reply', 'replied', 'closed', 'skipped'];

export interface RecordOptOutInput {
  orgId: string;
  phone: string;
  source: OptOutSource;
  rule?: string;
  messageId?: string;
  /** Member who entered or confirmed it. */
  by?: string;
  /** The contact (and its campaign) this opt-out came through, if any. */
  contactId?: string;
  campaignId?: string;
  conversationId?: string;
  /** Volunteer of the conversation, for the per-volunteer tally. */
  volunteerId?: string;
  actor: AuditEvent['actor'];
}

/**
 * Writes the suppression first (idempotent per org+phone), then marks the contact and every
 * not-yet-messaged contact of the phone opted_out. Counted once per phone (when created).
 */
export async function recordOptOut(deps: EngineDeps, input: RecordOptOutInput): Promise<{ created: boolean; optOut: OptOut }> {
  const { store, clock } = deps;
  const now = clock.now();
  const result = await store.optOuts.record(input.orgId, {
    orgId: input.orgId,
    phone: input.phone,
    source: input.source,
    at: now,
    ...(input.rule ? { rule: input.rule } : {}),
    ...(input.messageId ? { messageId: input.messageId } : {}),
    ...(input.by ? { by: input.by } : {}),
  });
  await store.contacts.optOutPhone(input.orgId, input.phone, now);
  if (input.contactId) await store.contacts.transition(input.orgId, input.contactId, OPT_OUT_FROM, 'opted_out', now);
  if (input.conversationId) await store.conversations.setPendingOptOutReview(input.orgId, input.conversationId, false);
  if (result.created) {
    deps.metrics?.optOut(input.source);
    if (input.campaignId) {
      await store.campaigns.increment(input.orgId, input.campaignId, { optOuts: 1 });
      if (input.volunteerId) await bumpTally(deps, input.orgId, tallyScope.volunteers(input.campaignId), { [tallyKey(input.volunteerId, 'optOuts')]: 1 });
      // A/B: the opt-out of a contact texted with a variant counts against that variant.
      if (input.contactId) await bumpVariant(deps, input.orgId, input.campaignId, (await store.contacts.get(input.orgId, input.contactId)) ?? undefined, 'optOut');
    }
    await store.audit.append({
      orgId: input.orgId,
      at: now,
      actor: input.actor,
      action: 'optout.recorded',
      subject: { type: 'opt_out', id: result.optOut.id },
      data: {
        phone: input.phone,
        source: input.source,
        rule: input.rule ?? null,
        messageId: input.messageId ?? null,
        contactId: input.contactId ?? null,
        campaignId: input.campaignId ?? null,
      },
    });
  }
  // Every source (keywords, phrases, volunteers, wrong numbers, carrier errors); the id is the
  // record's, so a repeated STOP publishes the same event and receivers see it once.
  await publishEvent(deps, {
    id: eventId.optOutRecorded(result.optOut.id),
    type: 'opt_out.recorded',
    orgId: input.orgId,
    at: result.optOut.at,
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    ...(input.contactId ? { contactId: input.contactId } : {}),
    data: { phone: result.optOut.phone, source: result.optOut.source, rule: result.optOut.rule ?? null, optOutId: result.optOut.id },
  });
  return result;
}
