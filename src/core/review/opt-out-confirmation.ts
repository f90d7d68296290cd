// R1.6 for an opt-out an organizer confirms in the review channel (R1.4 tier b): the one text
// that may follow an opt-out, sent at most once per opt-out (markConfirmationSent is atomic), in
// the voter's language, only confirming. It goes out even though the phone is now suppressed
// (dispatch exempts opt_out_confirmation) and is dropped if it cannot leave within 5 minutes.
import type { Contact } from '../model/contact.js';
import type { Conversation } from '../model/conversation.js';
import type { OptOut } from '../model/opt-out.js';
import type { Org } from '../model/org.js';
import { segmentInfo } from '../rules.js';
import { enqueueSend, type EngineDeps } from '../campaigns/engine-deps.js';
import { senderOf } from '../conversations/sender.js';
import { clipText } from '../conversations/text-limits.js';

/** True when this call sent (queued) the opt-out's one confirmation. */
export async function sendReviewedOptOutConfirmation(deps: EngineDeps, s: { org: Org; contact: Contact; conversation: Conversation }, optOut: OptOut): Promise<boolean> {
  const { org, contact, conversation } = s;
  if (!deps.config.sendOptOutConfirmation) return false;
  const lang = contact.language ?? org.defaultLocale;
  const text = org.optOutConfirmation[lang]?.trim() || deps.translate?.(lang, 'engine:sms.opt_out_confirmation', { orgName: org.name });
  if (!text) {
    deps.log.warn({ orgId: org.id }, 'no opt-out confirmation text (no org text and no translate function); none sent');
    return false;
  }
  if (!(await deps.store.optOuts.markConfirmationSent(org.id, optOut.id, deps.clock.now()))) return false;
  const body = clipText(text);
  const seg = segmentInfo(body);
  const sender = senderOf(org);
  const created = await deps.store.messages.create(org.id, {
    orgId: org.id,
    campaignId: conversation.campaignId,
    contactId: contact.id,
    conversationId: conversation.id,
    direction: 'outbound',
    kind: 'opt_out_confirmation',
    voterPhone: contact.phone,
    ...(sender.orgNumber ? { orgNumber: sender.orgNumber } : {}),
    body,
    segments: seg.segments,
    encoding: seg.encoding,
    status: 'queued',
  });
  await enqueueSend(deps, created.message);
  return true;
}
