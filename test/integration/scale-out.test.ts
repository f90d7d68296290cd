/**
 * Scale-out: two `--role web` processes and two `--role worker` processes (real child processes,
 * test/integration/scale-out-process.ts) on one Redis and one store: MongoDB itself when
 * MONGODB_URI is set (a fresh database, every process on it directly), else the test process's
 * memory store over loopback (twilio-bullmq-store-rpc.ts, standing in for MongoDB, which this
 * machine cannot run). Slack and Twilio are the
 * local fakes. PRESSES Send presses arrive as signed Slack block_actions and INBOUND voter texts
 * as signed Twilio webhooks, alternating between the two web processes; two texts of the same
 * voter arrive at once on different web processes, so both workers may hold chat.notify jobs
 * of one conversation at the same time. Checked: every press gives exactly one carrier send
 * (R5.2a), every status callback is applied, every voter text is stored once (R1.4) and posted
 * once, in store order, in one thread per conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { withRedis } from '../support/with-redis.js';
import { postSigned, startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { blockActions, postSlack, SIGNING_SECRET, TEAM } from '../adapters/slack/support/requests.js';
import { buttonOf } from '../adapters/slack/support/blocks.js';
import { startSlowSlack, type SlowSlack } from '../adapters/slack/support/slow-slack.js';
import { waitFor } from '../contract/queue.contract.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createMongoStore } from '../../src/adapters/mongo/index.js';
import type { Store } from '../../src/core/ports.js';
import { uniqueDbUri } from '../support/with-mongo.js';
import { EMPTY_TWIML } from '../../src/adapters/twilio/twilio-webhooks.js';
import { ACTION } from '../../src/commands/actions.js';
import type { Message } from '../../src/core/model/index.js';
import { contactAt, SCRIPTS } from '../core/engine/harness.js';
import { freePort, NOON_NY, ORG_NUMBER, ORG_SERVICE, startWorker, textsPerPhone, twilioGatewayFor, voterPhone, type Worker } from './twilio-bullmq-stack.js';
import { serveStore } from './twilio-bullmq-store-rpc.js';

/** Send presses (one per voter) and voter texts: 500 each (TB_SO_N=100 for a quick local run). */
const PRESSES = Number(process.env.TB_SO_N ?? 500);
/** Each voter who answers sends this many texts at once (INBOUND texts in all). */
const TEXTS_PER_VOTER = 2;
const INBOUND = PRESSES;
const VOLUNTEERS = 25;
const SLACK_LATENCY_MS = 60;
const CHANNEL = 'C0GOTV';
const ROOT = resolve(import.meta.dirname, '..', '..');

const countBy = (xs: string[]): Record<string, number> => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

interface Child {
  role: 'web' | 'worker';
  proc: ChildProcess;
  out: () => string;
  url: string;
}

const redis = await withRedis();
let fakeTwilio: FakeTwilio;
let fakeSlack: FakeSlack;
let slowSlack: SlowSlack;
let rpc: Awaited<ReturnType<typeof serveStore>> | undefined;
let mongoStore: Store | undefined;
/** MONGODB_URI set: the four processes share a fresh MongoDB database instead of the RPC store. */
const MONGO_DB = process.env.MONGODB_URI ? uniqueDbUri(process.env.MONGODB_URI, 'tb_scale_out') : undefined;
let seeder: Worker | undefined;
const children: Child[] = [];

beforeAll(async () => {
  fakeTwilio = await startFakeTwilio({ callbacks: { statuses: ['sent', 'delivered'] } });
  fakeSlack = await startFakeSlack({ team: { id: TEAM.id, name: 'Texas Forward', domain: TEAM.domain } });
  // Slack's Web API answers in tens of milliseconds, not at once: the workers' chat posts take
  // SLACK_LATENCY_MS, which is what lets two chat.notify jobs of one conversation overlap.
  slowSlack = await startSlowSlack(fakeSlack.url, SLACK_LATENCY_MS);
});
afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((done) => {
          if (c.proc.exitCode !== null || c.proc.signalCode !== null) return done();
          const force = setTimeout(() => c.proc.kill('SIGKILL'), 10_000);
          c.proc.once('exit', () => (clearTimeout(force), done()));
          c.proc.kill('SIGTERM');
        }),
    ),
  );
  await seeder?.queue.close();
  await rpc?.close();
  await mongoStore?.close();
  await slowSlack?.close();
  await fakeSlack?.close();
  await fakeTwilio?.close();
  if ('stop' in redis) await redis.stop();
});

describe.skipIf('skip' in redis)('scale-out: two web and two worker processes on one Redis and one store', () => {
  it(`${PRESSES} Send presses and ${INBOUND} voter texts across both web processes: nothing lost, nothing doubled (R5.2a, R1.4)`, async () => {
    if (!('url' in redis)) return;
    const t0 = Date.now();
    const clock = { now: () => new Date(NOON_NY.getTime() + (Date.now() - t0)) };
    const store = MONGO_DB ? (mongoStore = await createMongoStore({ uri: MONGO_DB, clock })) : createMemoryStore({ clock });
    if (!MONGO_DB) rpc = await serveStore(store);
    const prefix = `tbso${process.pid}`;

    const spawnRole = async (role: 'web' | 'worker', statusUrl: string, port: number): Promise<Child> => {
      const slackApi = role === 'worker' ? slowSlack.apiUrl : fakeSlack.apiUrl;
      let out = '';
      const proc = spawn(process.execPath, ['--import', 'tsx', 'test/integration/scale-out-process.ts', '--role', role], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          LOG_LEVEL: 'warn',
          ...(port ? { PORT: String(port) } : {}),
          PUBLIC_URL: statusUrl,
          REDIS_URL: redis.url,
          TWILIO_ACCOUNT_SID: fakeTwilio.accountSid,
          TWILIO_AUTH_TOKEN: fakeTwilio.authToken,
          TWILIO_MESSAGING_SERVICE_SID: ORG_SERVICE,
          TWILIO_API_URL: fakeTwilio.url,
          SMS_SEGMENTS_PER_SECOND: '1000',
          SLACK_BOT_TOKEN: fakeSlack.token,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slackApi,
          ...(MONGO_DB ? { TB_MONGODB_URI: MONGO_DB } : { TB_STORE_URL: rpc!.url }),
          TB_PREFIX: prefix,
          TB_CLOCK_START_MS: String(NOON_NY.getTime()),
          TB_CLOCK_T0_MS: String(t0),
        },
      });
      proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const child: Child = { role, proc, out: () => out, url: statusUrl };
      children.push(child);
      return child;
    };
    const webPorts = [await freePort(), await freePort()];
    const webUrls = webPorts.map((p) => `http://127.0.0.1:${p}`);
    const webs = await Promise.all(webPorts.map((p, i) => spawnRole('web', webUrls[i]!, p)));
    // Each worker's texts call back to a different web process.
    const workers = await Promise.all(webUrls.map((u) => spawnRole('worker', u, 0)));
    const logs = (): string => children.map((c) => `--- ${c.role} ${c.url}\n${c.out().slice(-1500)}`).join('\n');
    await waitFor(() => children.every((c) => c.out().includes('ready') || c.proc.exitCode !== null), 60_000, 'four processes ready');
    for (const c of children) expect(c.out(), logs()).toContain('ready');
    expect(webs).toHaveLength(2);
    expect(workers).toHaveLength(2);

    // --- Seed: a Slack org on the fake workspace, 10 volunteers, a started campaign of PRESSES voters ---
    const t0Seed = performance.now();
    seeder = startWorker({ redisUrl: redis.url, prefix, store, clock, sms: twilioGatewayFor(fakeTwilio), config: {}, registerHandlers: false });
    const org = await store.orgs.create({ platform: 'slack', externalId: TEAM.id, name: 'Texas Forward', helpContact: 'help@texasforward.org', sms: { numbers: [ORG_NUMBER], messagingServiceSid: ORG_SERVICE } });
    const organizer = await store.members.upsert(org.id, { platformUserId: 'U0OWNER', displayName: 'Olivia Owner', role: 'organizer' });
    fakeSlack.addUser({ id: 'U0OWNER', name: 'Olivia Owner', isAdmin: true });
    const volunteers = [];
    for (let i = 0; i < VOLUNTEERS; i += 1) {
      const id = `U0VOL${i}`;
      fakeSlack.addUser({ id, name: `Vol${i}`, locale: 'en-US' });
      volunteers.push(await store.members.upsert(org.id, { platformUserId: id, displayName: `Vol${i}`, role: 'volunteer' }));
    }
    const created = await seeder.engine.campaigns.create(org.id, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, batchSize: Math.ceil(PRESSES / VOLUNTEERS) }, organizer.id);
    if (!created.ok) throw new Error(created.reason);
    await store.contacts.insertMany(org.id, created.campaign.id, Array.from({ length: PRESSES }, (_, i) => contactAt(voterPhone(i), { firstName: `Voter${i}` })));
    const started = await seeder.engine.campaigns.start(org.id, created.campaign.id, organizer.id);
    if (!started.ok) throw new Error(started.reason);
    const campaign = started.campaign;

    // --- Presses: each volunteer claims, then presses Send on each card; presses alternate between the web processes ---
    let turn = 0;
    const nextWeb = (): string => webUrls[turn++ % webUrls.length]!;
    // Slack's request timestamp is checked against the app clock (shared by every process).
    const nowSec = (): number => Math.floor(clock.now().getTime() / 1000);
    const press = async (user: string, actionId: string, value: string, ephemeral: boolean): Promise<unknown> => {
      const responseUrl = fakeSlack.responseUrl();
      const res = await postSlack(nextWeb(), blockActions({ user, actionId, value, channel: CHANNEL, messageTs: `1795000999.${String(turn).padStart(6, '0')}`, ephemeral, responseUrl }), nowSec());
      expect(res.status).toBe(200);
      const reply = await fakeSlack.waitFor(() => fakeSlack.responses.find((r) => responseUrl.endsWith(r.id)), 20_000);
      return reply.body.blocks;
    };
    const hasSend = (blocks: unknown): boolean => JSON.stringify(blocks ?? []).includes(`"action_id":"${ACTION.send}`);
    const t0Press = performance.now();
    const pressCounts = await Promise.all(
      volunteers.map(async (v) => {
        let card = await press(v.platformUserId, ACTION.claim, campaign.id, false);
        let n = 0;
        while (hasSend(card)) {
          const send = buttonOf(card, ACTION.send);
          card = await press(v.platformUserId, send.action_id, send.value!, true);
          n += 1;
        }
        return n;
      }),
    );
    const pressSeconds = (performance.now() - t0Press) / 1000;
    expect(pressCounts.reduce((a, b) => a + b, 0), logs()).toBe(PRESSES);

    const outbound = async (): Promise<Message[]> => {
      const out: Message[] = [];
      for await (const m of store.messages.streamByCampaign(org.id, campaign.id)) if (m.direction === 'outbound') out.push(m);
      return out;
    };
    await waitFor(() => fakeTwilio.messages.length >= PRESSES, 60_000, 'every press reached the carrier').catch((err: unknown) => {
      throw new Error(`${String(err)}: ${fakeTwilio.messages.length} sent\n${logs()}`);
    });
    await fakeTwilio.flushCallbacks();
    await waitFor(async () => (await outbound()).every((m) => m.status === 'delivered'), 30_000, 'status callbacks applied').catch(async (err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(countBy((await outbound()).map((m) => m.status)))}\n${logs()}`);
    });
    const sendSeconds = (performance.now() - t0Press) / 1000;

    // One press, one text, one voter (R5.2a): no phone texted twice, every voter texted.
    const perPhone = textsPerPhone(fakeTwilio);
    expect([...perPhone.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(perPhone.size).toBe(PRESSES);
    const sent = await outbound();
    expect(sent).toHaveLength(PRESSES);
    expect(new Set(sent.map((m) => m.providerId)).size).toBe(PRESSES);
    expect((await store.audit.list(org.id, { action: 'message.pressed' })).length).toBe(PRESSES);
    // Both web processes served presses and status callbacks.
    expect(new Set(fakeTwilio.callbacks.map((c) => new URL(c.url).port))).toEqual(new Set(webPorts.map(String)));

    // --- Inbound: TEXTS_PER_VOTER texts per answering voter, all at once; one voter's texts reach different web processes ---
    const voters = INBOUND / TEXTS_PER_VOTER;
    const bodyOf = (v: number, j: number): string => `Yes count me in q${v}x${j}`;
    const sidOf = (v: number, j: number): string => `SM${(v * TEXTS_PER_VOTER + j).toString(16).padStart(32, '0')}`;
    const t0In = performance.now();
    const answers = await Promise.all(
      Array.from({ length: voters }, (_, v) =>
        Array.from({ length: TEXTS_PER_VOTER }, (_, j) =>
          postSigned(
            `${webUrls[(v + j) % webUrls.length]!}/twilio/inbound`,
            { MessageSid: sidOf(v, j), SmsSid: sidOf(v, j), AccountSid: fakeTwilio.accountSid, MessagingServiceSid: ORG_SERVICE, From: voterPhone(v), To: ORG_NUMBER, Body: bodyOf(v, j), NumMedia: '0' },
            { authToken: fakeTwilio.authToken },
          ),
        ),
      ).flat(),
    );
    expect(countBy(answers.map((a) => `${a.status} ${a.status === 200 ? '' : a.body.slice(0, 200)}`)), logs()).toEqual({ '200 ': INBOUND });
    expect(answers.every((a) => a.body === EMPTY_TWIML)).toBe(true);

    // Stored exactly once each, on its voter's conversation (R1.4: stored before the 200).
    const inbound: Message[] = [];
    for await (const m of store.messages.streamByCampaign(org.id, campaign.id)) if (m.direction === 'inbound') inbound.push(m);
    expect(inbound).toHaveLength(INBOUND);
    expect(new Set(inbound.map((m) => m.providerId)).size).toBe(INBOUND);
    expect(inbound.every((m) => m.conversationId)).toBe(true);

    // Posted exactly once each, in the voter's thread.
    const posts = (): { channel: string; thread: string | undefined; text: string }[] =>
      fakeSlack.calls('chat.postMessage').map((c) => ({ channel: String(c.args.channel), thread: c.args.thread_ts ? String(c.args.thread_ts) : undefined, text: JSON.stringify(c.args) }));
    const tokenOf = (text: string): string | undefined => /q\d+x\d+/.exec(text)?.[0];
    await waitFor(() => new Set(posts().map((p) => tokenOf(p.text)).filter(Boolean)).size >= INBOUND, 60_000, 'every voter text posted').catch((err: unknown) => {
      throw new Error(`${String(err)}: ${new Set(posts().map((p) => tokenOf(p.text)).filter(Boolean)).size} posted\n${logs()}`);
    });
    const notifyIdle = async (): Promise<boolean> => {
      const c = await seeder!.queue.counts('chat.notify');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
    };
    await waitFor(notifyIdle, 30_000, 'chat.notify idle');
    const inSeconds = (performance.now() - t0In) / 1000;
    await fakeSlack.quiet(300);

    const textPosts = posts().filter((p) => tokenOf(p.text));
    const perToken = countBy(textPosts.map((p) => tokenOf(p.text)!));
    expect(Object.entries(perToken).filter(([, n]) => n !== 1), 'posted more than once').toEqual([]);
    expect(Object.keys(perToken)).toHaveLength(INBOUND);
    expect(textPosts.every((p) => p.thread)).toBe(true);

    // One thread per conversation, and its texts in store order.
    const byConversation = new Map<string, Message[]>();
    for (const m of inbound) byConversation.set(m.conversationId!, [...(byConversation.get(m.conversationId!) ?? []), m]);
    expect(byConversation.size).toBe(voters);
    const threadsOpened = posts().filter((p) => !p.thread && !tokenOf(p.text));
    for (const [conversationId, texts] of byConversation) {
      const conversation = await store.conversations.get(org.id, conversationId);
      expect(conversation?.threads, `conversation ${conversationId}`).toHaveLength(1);
      const thread = conversation!.threads[0]!.threadId;
      const posted = textPosts.filter((p) => p.thread === thread).map((p) => tokenOf(p.text));
      const stored = [...texts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((m) => tokenOf(m.body));
      expect(posted, `thread of ${conversationId}`).toEqual(stored);
    }
    expect(threadsOpened.length, 'thread roots').toBe(voters);

    console.log(
      `[scale-out] 2 web + 2 worker processes: ${PRESSES} Slack presses in ${pressSeconds.toFixed(1)} s (${(PRESSES / pressSeconds).toFixed(0)}/s), ` +
        `all sent and delivered after ${sendSeconds.toFixed(1)} s; ${INBOUND} inbound texts stored and posted once in ${inSeconds.toFixed(1)} s; ` +
        `seed ${((t0Press - t0Seed) / 1000).toFixed(1)} s; ${rpc ? `store calls over RPC ${rpc.calls()}` : 'store: MongoDB'}`,
    );
  }, 300_000);
});
