// What a carrier error does to the contact, the suppression list and the campaign (R4.7 table in
// compliance/sms-errors.ts), for send-time errors and for failed/undelivered status callbacks.
import type { Message } from '../model/message.js';
import type { ContactStatus } from '../model/contact.js';
import { smsErrorAction, type SmsErrorAction } from '../compliance/sms-errors.js';
import { bumpTally, tallyScope, type EngineDeps } from '../campaigns/engine-deps.js';
import { recordOptOut } from './opt-out.js';
import { NotFoundError } from '../errors.js';

const MARKABLE: ContactStatus[] = ['pending', 'assigned', 'messaged', 'needs_reply', 'replied', 'closed', 'skipped'];
const SYSTEM = { type: 'system' as const };

/** Marks the message failed (forward only) and counts it once; returns whether it applied. */
export async function failMessage(deps: EngineDeps, message: Message, code: string, at: Date, status: 'failed' | 'undelivered' = 'failed'): Promise<boolean> {
  const applied = await deps.store.messages.applyStatus(message.orgId, message.id, status, at, code);
  if (applied) {
    deps.metrics?.textStatus(status, code);
    await countFailure(deps, message, code);
    await noteInitialOutcome(deps, message, status, code);
  }
  return applied;
}

/** Segment facts: the carrier's outcome of a contact's first text (delivered, or not and with which code). */
export async function noteInitialOutcome(deps: EngineDeps, message: Message, status: 'delivered' | 'failed' | 'undelivered', code?: string): Promise<void> {
  if (message.kind !== 'initial' || !message.contactId) return;
  const facts = status === 'delivered' || code === undefined ? { initialStatus: status } : { initialStatus: status, initialErrorCode: code.slice(0, 20) };
  await deps.store.contacts.setFacts(message.orgId, message.contactId, facts).catch((err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err; // the contact is gone: nothing to note
  });
}

/** Campaign counters for a failed/undelivered message (call only when applyStatus applied). */
export async function countFailure(deps: EngineDeps, message: Message, code: string | undefined): Promise<void> {
  if (!message.campaignId) return;
  await deps.store.campaigns.increment(message.orgId, message.campaignId, { failed: 1 });
  await bumpTally(deps, message.orgId, tallyScope.errors(message.campaignId), { [code ?? 'unknown']: 1 });
}

/** Applies the R4.7 action of `code` to the message's contact, phone and campaign. */
export async function applyErrorAction(deps: EngineDeps, message: Message, code: string, action: SmsErrorAction = smsErrorAction(code)): Promise<void> {
  const { store, clock } = deps;
  const now = clock.now();
  const { orgId } = message;
  switch (action.action) {
    case 'opt_out': // R1.8: opted out at the carrier; never retry
    case 'do_not_contact': // 30004: blocked -> do-not-contact
      await recordOptOut(deps, {
        orgId,
        phone: message.voterPhone,
        source: action.action === 'opt_out' ? 'twilio_21610' : 'carrier',
        rule: `error:${code}`,
        messageId: message.id,
        ...(message.contactId ? { contactId: message.contactId } : {}),
        actor: SYSTEM,
      });
      return;
    case 'mark_invalid':
      if (message.contactId) await store.contacts.transition(orgId, message.contactId, MARKABLE, 'invalid', now);
      return;
    case 'mark_landline':
      if (message.contactId) await store.contacts.transition(orgId, message.contactId, MARKABLE, 'landline', now);
      return;
    case 'count_spam': // counted for stats; the deliverability guardrail warns and pauses on recent shares
      if (message.campaignId) await deps.store.campaigns.increment(orgId, message.campaignId, { spamFiltered: 1 });
      return;
    case 'halt_service':
      if (message.campaignId) await autoPause(deps, orgId, message.campaignId, 'campaign.halted', { code });
      deps.log.error({ orgId, code }, 'carrier refused the sender (10DLC registration); campaign paused, an admin must act (R4.7 30034)');
      return;
    case 'retry_later': // a new human press, at least 1 h later (R4.7, R5.2c): nothing automatic
    case 'fail':
      return;
  }
}

async function autoPause(deps: EngineDeps, orgId: string, campaignId: string, action: string, data: Record<string, unknown>): Promise<void> {
  const paused = await deps.store.campaigns.transition(orgId, campaignId, ['active'], 'paused');
  if (!paused) return;
  await deps.store.audit.append({ orgId, at: deps.clock.now(), actor: SYSTEM, action, subject: { type: 'campaign', id: campaignId }, data });
  deps.log.warn({ orgId, campaignId, ...data }, `${action}: campaign paused`);
}
