// Replies that wait, on the chat side: `/textbank claim replies [campaign]` and the campaign
// post's "Claim replies" button give a volunteer up to 10 conversations from the campaign's reply
// pool (each opens in their place, with the voter's waiting text); and the `reply.nudge` and
// `reply.release` jobs, which need the chat gateways: one DM nudge to the volunteer, then the
// move to the pool (core, conditional) and a DM saying so. The thread stays where it was.
import { maskPhone } from '../core/contacts/phone.js';
import { releaseWaitingReply, ReplyTimerJob, stillWaiting, REPLY_CLAIM_LIMIT, type WaitingReply } from '../core/conversations/reply-timers.js';
import { replyTimersOf } from '../core/model/org.js';
import type { JobQueue } from '../core/ports.js';
import type { Reply, View } from '../core/views/view.js';
import { ACTION, CampaignValue } from './actions.js';
import { defineInteraction, type InteractionDefinition, type Translate } from './framework/definition.js';
import { handOver } from './interactions/reassign.js';
import type { Services } from './services.js';
import { refreshPost } from './support/post.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { currentThread, langOf } from './support/threads.js';
import { noticeView } from './views/help.js';
import { inline, num } from './views/text.js';

/** Gives the member up to `size` (at most 10) waiting conversations of the campaign and opens each in their place. */
export async function claimReplies(ctx: Ctx, campaignId: string, size?: number): Promise<Reply> {
  const { store, engine } = ctx.services;
  const r = await engine.replies.claimPooled(ctx.org.id, campaignId, ctx.member.id, size ?? REPLY_CLAIM_LIMIT);
  if (!r.ok) return failureReply(ctx, r);
  const campaign = await store.campaigns.get(ctx.org.id, campaignId);
  const name = inline(campaign?.name ?? '');
  if (r.conversations.length === 0) return ephemeral(noticeView(ctx.t('replies:claim.none', { name })));
  for (const c of r.conversations) await handOver(ctx, c.id, ctx.member, 'replies:claim.thread_note');
  await refreshPost(ctx.services, ctx.org.id, campaignId);
  const text = `✅ ${ctx.t('replies:claim.done', { taken: num(r.conversations.length, ctx.lang), name })}`;
  const extra = [{ type: 'context' as const, text: ctx.t(ctx.services.chat ? 'replies:claim.where' : 'replies:claim.where_no_chat') }];
  if (r.left > 0) extra.push({ type: 'context', text: ctx.t('replies:claim.left', { left: num(r.left, ctx.lang) }) });
  return ephemeral(noticeView(text, extra));
}

/** "Claim replies" under the campaign post. The value is the campaign id; the presser is re-checked in core. */
export const claimRepliesAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.claimReplies,
  kind: 'action',
  role: 'volunteer',
  valueSchema: CampaignValue,
  handler: (ctx, campaignId) => claimReplies(ctx, campaignId),
});

/** Minutes the voter has waited, rounded down (at least 1). */
function waitedMinutes(w: WaitingReply, now: Date): number {
  return Math.max(1, Math.floor((now.getTime() - (w.conversation.awaitingSince ?? now).getTime()) / 60_000));
}

/** Who the thread is about, as its header shows it (first name and masked phone: never the full number). */
function voterLabel(t: Translate, w: WaitingReply): string {
  return `${inline(w.contact.firstName, 40) || t('commands:card.no_name')} · ${maskPhone(w.contact.phone)}`;
}

export function nudgeView(t: Translate, d: { voter: string; campaign: string; minutes: number; inThread: boolean }): View {
  const text = t('replies:nudge.text', { voter: d.voter, campaign: d.campaign, minutes: d.minutes });
  return { text, blocks: [{ type: 'section', text: `⏰ ${text}` }, { type: 'context', text: t(d.inThread ? 'replies:nudge.where_thread' : 'replies:nudge.where_none', { voter: d.voter }) }] };
}

export function releasedView(t: Translate, d: { voter: string; campaign: string; minutes: number }): View {
  const text = t('replies:release.text', { voter: d.voter, campaign: d.campaign, minutes: d.minutes });
  return { text, blocks: [{ type: 'section', text }, { type: 'context', text: t('replies:release.hint') }] };
}

export interface ReplyTimerHandlers {
  /** `reply.nudge`: one DM to the conversation's volunteer while the reply still waits. */
  nudge(payload: unknown): Promise<'nudged' | 'skipped'>;
  /** `reply.release`: the conversation goes to the campaign's reply pool; its volunteer is told. */
  release(payload: unknown): Promise<'released' | 'skipped'>;
}

export function createReplyTimerHandlers(services: Services, log?: { warn(obj: object, msg: string): void }): ReplyTimerHandlers {
  const { store, clock } = services;
  return {
    async nudge(payload) {
      const job = ReplyTimerJob.parse(payload);
      const w = await stillWaiting({ store, clock }, job);
      const gateway = w ? services.chat?.gateways[w.org.platform] : undefined;
      if (!w || !w.volunteer || !services.chat || !gateway) return 'skipped';
      const t = services.chat.translator(langOf(w.volunteer, w.org));
      const view = nudgeView(t, {
        voter: voterLabel(t, w),
        campaign: inline(w.campaign.name),
        minutes: waitedMinutes(w, clock.now()),
        inThread: currentThread(w.conversation, w.org.platform) !== undefined,
      });
      // A chat failure throws: the queue retries the job (its jobId keeps it to one nudge).
      await gateway.dm(w.volunteer.platformUserId, view);
      return 'nudged';
    },
    async release(payload) {
      const job = ReplyTimerJob.parse(payload);
      const w = await releaseWaitingReply({ store, clock }, job);
      if (!w) return 'skipped';
      await refreshPost(services, w.org.id, w.campaign.id);
      const gateway = services.chat?.gateways[w.org.platform];
      if (!w.volunteer || !services.chat || !gateway) return 'released';
      const t = services.chat.translator(langOf(w.volunteer, w.org));
      try {
        await gateway.dm(w.volunteer.platformUserId, releasedView(t, { voter: voterLabel(t, w), campaign: inline(w.campaign.name), minutes: replyTimersOf(w.org).releaseMinutes }));
      } catch (err) {
        // The move is done and is not repeated; only the notice is lost.
        log?.warn({ err, conversationId: w.conversation.id }, 'reply released to the pool; telling the volunteer failed');
      }
      return 'released';
    },
  };
}

/** Registers `reply.nudge` and `reply.release` on the queue (worker roles, beside chat.notify). */
export function registerReplyTimerHandlers(queue: JobQueue, services: Services, log?: { warn(obj: object, msg: string): void }): void {
  const handlers = createReplyTimerHandlers(services, log);
  queue.process('reply.nudge', async (payload) => void (await handlers.nudge(payload)), { concurrency: 4 });
  queue.process('reply.release', async (payload) => void (await handlers.release(payload)), { concurrency: 4 });
}
