// "Start conversation" on a text from an unknown number: the organizer picks an active campaign;
// the number becomes a contact there (time zones from its area code, R2.4), already waiting for
// an answer (needs_reply), with a conversation held by the presser and a thread that shows the
// voter's text with the usual answer buttons. Replies then go through the engine's usual checks
// (opt-out list, texting hours). An opted-out number gets no conversation (R1.2).
import { resolveTimezones } from '../../core/contacts/timezone.js';
import { windowKeyFor } from '../../core/contacts/window-key.js';
import { E164 } from '../../core/model/common.js';
import type { Reply } from '../../core/views/view.js';
import { UserError } from '../../core/errors.js';
import { errorView } from '../framework/error-view.js';
import { inboundActions } from '../support/conversation.js';
import { ensureThread, langOf } from '../support/threads.js';
import type { Ctx } from '../support/results.js';
import { inboundMessageView } from '../views/conversation.js';
import { inline } from '../views/text.js';
import { decide, decidedUpdate, isItem, pendingItem, threadDeps } from './decide.js';
import { auditByMember } from '../support/member-audit.js';

export async function startConversation(ctx: Ctx, itemId: string, campaignId: string): Promise<Reply> {
  const { store } = ctx.services;
  const orgId = ctx.org.id;
  const item = await pendingItem(ctx, itemId);
  if (!isItem(item)) return item;
  const phone = E164.safeParse(item.voterPhone);
  const campaign = await store.campaigns.get(orgId, campaignId);
  if (!item.reasons.includes('unknown_sender') || !phone.success || !campaign || campaign.status !== 'active') throw new UserError('commands:errors.stale_button');
  if (await store.optOuts.isOptedOut(orgId, phone.data)) return errorView(ctx.t, 'review:errors.opted_out');
  if (await store.contacts.findByPhone(orgId, campaign.id, phone.data)) return errorView(ctx.t, 'review:errors.already_in_campaign', { campaign: inline(campaign.name) });
  const decided = await decide(ctx, item, { kind: 'start_conversation', targetId: campaign.id });
  if (!isItem(decided)) return decided;

  const message = item.messageId ? await store.messages.get(orgId, item.messageId) : null;
  const at = message?.createdAt ?? ctx.now;
  const zones = resolveTimezones({ phone: phone.data });
  await store.contacts.insertMany(orgId, campaign.id, [{
    phone: phone.data,
    timezones: zones.zones,
    windowKey: windowKeyFor({ zones: zones.zones, zipState: zones.zipState, areaCodeState: zones.areaCodeState }),
    language: ctx.org.defaultLocale,
  }]);
  const created = await store.contacts.findByPhone(orgId, campaign.id, phone.data);
  if (!created) throw new Error('review start: the contact was not stored');
  // Straight out of pending, so no claim can pick it for a first text.
  const contact = (await store.contacts.transition(orgId, created.id, ['pending'], 'needs_reply', ctx.now, { volunteerId: ctx.member.id, lastMessageAt: at })) ?? created;
  const conversation = await store.conversations.upsertForContact(orgId, {
    orgId, campaignId: campaign.id, contactId: contact.id, volunteerId: ctx.member.id, voterPhone: phone.data,
    ...(message?.orgNumber ? { orgNumber: message.orgNumber } : {}),
    lastMessageAt: at, lastDirection: 'inbound',
  });
  await auditByMember(ctx, {
    action: 'conversation.started', subject: { type: 'conversation', id: conversation.id },
    data: { campaignId: campaign.id, contactId: contact.id, reviewItemId: item.id, messageId: item.messageId ?? null },
  });
  const deps = threadDeps(ctx);
  const gateway = deps.gateways[ctx.org.platform];
  try {
    const ref = gateway ? await ensureThread(deps, ctx.org, conversation, ctx.member) : null;
    if (ref && gateway && message) {
      const t = deps.translator(langOf(ctx.member, ctx.org));
      await gateway.postInThread(ref, inboundMessageView(t, { ...inboundActions(ctx.org, campaign, contact, conversation.id, false), text: message.body, kind: 'message', firstName: contact.firstName }));
    }
  } catch (err) {
    ctx.services.chat?.onError?.(err, 'review: start conversation thread');
  }
  return decidedUpdate(ctx, decided);
}
