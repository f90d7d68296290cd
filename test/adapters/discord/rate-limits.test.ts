// Discord answering 429 (Discord's "Rate Limits" page: per route and per channel or webhook,
// X-RateLimit-* headers, Retry-After and `{ message, retry_after, global }`) must never lose a card
// update or a voter text in a conversation thread, and a thread keeps the order the texts came in.
// Real paths: signed interactions on /discord/interactions, discord.js REST against the fake
// Discord, the simulated carrier's inbound texts, the queue and the chat notifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/commands/actions.js';
import type { Invocation } from '../../../src/commands/framework/invocation.js';
import { startDiscordApp, ORG_NUMBER, type DiscordApp, type HttpAnswer } from './support/discord-app.js';
import { CHANNEL, GUILD, OWNER, buttonId, commandPayload, componentPayload, modalPayload, textOfBody, snowflake, type TestUser } from './support/payloads.js';
import { SCRIPT } from './support/fixtures.js';

/** Volunteers pressing Send within PRESS_WINDOW_MS, and voter replies (CONVERSATIONS x REPLIES_EACH). */
const VOLUNTEERS = 200;
const PRESS_WINDOW_MS = 10_000;
const CONVERSATIONS = 40;
const REPLIES_EACH = 5;
/** The adapter defers after this long; Send presses are made slower, so their cards go out as REST edits of @original. */
const DEFER_AFTER_MS = 150;

const volunteers: TestUser[] = Array.from({ length: VOLUNTEERS }, (_, i) => ({ id: String(1_000_000_000_000_100_000n + BigInt(i)), username: `vol${i}`, global_name: `Vol ${i}`, locale: 'en-US' }));
/** 555-01xx numbers in three New York area codes: fictional and valid. */
const phoneOf = (i: number): string => `${['212', '646', '718'][Math.floor(i / 100)]}555${String(100 + (i % 100)).padStart(4, '0')}`;

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const isSend = (inv: Invocation): boolean => inv.kind === 'action' && inv.actionId === ACTION.send;

describe('Discord rate limits lose no card update and no thread message', () => {
  let app: DiscordApp;
  const sendIds = new Map<string, string>();

  async function ok(payload: unknown): Promise<Record<string, unknown>> {
    const res = await app.interact(payload);
    if (res.status !== 200) throw new Error(`interaction refused: ${res.status}`);
    await app.adapter.idle();
    return res.body;
  }

  beforeAll(async () => {
    app = await startDiscordApp({ deferAfterMs: DEFER_AFTER_MS, slowHandle: (inv) => (isSend(inv) ? DEFER_AFTER_MS * 3 : 0) });
    app.fake.addGuild(GUILD, 'Texas Forward', [OWNER.id, ...volunteers.map((v) => v.id)]);
    await ok(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
    await ok(commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' }));
    const csv = ['phone,first_name,zip,city', ...volunteers.map((_, i) => `${phoneOf(i)},Voter${i},10001,New York`)].join('\n');
    await ok(commandPayload(OWNER, ['import'], { campaign: 'gotv', file: { attachment: { filename: 'voters.csv', url: app.fake.serveFile('voters.csv', csv) } } }));
    await app.settle();
    const modal = (await ok(commandPayload(OWNER, ['script', 'edit'], { campaign: 'gotv', lang: 'en' }))).data as { custom_id: string };
    await ok(modalPayload(OWNER, modal.custom_id, { initial: SCRIPT, follow_ups: '', canned: '' }));
    await ok(commandPayload(OWNER, ['campaign', 'start'], { campaign: 'gotv' }));
    // The campaign post in the channel: every finished batch edits it (limited per channel too).
    await ok(commandPayload(OWNER, ['post'], { campaign: 'gotv' }));
    await inBatches(volunteers, 25, async (v) => {
      const payload = commandPayload(v, ['claim'], { campaign: 'gotv', size: 1 });
      const claimed = await ok(payload);
      // A claim that took longer than the defer time answers with an @original edit instead.
      const card = claimed.type === 5 ? app.fake.of('PATCH', /\/messages\/@original$/).filter((c) => c.path.includes(`/${payload.token}/`)).at(-1)?.body : claimed.data;
      sendIds.set(v.id, buttonId(card, ACTION.send));
    });
    await app.settle();
    expect(sendIds.size).toBe(VOLUNTEERS);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`${VOLUNTEERS} Send presses within ${PRESS_WINDOW_MS / 1000} s while Discord answers 429: every press edits its card, every text goes out (R5.2)`, async () => {
    const { fake } = app;
    fake.rateLimit({ webhooks: { limit: 1, windowMs: 500 }, channelMessages: { limit: 2, windowMs: 1_000 }, share: { everyNth: 4, paths: /^PATCH \/webhooks\// }, retryAfterSec: 0.3 });
    const post = [...fake.messages.values()].find((m) => m.channel_id === CHANNEL)!;
    const editsBefore = post.edits;
    const presses = volunteers.map((v, i) => ({ v, at: Math.floor((i * PRESS_WINDOW_MS) / VOLUNTEERS), token: '', answer: undefined as HttpAnswer | undefined }));
    const started = Date.now();
    const acks = await Promise.all(
      presses.map(async (p) => {
        await new Promise((r) => setTimeout(r, p.at));
        const payload = componentPayload(p.v, sendIds.get(p.v.id)!, { id: snowflake(), channel_id: CHANNEL, flags: 64 });
        p.token = payload.token;
        p.answer = await app.interact(payload);
        return p.answer;
      }),
    );
    // Ack first: a slow press is deferred (6) and its card follows as an @original edit (under
    // load a press may still finish in time and answer with its card, 7).
    expect(acks.filter((a) => !(a.status === 200 && (a.body.type === 6 || a.body.type === 7)))).toEqual([]);
    expect(acks.filter((a) => a.body.type === 6).length).toBeGreaterThan(VOLUNTEERS / 2);
    expect(Date.now() - started).toBeLessThan(PRESS_WINDOW_MS + 5_000);
    await app.settle();

    const edits = fake.of('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/);
    const updated = (p: (typeof presses)[number]): boolean =>
      p.answer?.body.type === 7
        ? textOfBody(p.answer.body.data).includes('✓ Sent to')
        : edits.some((c) => c.path.includes(`/${p.token}/`) && textOfBody(c.body).includes('✓ Sent to'));
    const lost = presses.filter((p) => !updated(p)).map((p) => p.v.username);
    expect(lost).toEqual([]);
    expect(app.carrier.sent()).toHaveLength(VOLUNTEERS);
    // Finished batches share edits of the campaign post, and the last edit shows the final counts.
    expect(post.edits - editsBefore).toBeGreaterThan(0);
    expect(post.edits - editsBefore).toBeLessThan(VOLUNTEERS / 4);
    expect(textOfBody(post.body)).toContain(`${VOLUNTEERS} of ${VOLUNTEERS} done`);
    const refused = fake.limited.filter((c) => c.path.startsWith('/webhooks/'));
    expect(refused.length).toBeGreaterThan(20);
    expect(refused.filter((c) => !(c.retryAfterSec > 0 && c.retryAfterSec <= 0.5 && !c.global)).map((c) => [c.path, c.retryAfterSec])).toEqual([]);
    expect(app.queue.failed()).toEqual([]);
  }, 60_000);

  it(`${CONVERSATIONS * REPLIES_EACH} voter replies while thread posts are limited per channel: none lost, each thread in arrival order`, async () => {
    const { fake } = app;
    fake.rateLimit({ channelMessages: { limit: 2, windowMs: 500 }, share: { everyNth: 7, paths: /^POST \/channels\/\d+\/messages$/ }, retryAfterSec: 0.25 });
    // One post fails outright: its job goes back to the queue while the voter's next text is posted.
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, code: 50001, message: 'Missing Access' }, 1);
    const org = (await app.store.orgs.findByExternal('discord', GUILD))!;
    const sent = app.carrier.sent().slice(0, CONVERSATIONS);
    expect(sent).toHaveLength(CONVERSATIONS);
    const token = (c: number, k: number): string => `vt${c}k${k}`;
    await Promise.all(
      sent.map(async (s, c) => {
        for (let k = 0; k < REPLIES_EACH; k += 1) await app.carrier.injectReply({ from: s.to, to: ORG_NUMBER, body: `Sure thing ${token(c, k)}` });
      }),
    );
    await app.settle();

    for (const [c, s] of sent.entries()) {
      const conversation = await app.store.conversations.findLatestForPhone(org.id, s.to as never);
      const threads = conversation?.threads.filter((r) => r.platform === 'discord') ?? [];
      expect(threads, `conversation ${c} has one thread`).toHaveLength(1);
      const seen = [...fake.messages.values()]
        .filter((m) => m.channel_id === threads[0]!.threadId)
        .map((m) => /vt\d+k\d+/.exec(JSON.stringify(m.body))?.[0])
        .filter(Boolean);
      expect(seen, `thread of conversation ${c}`).toEqual(Array.from({ length: REPLIES_EACH }, (_, k) => token(c, k)));
    }
    expect(fake.limited.filter((c) => c.method === 'POST' && c.path.startsWith('/channels/')).length).toBeGreaterThan(20);
    expect(app.queue.stats().retries).toBeGreaterThanOrEqual(1);
    expect(app.queue.failed()).toEqual([]);
  }, 60_000);
});
