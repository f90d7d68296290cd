// Replies that wait, through the commands: the nudge DM (once, never after an answer), the move
// to the reply pool (the volunteer is told, the post shows the count), `/textbank claim replies`
// in free text and typed options and the post's Claim replies button, pause/resume initials
// (Send refused while paused, replies allowed) and the reply-time settings.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import { createReplyTimerHandlers } from '../../src/commands/reply-pool.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import type { EnqueueOptions, JobName } from '../../src/core/ports.js';
import { ORG_NUMBER, actor, button, buttons, command, press, textOf, viewOf, world, type World } from './support/world.js';
import { CHANNEL, ana, ben, owner, runningCampaign } from './support/scenario.js';

const anaEs = actor('U-ana', 'Ana', { locale: 'es-MX' });

/** Keeps the reply.* jobs (delayed by minutes) so the test runs them when the fake clock says so. */
function recordReplyJobs(w: World): { name: JobName; payload: unknown; opts: EnqueueOptions }[] {
  const jobs: { name: JobName; payload: unknown; opts: EnqueueOptions }[] = [];
  const enqueue = w.queue.enqueue.bind(w.queue);
  w.queue.enqueue = async (name, payload, opts = {}) => {
    if (name === 'reply.nudge' || name === 'reply.release') jobs.push({ name, payload, opts });
    else await enqueue(name, payload, opts);
  };
  return jobs;
}

/** Ana texts the first voter of her batch and the voter answers; the campaign is posted in CHANNEL. */
async function voterWaits(w: World, body = 'Who is this?') {
  const jobs = recordReplyJobs(w);
  const { org, campaignId } = await runningCampaign(w);
  await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
  const card = viewOf((await w.handle(command(ana, 'claim gotv 2')))[0]);
  await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
  await w.settle();
  const phone = w.carrier.sent()[0]!.to;
  await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body });
  await w.settle();
  const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
  const job = (name: JobName) => jobs.find((j) => j.name === name)!.payload;
  return { org, campaignId, phone, conversation, jobs, job, handlers: createReplyTimerHandlers(w.services) };
}

const lastPost = (w: World) => w.gateway.of('update').at(-1)?.view ?? w.gateway.of('post')[0]!.view!;

describe('reply nudges and the reply pool', () => {
  it('the nudge DMs the volunteer once, names the campaign, points to the thread and never shows the full phone', async () => {
    const w = await world();
    const { job, handlers, phone } = await voterWaits(w);
    w.clock.advance(15 * 60_000);
    expect(await handlers.nudge(job('reply.nudge'))).toBe('nudged');
    const dms = w.gateway.of('dm').filter((c) => c.target === 'U-ana' && textOf(c.view!).includes('waited'));
    expect(dms).toHaveLength(1);
    const text = textOf(dms[0]!.view!);
    expect(text).toContain('Get out the vote');
    expect(text).toContain('15 min');
    expect(text).toContain('Answer in the thread');
    expect(text).toContain(phone.slice(-2));
    expect(text).not.toContain(phone);
    expect(text).not.toContain(phone.slice(2));
  });

  it('an answered reply causes nothing: no nudge, no release, nothing in the pool', async () => {
    const w = await world();
    const { job, handlers, conversation, org, campaignId } = await voterWaits(w);
    const ref = conversation.threads[0]!;
    w.clock.advance(2 * 60_000);
    await w.handle({ kind: 'thread_message', actor: ana, channelId: ref.channelId, threadId: ref.threadId!, text: 'Hi! Ana here.', interactionId: 'tm-1' } as Invocation);
    await w.settle();
    expect(w.carrier.sent().map((s) => s.body)).toContain('Hi! Ana here.');
    const dmsBefore = w.gateway.of('dm').length;
    w.clock.advance(60 * 60_000);
    expect(await handlers.nudge(job('reply.nudge'))).toBe('skipped');
    expect(await handlers.release(job('reply.release'))).toBe('skipped');
    expect(w.gateway.of('dm')).toHaveLength(dmsBefore);
    expect(await w.store.conversations.countPooled(org.id, campaignId)).toBe(0);
  });

  it('at the release time the conversation joins the pool: the volunteer is told, the post shows it, Ben claims it with `claim replies`', async () => {
    const w = await world();
    const { job, handlers, conversation, org, campaignId } = await voterWaits(w);
    w.clock.advance(60 * 60_000);
    expect(await handlers.release(job('reply.release'))).toBe('released');
    expect(await handlers.release(job('reply.release'))).toBe('skipped');
    const told = w.gateway.of('dm').filter((c) => c.target === 'U-ana').map((c) => textOf(c.view!)).find((t) => t.includes('reply pool'));
    expect(told).toContain('60 min');
    const post = lastPost(w);
    expect(textOf(post)).toContain('**1** voter replies waited too long');
    expect(button(post, ACTION.claimReplies)).toMatchObject({ label: 'Claim replies (1)', value: campaignId, disabled: false });

    const reply = viewOf((await w.handle(command(ben, 'claim replies gotv')))[0]);
    expect(textOf(reply)).toContain('You now have 1 waiting conversations from Get out the vote');
    expect((await w.store.conversations.get(org.id, conversation.id))?.volunteerId).toBe((await w.store.members.findByPlatformUser(org.id, 'U-ben'))!.id);
    // Ben gets the conversation in his place, with the voter's waiting text.
    const opened = w.gateway.calls.filter((c) => (c.op === 'dm' && c.target === 'U-ben') || c.op === 'postInThread');
    expect(opened.map((c) => textOf(c.view!)).join('\n')).toContain('Who is this?');
    expect(textOf(lastPost(w))).not.toContain('waited too long');
    expect(button(lastPost(w), ACTION.claimReplies).disabled).toBe(true);
    // Nothing left: a second claim says so (typed options, as Discord sends them).
    const typed: Invocation = { ...command(ben, ''), path: ['claim'], options: { replies: true, campaign: 'gotv' } } as Invocation;
    expect(textOf(viewOf((await w.handle(typed))[0]))).toContain('No replies are waiting in Get out the vote');
  });

  it('the Claim replies button under the post gives the pooled conversations to whoever presses it, once', async () => {
    const w = await world();
    const { job, handlers, org, campaignId, conversation } = await voterWaits(w);
    w.clock.advance(60 * 60_000);
    await handlers.release(job('reply.release'));
    const [first, second] = await Promise.all([
      w.handle(press(ben, ACTION.claimReplies, campaignId)),
      w.handle(press(owner, ACTION.claimReplies, campaignId)),
    ]);
    const texts = [textOf(viewOf(first[0])), textOf(viewOf(second[0]))];
    expect(texts.filter((t) => t.includes('You now have 1'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('No replies are waiting'))).toHaveLength(1);
    expect(await w.store.conversations.countPooled(org.id, campaignId)).toBe(0);
    expect((await w.store.audit.list(org.id, { action: 'replies.claimed' })).flatMap((e) => e.data.conversationIds)).toEqual([conversation.id]);
    // A stale or forged value: a campaign id of nothing.
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.claimReplies, 'nope')))[0]))).not.toContain('You now have');
  });
});

describe('pause and resume initials', () => {
  it('organizers only; while paused Send is refused with a clear message, replies still go out; the post and the card say so; resume restores Send', async () => {
    const w = await world();
    const { phone, conversation } = await voterWaits(w);
    expect(textOf(viewOf((await w.handle(command(ana, 'pause initials')))[0]))).toMatch(/organizer/i);
    expect(textOf(viewOf((await w.handle(command(owner, 'pause initials')))[0]))).toContain('First texts are paused for the whole organization');
    expect(textOf(lastPost(w))).toContain('First texts are paused');
    const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    expect(textOf(card)).toContain('Send is refused for now');
    const refused = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    expect(textOf(viewOf(refused[0]))).toContain('First texts are paused for the whole organization right now, so nothing was sent');
    const ref = conversation.threads[0]!;
    await w.handle({ kind: 'thread_message', actor: ana, channelId: ref.channelId, threadId: ref.threadId!, text: 'Replies still work', interactionId: 'tm-2' } as Invocation);
    await w.settle();
    expect(w.carrier.sent().map((s) => [s.to === phone, s.body])).toEqual([[true, expect.stringContaining('STOP')], [true, 'Replies still work']]);

    expect(textOf(viewOf((await w.handle(command(owner, 'resume initials')))[0]))).toContain('First texts are back on');
    expect(textOf(lastPost(w))).not.toContain('First texts are paused');
    const again = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    expect(again[0]?.kind).toBe('update');
    expect(w.carrier.sent()).toHaveLength(3);
  });

  it('in Spanish too, and the word after pause is checked', async () => {
    const w = await world();
    await runningCampaign(w);
    expect(textOf(viewOf((await w.handle(command(owner, 'pause everything')))[0]))).toContain('initials');
    await w.handle(command(owner, 'pause initials'));
    const card = viewOf((await w.handle(command(anaEs, 'claim gotv')))[0]);
    expect(textOf(card)).toContain('Un organizador pausó los primeros mensajes');
    const refused = await w.handle(press(anaEs, ACTION.send, button(card, ACTION.send).value));
    expect(textOf(viewOf(refused[0]))).toContain('Los primeros mensajes están en pausa');
  });
});

describe('reply-time settings and help', () => {
  it('owners set nudge and release minutes; the reply shows the values; the nudge must come first', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    const saved = textOf(viewOf((await w.handle(command(owner, 'settings nudge_minutes:10 release_minutes:45')))[0]));
    expect(saved).toContain('Reply times saved');
    expect(saved).toContain('10 min');
    expect(saved).toContain('45 min');
    expect(await w.store.orgs.get(org.id)).toMatchObject({ replyNudgeMinutes: 10, replyReleaseMinutes: 45 });
    expect(textOf(viewOf((await w.handle(command(owner, 'settings nudge_minutes:50')))[0]))).toContain('must come before');
    expect(await w.store.orgs.get(org.id)).toMatchObject({ replyNudgeMinutes: 10, replyReleaseMinutes: 45 });
    expect(textOf(viewOf((await w.handle(command(ana, 'settings nudge_minutes:5')))[0]))).not.toContain('saved');
  });

  it('help lists claim replies and pause/resume initials for organizers', async () => {
    const w = await world();
    await runningCampaign(w);
    const help = textOf(viewOf((await w.handle(command(owner, 'help')))[0]));
    expect(help).toContain('/textbank claim [campaign] [size] [replies]');
    expect(help).toContain('/textbank pause <initials>');
    expect(help).toContain('/textbank resume <initials>');
    const volunteerHelp = textOf(viewOf((await w.handle(command(ana, 'help')))[0]));
    expect(volunteerHelp).not.toContain('/textbank pause');
    expect(buttons(viewOf((await w.handle(command(ana, 'claim gotv')))[0])).length).toBeGreaterThan(0);
  });
});
