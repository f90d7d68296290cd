// A follow-up text that continued a voter's conversation shows in that conversation's chat
// thread, so the volunteer reads it right under the earlier exchange and the voter's answer
// lands below it. When another volunteer sent it, the thread is handed over as a reassignment
// is: a shared channel thread lets them in, a private (DM) thread starts afresh in theirs.
import type { Message } from '../../core/model/message.js';
import { inline } from '../views/text.js';
import type { Ctx } from './results.js';
import { currentThread, ensureThread, langOf, threadsInChannel } from './threads.js';

export async function postFollowUpInThread(ctx: Ctx, message: Message, continued: { conversationId: string; previousVolunteerId: string }): Promise<void> {
  const chat = ctx.services.chat;
  const gateway = chat?.gateways[ctx.org.platform];
  if (!chat || !gateway) return;
  const { store } = ctx.services;
  try {
    const conversation = await store.conversations.get(ctx.org.id, continued.conversationId);
    // No thread yet (the voter never replied): it starts with the voter's first reply, as usual.
    if (!conversation || !currentThread(conversation, ctx.org.platform)) return;
    const shared = threadsInChannel(ctx.org, gateway);
    const handedOver = continued.previousVolunteerId !== ctx.member.id;
    const ref = await ensureThread({ store, gateways: chat.gateways, translator: chat.translator }, ctx.org, conversation, ctx.member, handedOver && !shared);
    if (!ref) return;
    if (handedOver && shared) await gateway.addThreadMembers?.(ref, [ctx.member.platformUserId]);
    const campaign = await store.campaigns.get(ctx.org.id, conversation.campaignId);
    const t = chat.translator(langOf(ctx.member, ctx.org));
    const text = t('followups:thread.followup_sent', { campaign: inline(campaign?.name ?? ''), volunteer: inline(ctx.member.displayName) });
    await gateway.postInThread(ref, { text, blocks: [{ type: 'context', text }, { type: 'quote', text: message.body, voter: true }] });
  } catch (err) {
    chat.onError?.(err, 'follow-up thread');
  }
}
