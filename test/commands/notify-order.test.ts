// The chat notifier keeps a conversation's thread in the order its voter texts were stored, even
// when a post fails and its `chat.notify` job is retried by the queue later, and never posts a
// text twice (a late job finds its text already posted).
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import { createChatNotifier } from '../../src/commands/notify.js';
import { ORG_NUMBER, button, command, i18n, press, quotes, translatorOf, viewOf, world, type World } from './support/world.js';
import { ana, runningCampaign } from './support/scenario.js';

async function texted(w: World): Promise<{ orgId: string; phone: string }> {
  const { org } = await runningCampaign(w);
  const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
  await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
  await w.settle();
  return { orgId: org.id, phone: w.carrier.sent()[0]!.to };
}

const threadTexts = (w: World): string[] => w.gateway.of('postInThread').flatMap((c) => quotes(c.view!));

describe('chat.notify order', () => {
  it('a text whose post failed is posted before the next one, once, when its job is retried later', async () => {
    const w = await world();
    const { phone } = await texted(w);
    const post = w.gateway.postInThread.bind(w.gateway);
    let failed = false;
    w.gateway.postInThread = async (ref, view) => {
      if (!failed && quotes(view).includes('first')) {
        failed = true;
        throw new Error('chat platform unavailable');
      }
      return post(ref, view);
    };
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'first' });
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'second' });
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'third' });
    await w.settle();
    expect(failed).toBe(true);
    expect(w.queue.stats().retries).toBeGreaterThanOrEqual(1);
    expect(threadTexts(w)).toEqual(['first', 'second', 'third']);
  });

  it('a job delivered again after its text was posted posts nothing', async () => {
    const w = await world();
    const { orgId, phone } = await texted(w);
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'hello' });
    await w.settle();
    expect(threadTexts(w)).toEqual(['hello']);
    const conversation = (await w.store.conversations.findLatestForPhone(orgId, phone as never))!;
    const inbound = (await w.store.messages.listByConversation(orgId, conversation.id)).find((m) => m.direction === 'inbound')!;
    const notifier = createChatNotifier({ store: w.store, engine: w.engine, gateways: { sandbox: w.gateway }, translator: translatorOf(await i18n()) });
    const again = await notifier.handle({ orgId, conversationId: conversation.id, messageId: inbound.id, kind: 'message', audience: 'volunteer' });
    expect(again).toBe('skipped');
    expect(threadTexts(w)).toEqual(['hello']);
  });

  it('an earlier text no job posted goes first when it is recent, and is left alone when it is older than 15 minutes', async () => {
    const w = await world();
    const { orgId, phone } = await texted(w);
    const conversation = (await w.store.conversations.findLatestForPhone(orgId, phone as never))!;
    // A stored voter text whose chat.notify was never enqueued (the enqueue failed after the store write).
    const orphan = (body: string) =>
      w.store.messages.create(orgId, { orgId, campaignId: conversation.campaignId, contactId: conversation.contactId, conversationId: conversation.id, direction: 'inbound', kind: 'inbound', voterPhone: phone, body, status: 'received' });
    await orphan('long ago');
    w.clock.advance(20 * 60_000);
    await orphan('a minute ago');
    w.clock.advance(60_000);
    await w.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'now' });
    await w.settle();
    expect(threadTexts(w)).toEqual(['a minute ago', 'now']);
  });
});
