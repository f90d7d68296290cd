// Slack answering 429 (docs.slack.dev "Rate limits": HTTP 429 with Retry-After in seconds, per
// method, about one chat.postMessage per second per channel) must never lose a card update or a
// voter text in a thread, and a thread keeps the order the texts came in. Everything goes through
// the real paths: signed slash commands and block_actions on /slack/events, the WebClient against
// the fake Slack, the simulated carrier's inbound texts, the queue and the chat notifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../support/fake-slack.js';
import { buttonOf, textOfBlocks } from './support/blocks.js';
import { blockActions, slashCommand } from './support/requests.js';
import { CHANNEL, OWNER, SCRIPT, slackActor } from './support/seed.js';
import { ORG_NUMBER, startSlackApp, type SlackApp } from './support/slack-app.js';
import { TEAM } from './support/requests.js';

/** Volunteers pressing Send within PRESS_WINDOW_MS, and voter replies (CONVERSATIONS x REPLIES_EACH). */
const VOLUNTEERS = 200;
const PRESS_WINDOW_MS = 10_000;
const CONVERSATIONS = 40;
const REPLIES_EACH = 5;

const volunteer = (i: number): string => `U0V${String(i).padStart(4, '0')}`;
/** 555-01xx numbers in three New York area codes: fictional and valid. */
const phoneOf = (i: number): string => `${['212', '646', '718'][Math.floor(i / 100)]}555${String(100 + (i % 100)).padStart(4, '0')}`;

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

describe('Slack rate limits lose no card update and no thread message', () => {
  let app: SlackApp;
  /** Each volunteer's card (the ephemeral claim answer) with its Send button. */
  const cards = new Map<string, { action_id: string; value: string }>();
  let orgId = '';

  beforeAll(async () => {
    app = await startSlackApp();
    const { fake } = app;
    fake.addUser({ id: OWNER, name: 'Olivia Owner', isAdmin: true });
    const owner = slackActor(OWNER, 'Olivia Owner', { isPlatformAdmin: true });
    let n = 0;
    const inv = () => `rl-seed-${++n}`;
    await app.handle({ kind: 'command', actor: owner, interactionId: inv(), text: 'setup' });
    await app.handle({ kind: 'command', actor: owner, channelId: CHANNEL, interactionId: inv(), text: 'campaign create gotv Get out the vote' });
    const [modal] = await app.handle({ kind: 'command', actor: owner, interactionId: inv(), text: 'script edit gotv en' });
    if (modal?.kind !== 'modal') throw new Error('no script modal');
    await app.handle({ kind: 'modal', actor: owner, modalId: modal.modal.id, ...(modal.modal.privateValue ? { privateValue: modal.modal.privateValue } : {}), values: { initial: SCRIPT, follow_ups: '', canned: '' }, interactionId: inv() });
    const csv = ['phone,first_name,zip', ...Array.from({ length: VOLUNTEERS }, (_, i) => `${phoneOf(i)},Voter${i},10001`)].join('\n');
    fake.addFile({ id: 'F0RATE', name: 'voters.csv', content: csv, user: OWNER });
    await app.handle({ kind: 'command', actor: owner, interactionId: inv(), text: 'import gotv', attachments: [{ name: 'voters.csv', url: fake.fileUrl('F0RATE') }] });
    await app.handle({ kind: 'command', actor: owner, interactionId: inv(), text: 'campaign start gotv' });
    // The campaign post in the channel: every finished batch edits it (chat.update, limited too).
    await app.handle({ kind: 'command', actor: owner, channelId: CHANNEL, interactionId: inv(), text: 'post gotv' });
    orgId = (await app.store.orgs.findByExternal('slack', TEAM.id))!.id;

    // Every volunteer claims one voter with the real slash command; the card comes back on the response_url.
    const ids = Array.from({ length: VOLUNTEERS }, (_, i) => volunteer(i));
    for (const [i, id] of ids.entries()) fake.addUser({ id, name: `Vol ${i}` });
    await inBatches(ids, 25, async (id) => {
      const responseUrl = fake.responseUrl();
      const res = await app.send(slashCommand(id, 'claim gotv 1', { responseUrl, channel: CHANNEL }));
      expect(res.status).toBe(200);
      const posted = await fake.waitFor(() => fake.responses.find((r) => responseUrl.endsWith(`/${r.id}`)), 15_000);
      const send = buttonOf(posted.body.blocks, 'send');
      cards.set(id, { action_id: send.action_id, value: send.value! });
    });
    await app.settle();
    expect(cards.size).toBe(VOLUNTEERS);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`${VOLUNTEERS} Send presses within ${PRESS_WINDOW_MS / 1000} s while Slack answers 429: every press updates its card, every text goes out (R5.2)`, async () => {
    const { fake } = app;
    fake.reset();
    fake.rateLimit({
      methods: { 'chat.update': { max: 8, windowMs: 1_000 } },
      responseUrl: { max: 1, windowMs: 1_000 },
      share: { everyNth: 5, methods: ['chat.update', 'chat.postEphemeral'], responseUrl: true },
      responseUrlMaxUses: 5,
      retryAfterSec: 1,
    });
    // Even volunteers press on an ephemeral card (replaced through the press's response_url), odd
    // ones on a card that is a real message (chat.update).
    const presses = [...cards.entries()].map(([user, send], i) => ({
      user,
      ephemeral: i % 2 === 0,
      messageTs: `1795001000.${String(i).padStart(6, '0')}`,
      responseUrl: fake.responseUrl(),
      send,
      at: Math.floor((i * PRESS_WINDOW_MS) / VOLUNTEERS),
    }));
    const started = Date.now();
    const acks = await Promise.all(
      presses.map(async (p) => {
        await new Promise((r) => setTimeout(r, p.at));
        const res = await app.send(blockActions({ user: p.user, actionId: p.send.action_id, value: p.send.value, channel: CHANNEL, messageTs: p.messageTs, ephemeral: p.ephemeral, responseUrl: p.responseUrl }));
        return { status: res.status, ms: Date.now() - started - p.at };
      }),
    );
    // Ack first, then work: every press is answered at once, whatever Slack's limits do later.
    expect(acks.every((a) => a.status === 200)).toBe(true);
    expect(Date.now() - started).toBeLessThan(PRESS_WINDOW_MS + 5_000);
    const updated = (p: (typeof presses)[number]): boolean => {
      if (!p.ephemeral) return fake.calls('chat.update').some((c) => c.args.ts === p.messageTs && textOfBlocks(c.args.blocks).includes('✓ Sent to'));
      const id = p.responseUrl.split('/').pop();
      const replaced = fake.responses.some((r) => r.id === id && r.body.replace_original === true && textOfBlocks(r.body.blocks).includes('✓ Sent to'));
      // After its retries a card may arrive as a fresh ephemeral message instead: still the press's update.
      return replaced || fake.calls('chat.postEphemeral').some((c) => c.args.user === p.user && textOfBlocks(c.args.blocks).includes('✓ Sent to'));
    };
    // A card waiting out a Retry-After is quiet for a second: wait for the last one (or time out).
    await fake.waitFor(() => presses.every(updated), 30_000).catch(() => undefined);
    const lost = presses.filter((p) => !updated(p)).map((p) => p.user);
    expect(lost).toEqual([]);
    expect(app.carrier.sent()).toHaveLength(VOLUNTEERS);
    // Finished batches share edits of the campaign post instead of making one each (so they do
    // not hold up the cards), and the last edit shows the final counts.
    const postTs = (await app.store.campaigns.findBySlug(orgId, 'gotv'))?.postRef?.messageId;
    const postEdits = fake.calls('chat.update').filter((c) => c.args.channel === CHANNEL && c.args.ts === postTs);
    expect(postEdits.length).toBeGreaterThan(0);
    expect(postEdits.length).toBeLessThan(VOLUNTEERS / 4);
    await fake.waitFor(() => textOfBlocks(fake.calls('chat.update').filter((c) => c.args.ts === postTs).at(-1)?.args.blocks).includes(`${VOLUNTEERS} of ${VOLUNTEERS} done`), 10_000);
    // The limits really bit: both card paths were refused with Retry-After and went again.
    expect(fake.limited.filter((c) => c.method === 'response_url').length).toBeGreaterThan(10);
    expect(fake.limited.filter((c) => c.method === 'chat.update').length).toBeGreaterThan(5);
    expect(fake.limited.every((c) => c.retryAfterSec === 1)).toBe(true);
    expect(app.queue.failed()).toEqual([]);
  }, 60_000);

  it(`${CONVERSATIONS * REPLIES_EACH} voter replies while chat.postMessage is limited per channel: none lost, each thread in arrival order`, async () => {
    const { fake } = app;
    fake.reset();
    fake.rateLimit({
      methods: { 'chat.postMessage': { max: 40, windowMs: 1_000 } },
      postMessagePerChannel: { max: 2, windowMs: 1_000 },
      share: { everyNth: 9, methods: ['chat.postMessage'] },
      retryAfterSec: 1,
    });
    // And the first posts fail outright: their jobs go back to the queue for a retry while the
    // same voters' next texts are already being posted.
    fake.fail('chat.postMessage', 'internal_error', 3);
    const sent = app.carrier.sent().slice(0, CONVERSATIONS);
    expect(sent).toHaveLength(CONVERSATIONS);
    const token = (c: number, k: number): string => `vt${c}k${k}`;
    // Each voter texts REPLIES_EACH times in a row (the carrier delivers one phone's texts in
    // order); all voters at once.
    await Promise.all(
      sent.map(async (s, c) => {
        for (let k = 0; k < REPLIES_EACH; k += 1) await app.carrier.injectReply({ from: s.to, to: ORG_NUMBER, body: `Sure thing ${token(c, k)}` });
      }),
    );
    await app.settle();

    const posts = fake.calls('chat.postMessage');
    for (const [c, s] of sent.entries()) {
      const conversation = await app.store.conversations.findLatestForPhone(orgId, s.to as never);
      const thread = conversation?.threads.find((r) => r.platform === 'slack');
      expect(thread, `conversation ${c} has a thread`).toBeDefined();
      const inThread = posts.filter((p: SlackCall) => p.args.channel === thread!.channelId && p.args.thread_ts === thread!.threadId);
      const seen = inThread.map((p) => /vt\d+k\d+/.exec(JSON.stringify(p.args.blocks))?.[0]).filter(Boolean);
      expect(seen, `thread of conversation ${c}`).toEqual(Array.from({ length: REPLIES_EACH }, (_, k) => token(c, k)));
      // One thread per conversation, even with its texts' jobs racing.
      expect(conversation!.threads.filter((r) => r.platform === 'slack')).toHaveLength(1);
    }
    expect(fake.limited.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(20);
    expect(app.queue.stats().retries).toBeGreaterThanOrEqual(3);
    expect(app.queue.failed()).toEqual([]);
  }, 60_000);
});
