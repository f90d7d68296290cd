// A volunteer typing in a conversation thread (DESIGN Lifecycle step 6): the thread maps to its
// conversation and the text goes out through the same checks as any reply (opt-out list,
// texting hours, lint, merge fields). Only the volunteer holding the conversation texts from
// the thread, so teammates chatting in a shared thread never text the voter by accident.
import type { Reply } from '../core/views/view.js';
import type { Invocation } from './framework/invocation.js';
import { errorView } from './framework/error-view.js';
import { sentReply } from './interactions/conversation.js';
import { ephemeral, pressOf, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';
import { holdForReview } from './review/hold.js';

export async function threadMessage(ctx: Ctx, inv: Extract<Invocation, { kind: 'thread_message' }>): Promise<Reply[]> {
  const { store, engine } = ctx.services;
  const conversation = await store.conversations.findByThread(ctx.actor.platform, inv.channelId, inv.threadId);
  if (!conversation || conversation.orgId !== ctx.org.id) return [];
  if (inv.text.trim() === '') return [];
  if (conversation.volunteerId !== ctx.member.id) {
    const holder = await store.members.get(ctx.org.id, conversation.volunteerId);
    return [errorView(ctx.t, 'commands:thread.not_holder', { volunteer: inline(holder?.displayName ?? '?') })];
  }
  // A new volunteer's first typed replies wait for an organizer in the review channel.
  const held = await holdForReview(ctx, conversation, inv.text);
  if (held) return held;
  const result = await engine.replies.reply(ctx.org.id, conversation.id, inv.text, ctx.member.id, ctx.interactionId, pressOf(ctx));
  if (!result.ok || result.duplicate) return [sentReply(ctx, conversation.id, result)];
  const text = ctx.t('commands:thread.sent', { segments: result.message.segments, encoding: result.message.encoding });
  return [ephemeral(noticeView(`✓ ${text}`))];
}
