/**
 * Reply timers survive a restart: the nudge is a delayed BullMQ job in Redis, so a process that
 * enqueued it and stopped leaves it there, and the next process to open the queue runs it when
 * it is due. Real Redis via withRedis(); real commands world (memory store, recording chat).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { withRedis } from '../../support/with-redis.js';
import { createBullmqQueue } from '../../../src/adapters/queue/bullmq-queue.js';
import { scheduleReplyTimers } from '../../../src/core/conversations/reply-timers.js';
import { createReplyTimerHandlers } from '../../../src/commands/reply-pool.js';
import { ACTION } from '../../../src/commands/actions.js';
import { waitFor } from '../../contract/queue.contract.js';
import { ORG_NUMBER, button, command, press, textOf, viewOf, world } from '../../commands/support/world.js';
import { ana, runningCampaign } from '../../commands/support/scenario.js';

const redis = await withRedis();
afterAll(async () => {
  if ('stop' in redis) await redis.stop();
});

const silent = { error: () => undefined, warn: () => undefined };

describe.skipIf(!('url' in redis))('reply timers on BullMQ', () => {
  it('a delayed reply.nudge enqueued before a restart runs after it, once', async () => {
    if (!('url' in redis)) return;
    const w = await world();
    const { org } = await runningCampaign(w);
    const card = viewOf((await w.handle(command(ana, 'claim gotv 1')))[0]);
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    const phone = w.carrier.sent()[0]!.to;
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'Who is this?' });
    await w.settle();
    const conversation = (await w.store.conversations.findLatestForPhone(org.id, phone))!;
    const since = conversation.awaitingSince!;
    const [message] = (await w.store.messages.listByConversation(org.id, conversation.id)).filter((m) => m.direction === 'inbound');

    // The first process: its clock says the voter has waited 15 min minus 1.5 s.
    const prefix = `tbr${process.pid}x${Date.now().toString(36)}`;
    const first = createBullmqQueue({ url: redis.url, prefix, logger: silent });
    const skewed = { now: () => new Date(since.getTime() + 15 * 60_000 - 1_500) };
    const freshOrg = (await w.store.orgs.get(org.id))!;
    const deps = { store: w.store, clock: skewed, queue: first, log: silent };
    await scheduleReplyTimers(deps, freshOrg, conversation.id, message!.id, since);
    await scheduleReplyTimers(deps, freshOrg, conversation.id, message!.id, since); // same job ids: no second job
    expect(await first.counts('reply.nudge')).toMatchObject({ delayed: 1 });
    expect(await first.counts('reply.release')).toMatchObject({ delayed: 1 });
    await first.close();

    // The next process opens the same queue and registers the handler: the job is still there and runs when due.
    const second = createBullmqQueue({ url: redis.url, prefix, logger: silent });
    try {
      const handlers = createReplyTimerHandlers(w.services);
      const outcomes: string[] = [];
      second.process('reply.nudge', async (payload) => void outcomes.push(await handlers.nudge(payload)));
      const nudges = () => w.gateway.of('dm').filter((c) => c.target === 'U-ana' && textOf(c.view!).includes('waited'));
      expect(nudges()).toHaveLength(0);
      await waitFor(() => nudges().length > 0, 15_000, 'the nudge after the restart');
      expect(outcomes).toEqual(['nudged']);
      expect(textOf(nudges()[0]!.view!)).toContain('Get out the vote');
      await waitFor(async () => (await second.counts('reply.nudge')).delayed === 0, 5_000, 'the nudge job done');
      // The release (45 min later) is still waiting in Redis.
      expect(await second.counts('reply.release')).toMatchObject({ delayed: 1 });
      expect(nudges()).toHaveLength(1);
    } finally {
      await second.bullQueue('reply.nudge').obliterate({ force: true });
      await second.bullQueue('reply.release').obliterate({ force: true });
      await second.close();
    }
  }, 30_000);
});
