// Replies that wait: the nudge and release timers enqueued by an inbound text, run on a fake
// clock. The queue records each delayed job (name, id, delay, payload); the test moves the
// clock by that delay and runs the job the way the worker would.
import { describe, expect, it } from 'vitest';
import type { EnqueueOptions, JobName } from '../../../src/core/ports.js';
import { claimPooledReplies, releaseWaitingReply, ReplyTimerJob, stillWaiting } from '../../../src/core/conversations/reply-timers.js';
import { claimAndSend, harness, ORG_NUMBER, startedCampaign, type Harness } from './harness.js';

interface Enqueued {
  name: JobName;
  payload: unknown;
  opts: EnqueueOptions;
}

/** Keeps every reply.* job the engine enqueues (they are delayed by minutes: never run by the in-process timer here). */
function recordReplyJobs(h: Harness): Enqueued[] {
  const jobs: Enqueued[] = [];
  const enqueue = h.queue.enqueue.bind(h.queue);
  h.queue.enqueue = async (name, payload, opts = {}) => {
    if (name === 'reply.nudge' || name === 'reply.release') {
      jobs.push({ name, payload, opts });
      return;
    }
    await enqueue(name, payload, opts);
  };
  return jobs;
}

async function waitingReply(opts: { nudge?: number; release?: number } = {}) {
  const h = await harness();
  if (opts.nudge || opts.release) await h.store.orgs.update(h.org.id, { replyNudgeMinutes: opts.nudge ?? 15, replyReleaseMinutes: opts.release ?? 60 });
  const org = (await h.store.orgs.get(h.org.id))!;
  h.org = org;
  const jobs = recordReplyJobs(h);
  const campaign = await startedCampaign(h, 3, { batchSize: 3 });
  const ana = h.volunteers[0]!;
  const { contact } = await claimAndSend(h, campaign.id, ana.id);
  await h.settle();
  let n = 0;
  const voterWrites = async (body: string) => {
    n += 1;
    return h.engine.inbound.receive({ providerId: `SMin${n}`, from: contact.phone, to: ORG_NUMBER, body, at: h.clock.now() });
  };
  const received = await voterWrites('Who is this?');
  const conversation = (await h.store.conversations.findByContact(h.org.id, contact.id))!;
  return { h, jobs, campaign, ana, contact, conversation, voterWrites, received };
}

const deps = (h: Harness) => ({ store: h.store, clock: h.clock });
const of = (jobs: Enqueued[], name: JobName) => jobs.filter((j) => j.name === name);

describe('reply timers', () => {
  it('a voter reply enqueues one nudge at 15 min and one release at 60 min, keyed by the message id', async () => {
    const { h, jobs, conversation, received } = await waitingReply();
    expect(received.ok).toBe(true);
    const messageId = received.ok ? received.message.id : '';
    expect(of(jobs, 'reply.nudge')).toEqual([expect.objectContaining({ opts: expect.objectContaining({ jobId: `reply.nudge:${messageId}`, delayMs: 15 * 60_000 }) })]);
    expect(of(jobs, 'reply.release')).toEqual([expect.objectContaining({ opts: expect.objectContaining({ jobId: `reply.release:${messageId}`, delayMs: 60 * 60_000 }) })]);
    expect(ReplyTimerJob.parse(jobs[0]!.payload)).toEqual({ orgId: h.org.id, conversationId: conversation.id, messageId, since: h.clock.now() });
  });

  it('the nudge fires once: a second voter text while waiting schedules nothing more; at 15 min it still waits', async () => {
    const { h, jobs, voterWrites } = await waitingReply();
    h.clock.advance(5 * 60_000);
    await voterWrites('Hello??');
    expect(of(jobs, 'reply.nudge')).toHaveLength(1);
    h.clock.advance(10 * 60_000);
    const nudge = ReplyTimerJob.parse(of(jobs, 'reply.nudge')[0]!.payload);
    expect(await stillWaiting(deps(h), nudge)).not.toBeNull();
  });

  it('an answered reply causes nothing: no nudge, no release, nothing pooled', async () => {
    const { h, jobs, ana, conversation, campaign } = await waitingReply();
    h.clock.advance(3 * 60_000);
    expect(await h.engine.replies.reply(h.org.id, conversation.id, 'Hi, this is Ana!', ana.id)).toMatchObject({ ok: true });
    h.clock.advance(60 * 60_000);
    const [nudge, release] = [of(jobs, 'reply.nudge')[0]!, of(jobs, 'reply.release')[0]!].map((j) => ReplyTimerJob.parse(j.payload));
    expect(await stillWaiting(deps(h), nudge!)).toBeNull();
    expect(await releaseWaitingReply(deps(h), release!)).toBeNull();
    expect(await h.store.conversations.countPooled(h.org.id, campaign.id)).toBe(0);
    expect((await h.store.conversations.get(h.org.id, conversation.id))?.pooledAt).toBeUndefined();
  });

  it('at 60 min the conversation moves to the pool once (audited); another volunteer claims it', async () => {
    const { h, jobs, campaign, conversation, contact } = await waitingReply();
    h.clock.advance(60 * 60_000);
    const release = ReplyTimerJob.parse(of(jobs, 'reply.release')[0]!.payload);
    const released = await releaseWaitingReply(deps(h), release);
    expect(released?.conversation).toMatchObject({ id: conversation.id, pooledAt: h.clock.now() });
    expect(await releaseWaitingReply(deps(h), release)).toBeNull(); // a retried job does nothing
    expect(await h.store.conversations.countPooled(h.org.id, campaign.id)).toBe(1);
    expect((await h.store.audit.list(h.org.id, { action: 'conversation.pooled' })).map((e) => e.subject.id)).toEqual([conversation.id]);
    // The nudge of a pooled conversation no longer fires.
    expect(await stillWaiting(deps(h), ReplyTimerJob.parse(of(jobs, 'reply.nudge')[0]!.payload))).toBeNull();

    const ben = h.volunteers[1]!;
    const claimed = await claimPooledReplies(deps(h), h.org.id, campaign.id, ben.id);
    expect(claimed).toMatchObject({ ok: true, left: 0 });
    expect(claimed.ok && claimed.conversations.map((c) => [c.id, c.volunteerId])).toEqual([[conversation.id, ben.id]]);
    expect((await h.store.contacts.get(h.org.id, contact.id))?.volunteerId).toBe(ben.id);
    // Ben may answer now; Ana no longer may.
    expect(await h.engine.replies.reply(h.org.id, conversation.id, 'Hi, Ben here', h.volunteers[0]!.id)).toMatchObject({ ok: false, reason: 'engine:auth.not_your_conversation' });
    expect(await h.engine.replies.reply(h.org.id, conversation.id, 'Hi, Ben here', ben.id)).toMatchObject({ ok: true });
    expect(await claimPooledReplies(deps(h), h.org.id, campaign.id, ben.id)).toMatchObject({ ok: true, conversations: [], left: 0 });
  });

  it('a claimer who leaves the pooled reply waiting is nudged, then it is pooled again, counted from the claim', async () => {
    const { h, jobs, campaign, conversation, received } = await waitingReply();
    const messageId = received.ok ? received.message.id : '';
    h.clock.advance(60 * 60_000);
    expect(await releaseWaitingReply(deps(h), ReplyTimerJob.parse(of(jobs, 'reply.release')[0]!.payload))).not.toBeNull();
    h.clock.advance(5 * 60_000);
    const claimedAt = h.clock.now();
    const ben = h.volunteers[1]!;
    expect(await h.engine.replies.claimPooled(h.org.id, campaign.id, ben.id)).toMatchObject({ ok: true, left: 0 });
    const nudges = of(jobs, 'reply.nudge');
    const releases = of(jobs, 'reply.release');
    expect(nudges).toHaveLength(2);
    expect(nudges[1]!.opts).toMatchObject({ jobId: `reply.nudge:${messageId}:${claimedAt.getTime()}`, delayMs: 15 * 60_000 });
    expect(releases[1]!.opts).toMatchObject({ jobId: `reply.release:${messageId}:${claimedAt.getTime()}`, delayMs: 60 * 60_000 });
    h.clock.advance(15 * 60_000);
    const again = ReplyTimerJob.parse(nudges[1]!.payload);
    expect((await stillWaiting(deps(h), again))?.conversation.volunteerId).toBe(ben.id);
    h.clock.advance(45 * 60_000);
    expect((await releaseWaitingReply(deps(h), ReplyTimerJob.parse(releases[1]!.payload)))?.conversation.id).toBe(conversation.id);
    expect(await h.store.conversations.countPooled(h.org.id, campaign.id)).toBe(1);
  });

  it('an opt-out or a closed contact is never nudged or pooled; STOP schedules no timers', async () => {
    const { h, jobs, voterWrites, campaign } = await waitingReply();
    await voterWrites('STOP');
    expect(of(jobs, 'reply.nudge')).toHaveLength(1);
    h.clock.advance(60 * 60_000);
    expect(await releaseWaitingReply(deps(h), ReplyTimerJob.parse(of(jobs, 'reply.release')[0]!.payload))).toBeNull();
    expect(await h.store.conversations.countPooled(h.org.id, campaign.id)).toBe(0);
  });

  it("the org's own times are used; nothing is released before the job's wait", async () => {
    const { jobs } = await waitingReply({ nudge: 5, release: 30 });
    expect(of(jobs, 'reply.nudge')[0]?.opts.delayMs).toBe(5 * 60_000);
    expect(of(jobs, 'reply.release')[0]?.opts.delayMs).toBe(30 * 60_000);
  });

  it('claiming replies needs a member of the org and a campaign that is not archived', async () => {
    const { h, campaign } = await waitingReply();
    expect(await claimPooledReplies(deps(h), h.org.id, campaign.id, 'not-a-member')).toMatchObject({ ok: false, reason: 'engine:auth.not_member' });
    expect(await claimPooledReplies(deps(h), h.org.id, 'nope', h.volunteers[1]!.id)).toMatchObject({ ok: false, reason: 'engine:campaign.not_found' });
  });
});
