// SMS path benchmark (issue 6): the real engine over the memory store, BullMQ on a real Redis
// (REDIS_URL, else a redis-server started on a loopback port), the Twilio gateway against the
// local fake Twilio, and the signed webhooks on fastify. Measures:
//   - sends: presses -> sms.send jobs -> Twilio API -> signed status callbacks, until all delivered;
//   - inbound: signed inbound webhooks (64 in flight) stored before their 200;
//   - rate limit: the R4.4 limiter holding a configured rate.
//   npm run bench -- sms [--texts 1000] [--inbound 2000] [--rate 50]
import { withRedis } from '../test/support/with-redis.js';
import { postSigned, startFakeTwilio } from '../test/support/fake-twilio.js';
import { ORG_NUMBER, ORG_SERVICE, campaignMessages, createOrg, pressAll, seedCampaign, startStack, voterPhone } from '../test/integration/twilio-bullmq-stack.js';
import { createBullmqQueue } from '../src/adapters/queue/bullmq-queue.js';
import { flag, printTable, sampleMemory, type ResultRow } from './support/measure.js';

export const name = 'sms';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} not reached within ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function sends(redisUrl: string, texts: number): Promise<ResultRow> {
  const fake = await startFakeTwilio({ callbacks: { statuses: ['sent', 'delivered'] } });
  const stack = await startStack({ redisUrl, prefix: `bench-send-${Date.now()}`, fake, sendConcurrency: 8 });
  try {
    const seeded = await seedCampaign(stack.engine, stack.store, texts, 10);
    const memory = sampleMemory(50);
    const t0 = performance.now();
    await pressAll(stack.engine, seeded);
    const pressed = (performance.now() - t0) / 1000;
    await until(() => fake.messages.length >= texts, 300_000, 'all texts at Twilio');
    await fake.flushCallbacks();
    await until(async () => (await campaignMessages(stack.store, seeded)).every((m) => m.status === 'delivered'), 300_000, 'all delivered');
    const seconds = (performance.now() - t0) / 1000;
    return { what: 'press -> BullMQ -> Twilio API -> callbacks', rows: texts, seconds, peak: memory.stop(), note: `presses done after ${pressed.toFixed(2)} s; 1 worker x concurrency 8` };
  } finally {
    await stack.close();
    await fake.close();
  }
}

async function inbound(redisUrl: string, count: number): Promise<ResultRow> {
  const fake = await startFakeTwilio();
  const stack = await startStack({ redisUrl, prefix: `bench-in-${Date.now()}`, fake, registerHandlers: false });
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
    return { what: 'signed inbound webhook -> stored -> 200', rows: count, seconds, peak: memory.stop(), note: '64 in flight; client and server in one process' };
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
    const rows = [await sends(redis.url, texts), await inbound(redis.url, inboundCount), await rateLimit(redis.url, rate)];
    printTable('SMS path (memory store, BullMQ on Redis, fake Twilio on loopback)', rows);
  } finally {
    await redis.stop();
  }
}
