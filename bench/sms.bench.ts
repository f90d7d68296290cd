// SMS path benchmark (issue 6): the real engine over the memory store, on the in-process queue and
// on BullMQ on a real Redis (REDIS_URL, else a redis-server started on a loopback port), the Twilio
// gateway against the local fake Twilio, and the signed webhooks on fastify. Measures, per queue:
//   - sends: presses -> sms.send jobs -> Twilio API -> signed status callbacks, until all delivered.
//     The fake Twilio runs in a process of its own (its API and callbacks are Twilio's work, not
//     the app's), and each queue first sends an unmeasured warm-up round: the first round in a
//     process pays module loading and JIT compilation, which once made whichever queue ran first
//     look slower (the in-process queue, 306/s against 383/s, ran first);
//   - inbound: signed inbound webhooks (64 in flight) stored before their 200;
//   - rate limit: the R4.4 limiter holding a configured rate.
//   npm run bench -- sms [--texts 1000] [--inbound 2000] [--rate 50]
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { withRedis } from '../test/support/with-redis.js';
import { postSigned, startFakeTwilio } from '../test/support/fake-twilio.js';
import { ORG_NUMBER, ORG_SERVICE, campaignMessages, createOrg, memoryStore, movableClock, pressAll, seedCampaign, startStack, twilioGatewayFor, voterPhone } from '../test/integration/twilio-bullmq-stack.js';
import { createBullmqQueue } from '../src/adapters/queue/bullmq-queue.js';
import { createInProcessQueue } from '../src/adapters/queue/in-process-queue.js';
import { twilioWebhooks } from '../src/adapters/twilio/twilio-webhooks.js';
import { buildServer } from '../src/app/server.js';
import { createLogger } from '../src/app/logger.js';
import { createEngine, type Engine } from '../src/core/engine.js';
import type { Store } from '../src/core/ports.js';
import { fakeTwilioProcess } from './support/twilio-process.js';
import type { TwilioAccount } from '../test/integration/twilio-bullmq-stack.js';
import { cpuSecondsSince, flag, printTable, sampleMemory, type ResultRow } from './support/measure.js';

export const name = 'sms';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      probe.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} not reached within ${timeoutMs} ms`);
    await sleep(20);
  }
}

type QueueKind = 'in-process' | 'bullmq';
interface BenchStack {
  store: Store;
  engine: Engine;
  publicUrl: string;
  close(): Promise<void>;
}

/** The same web + worker stack as the integration tests, on either queue. */
async function benchStack(kind: QueueKind, redisUrl: string, fake: TwilioAccount, opts: { registerHandlers?: boolean; prefix: string }): Promise<BenchStack> {
  if (kind === 'bullmq') return startStack({ redisUrl, prefix: opts.prefix, fake, sendConcurrency: 16, ...(opts.registerHandlers === false ? { registerHandlers: false } : {}) });
  const clock = movableClock();
  const store = memoryStore(clock);
  const queue = createInProcessQueue({ clock });
  const server = await buildServer({ logger: createLogger('silent'), probes: [] });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const engine = createEngine({ store, queue, sms: twilioGatewayFor(fake), clock, config: { statusCallbackUrl: `${publicUrl}/twilio/status`, retryBackoffMs: 50 }, registerHandlers: opts.registerHandlers ?? true, sendConcurrency: 16 });
  await server.register(twilioWebhooks, {
    authToken: fake.authToken,
    publicUrl,
    clock,
    onInbound: async (m) => void (await engine.inbound.receive(m)),
    onStatus: async (st) => void (await engine.dispatch.applyStatus(st)),
  });
  await server.listen({ port, host: '127.0.0.1' });
  return { store, engine, publicUrl, close: async () => { await server.close(); await queue.close(); } };
}

async function sends(kind: QueueKind, redisUrl: string, texts: number): Promise<ResultRow> {
  const fake = await fakeTwilioProcess({ callbacks: { statuses: ['sent', 'delivered'] } });
  const stack = await benchStack(kind, redisUrl, fake, { prefix: `bench-send-${Date.now()}` });
  try {
    const seeded = await seedCampaign(stack.engine, stack.store, texts, 10);
    const memory = sampleMemory(50);
    const cpu0 = process.cpuUsage();
    const twilioCpu0 = await fake.cpuSeconds();
    const t0 = performance.now();
    await pressAll(stack.engine, seeded);
    const pressed = (performance.now() - t0) / 1000;
    await until(async () => (await fake.accepted()) >= texts, 300_000, 'all texts at Twilio');
    const failedCallbacks = await fake.flushCallbacks();
    if (failedCallbacks > 0) throw new Error(`bench: ${failedCallbacks} status callbacks were not answered 2xx`);
    await until(async () => (await campaignMessages(stack.store, seeded)).every((m) => m.status === 'delivered'), 300_000, 'all delivered');
    const seconds = (performance.now() - t0) / 1000;
    // The fake's CPU too: on a 2-core machine it shares the cores with the app, and a fake that
    // needs a whole core caps what the app can show.
    const twilioCpu = (await fake.cpuSeconds()) - twilioCpu0;
    // CPU seconds too: the machine may be shared, and wall time then measures the neighbours.
    return { what: `press -> ${kind} -> Twilio API -> callbacks`, rows: texts, seconds, cpuSeconds: cpuSecondsSince(cpu0), peak: memory.stop(), note: `presses done after ${pressed.toFixed(2)} s; 1 worker x concurrency 16; Twilio in its own process (${twilioCpu.toFixed(2)} CPU s)` };
  } finally {
    await stack.close();
    await fake.close();
  }
}

async function inbound(kind: QueueKind, redisUrl: string, count: number): Promise<ResultRow> {
  const fake = await startFakeTwilio();
  const stack = await benchStack(kind, redisUrl, fake, { prefix: `bench-in-${Date.now()}`, registerHandlers: false });
  try {
    const org = await createOrg(stack.store);
    const url = `${stack.publicUrl}/twilio/inbound`;
    const memory = sampleMemory(50);
    const t0 = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < count; i = next++) {
        const sid = `SM${i.toString(16).padStart(32, '0')}`;
        const r = await postSigned(url, { MessageSid: sid, From: voterPhone(i % 1000), To: ORG_NUMBER, MessagingServiceSid: ORG_SERVICE, Body: i % 10 === 0 ? 'STOP' : `Yes (${i})` }, { authToken: fake.authToken });
        if (r.status !== 200) throw new Error(`inbound ${i}: HTTP ${r.status}`);
      }
    };
    await Promise.all(Array.from({ length: 64 }, lane));
    const seconds = (performance.now() - t0) / 1000;
    const stored = (await stack.store.messages.listUnmatched(org.id, count + 1)).length;
    if (stored !== count) throw new Error(`bench: ${stored} of ${count} inbound texts stored`);
    return { what: `signed inbound webhook -> stored -> 200 (${kind})`, rows: count, seconds, peak: memory.stop(), note: '64 in flight; client and server in one process' };
  } finally {
    await stack.close();
    await fake.close();
  }
}

async function rateLimit(redisUrl: string, rate: number): Promise<ResultRow> {
  const jobs = rate * 5;
  const queue = createBullmqQueue({ url: redisUrl, prefix: `bench-rate-${Date.now()}`, rateLimits: { 'sms.send': { max: rate, durationMs: 1000 } }, logger: { error: () => undefined, warn: () => undefined } });
  try {
    const at: number[] = [];
    queue.process('sms.send', async () => void at.push(performance.now()), { concurrency: 16 });
    for (let i = 0; i < jobs; i += 1) await queue.enqueue('sms.send', { i });
    const memory = sampleMemory(50);
    await until(() => at.length >= jobs, 120_000, 'rate-limited jobs');
    at.sort((a, b) => a - b);
    const seconds = ((at.at(-1) ?? 0) - (at[0] ?? 0)) / 1000;
    const perWindow = new Map<number, number>();
    for (const t of at) perWindow.set(Math.floor((t - at[0]! + 30) / 1000), (perWindow.get(Math.floor((t - at[0]! + 30) / 1000)) ?? 0) + 1);
    return { what: `R4.4 limiter ${rate}/s`, rows: jobs, seconds, peak: memory.stop(), note: `busiest 1 s window: ${Math.max(...perWindow.values())} jobs` };
  } finally {
    await queue.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const texts = Math.min(1000, Number(flag(args, 'texts') ?? 1000));
  const inboundCount = Number(flag(args, 'inbound') ?? 2000);
  const rate = Number(flag(args, 'rate') ?? 50);
  const redis = await withRedis();
  if ('skip' in redis) {
    console.log(`sms benchmark skipped: ${redis.skip}`);
    return;
  }
  try {
    // Warm-up rounds (not shown): module loading and JIT for both paths before anything is timed.
    await sends('in-process', redis.url, Math.min(texts, 300));
    await sends('bullmq', redis.url, Math.min(texts, 300));
    const sendRows = [await sends('in-process', redis.url, texts), await sends('bullmq', redis.url, texts)];
    const inboundRows = [await inbound('in-process', redis.url, inboundCount), await inbound('bullmq', redis.url, inboundCount)];
    console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
    printTable('SMS path (memory store, fake Twilio on loopback; in-process queue vs BullMQ on Redis)', [...sendRows, ...inboundRows, await rateLimit(redis.url, rate)]);
    const perSecond = (r: ResultRow | undefined): number => (r ? r.rows / r.seconds : 0);
    const [inProcessRate, bullmqRate] = [perSecond(sendRows[0]), perSecond(sendRows[1])];
    console.log(`  sends/s: BullMQ is ${(bullmqRate / inProcessRate).toFixed(2)}x the in-process queue (goal: >= 500 sends/s with BullMQ, the in-process queue at least as fast: ${bullmqRate >= 500 ? 'met' : 'NOT met'}, ${inProcessRate >= bullmqRate * 0.95 ? 'met' : 'NOT met'} within 5%)`);
    console.log(`  inbound/s: BullMQ is ${(perSecond(inboundRows[1]) / perSecond(inboundRows[0])).toFixed(2)}x the in-process queue (goal: >= 1,000 inbound/s)`);
  } finally {
    await redis.stop();
  }
}
