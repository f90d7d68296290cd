// Organizers give a conversation to a volunteer (or take it themselves) from the post they get
// when a voter replies after the volunteer's batch was released. The post is updated so nobody
// assigns it twice, and the new volunteer gets the thread (a fresh DM thread in private mode, a
// notice in the shared thread in channel mode).
import { UserError } from '../../core/errors.js';
import type { Member } from '../../core/model/org.js';
import type { Reply } from '../../core/views/view.js';
import { ACTION, ConversationItemValue, ConversationValue } from '../actions.js';
import { defineInteraction, type InteractionDefinition } from '../framework/definition.js';
import type { Services } from '../services.js';
import { inboundActions } from '../support/conversation.js';
import { failureReply, type Ctx } from '../support/results.js';
import { currentThread, ensureThread, langOf, threadsInChannel } from '../support/threads.js';
import { inboundMessageView } from '../views/conversation.js';
import { inline } from '../views/text.js';

/** Opens the conversation for its new volunteer: their thread, with the voter's latest text and its answer buttons. */
export async function handOver(ctx: Ctx, conversationId: string, to: Member, noteKey = 'commands:inbound.reassigned_to'): Promise<void> {
  const chat = ctx.services.chat;
  if (!chat) return;
  const { store } = ctx.services;
  try {
    const conversation = await store.conversations.get(ctx.org.id, conversationId);
    if (!conversation) return;
    const deps = { store, gateways: chat.gateways, translator: chat.translator };
    const gateway = chat.gateways[ctx.org.platform];
    const shared = threadsInChannel(ctx.org, gateway) && currentThread(conversation, ctx.org.platform);
    const ref = await ensureThread(deps, ctx.org, conversation, to, !shared);
    if (!ref || !gateway) return;
    // Members-only threads (Discord private threads): let the new volunteer in.
    if (shared) await gateway.addThreadMembers?.(ref, [to.platformUserId]);
    const t = chat.translator(langOf(to, ctx.org));
    const [campaign, contact, messages] = await Promise.all([
      store.campaigns.get(ctx.org.id, conversation.campaignId),
      store.contacts.get(ctx.org.id, conversation.contactId),
      store.messages.listByConversation(ctx.org.id, conversationId, 50),
    ]);
    const latest = messages.filter((m) => m.direction === 'inbound').sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (shared) {
      const text = t(noteKey, { volunteer: inline(to.displayName), by: inline(ctx.member.displayName) });
      await gateway.postInThread(ref, { text, blocks: [{ type: 'context', text }] });
    }
    if (!campaign || !contact || !latest) return;
    const optedOut = await store.optOuts.isOptedOut(ctx.org.id, contact.phone);
    const kind = conversation.pendingOptOutReview ? 'probable_opt_out' : 'message';
    await gateway.postInThread(ref, inboundMessageView(t, { ...inboundActions(ctx.org, campaign, contact, conversationId, optedOut), text: latest.body, kind, firstName: contact.firstName }));
  } catch (err) {
    chat.onError?.(err, 'reassign thread');
  }
}

async function reassign(ctx: Ctx, conversationId: string, memberId: string): Promise<Reply> {
  const { engine, store } = ctx.services;
  const r = await engine.replies.reassign(ctx.org.id, conversationId, memberId, ctx.member.id);
  if (!r.ok) return failureReply(ctx, r);
  const to = await store.members.get(ctx.org.id, memberId);
  if (!to) throw new UserError('engine:reassign.not_member');
  await handOver(ctx, conversationId, to);
  const text = ctx.t('commands:inbound.reassigned_to', { volunteer: inline(to.displayName), by: inline(ctx.member.displayName) });
  return { kind: 'update', view: { text, blocks: [{ type: 'section', text: `✅ ${text}` }] } };
}

export const reassignAction: InteractionDefinition<Services, [string, string]> = defineInteraction<Services, [string, string]>({
  id: ACTION.reassign,
  kind: 'action',
  role: 'organizer',
  valueSchema: ConversationItemValue,
  handler: (ctx, [conversationId, memberId]) => reassign(ctx, conversationId, memberId),
});

export const reassignSelfAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.reassignSelf,
  kind: 'action',
  role: 'organizer',
  valueSchema: ConversationValue,
  handler: (ctx, conversationId) => reassign(ctx, conversationId, ctx.member.id),
});
