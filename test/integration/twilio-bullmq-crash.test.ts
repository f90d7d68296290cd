/**
 * A worker process killed with SIGKILL mid-batch (DESIGN: Outbox; R5.2a). The worker is a real
 * child process (engine + BullMQ + Twilio gateway) sharing the test process's store over
 * loopback (twilio-bullmq-store-rpc.ts, standing in for MongoDB). After the kill, another
 * worker and the outbox sweeper run. Checked: no voter gets a text twice; the jobs the dead
 * worker held come back from BullMQ's stalled check (nothing stays active); every message that
 * was not in flight at the kill is delivered. The texts in flight at the kill (moved
 * queued -> sending by the dead worker): those Twilio took are matched by their status
 * callbacks (the callback URL carries our message id) and end delivered; the others are failed
 * as `interrupted` by the sweeper once stuckSendingAfterMs has passed, and never resent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { withRedis } from '../support/with-redis.js';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.js';
import { waitFor } from '../contract/queue.contract.js';
import { campaignMessages, memoryStore, movableClock, pressAll, seedCampaign, startStack, startWorker, textsPerPhone, type Stack, type Worker } from './twilio-bullmq-stack.js';
import { serveStore } from './twilio-bullmq-store-rpc.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LOCK_MS = 2_000;
const STALLED_MS = 1_000;
const CHILD_CONCURRENCY = 4;
const N = 300;

const countBy = (xs: string[]): Record<string, number> => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

const redis = await withRedis();
let fake: FakeTwilio;
let child: ChildProcess | undefined;
let stack: Stack | undefined;
let survivor: Worker | undefined;
let rpc: Awaited<ReturnType<typeof serveStore>> | undefined;
beforeAll(async () => {
  fake = await startFakeTwilio({ callbacks: { statuses: ['sent', 'delivered'] }, createDelayMs: 15 });
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await survivor?.queue.close();
  await stack?.close();
  await rpc?.close();
  await fake?.close();
  if ('stop' in redis) await redis.stop();
});

describe.skipIf('skip' in redis)('worker killed mid-batch', () => {
  it('SIGKILL mid-batch: nothing sent twice; stalled jobs recovered; everything not in flight delivered', async () => {
    if (!('url' in redis)) return;
    const prefix = `tbi${process.pid}k`;
    const clock = movableClock();
    const store = memoryStore(clock);
    rpc = await serveStore(store);
    // The web process: presses and webhooks only (no job handlers).
    stack = await startStack({ redisUrl: redis.url, prefix, fake, store, clock, registerHandlers: false });

    let out = '';
    // `node --import tsx` (not the tsx CLI, which runs the script in a grandchild): the pid we kill is the worker.
    child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/twilio-bullmq-worker.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TB_CLOCK_MS: String(clock.now().getTime()),
        TB_REDIS_URL: redis.url,
        TB_PREFIX: prefix,
        TB_LOCK_MS: String(LOCK_MS),
        TB_STALLED_MS: String(STALLED_MS),
        TB_TWILIO_SID: fake.accountSid,
        TB_TWILIO_TOKEN: fake.authToken,
        TB_TWILIO_URL: fake.url,
        TB_STORE_URL: rpc.url,
        TB_STATUS_URL: `${stack.publicUrl}/twilio/status`,
        TB_CONCURRENCY: String(CHILD_CONCURRENCY),
      },
    });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child!.once('exit', (_code, signal) => r(signal)));
    await waitFor(() => out.includes('ready') || child!.exitCode !== null, 60_000, 'worker child ready');
    expect(out, out).toContain('ready');

    const seeded = await seedCampaign(stack.engine, store, N, 3);
    const pressed = await pressAll(stack.engine, seeded);
    expect(pressed).toHaveLength(N);

    // Kill the worker while it is sending.
    await waitFor(() => fake.messages.length >= 60, 30_000, 'child sent 60 texts');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = fake.messages.length;
    expect(atKill).toBeLessThan(N);

    // Another worker takes over (it also runs BullMQ's stalled check), then the sweeper runs.
    survivor = startWorker({ redisUrl: redis.url, prefix, store, clock, sms: stack.sms, config: stack.config, queue: { lockDurationMs: LOCK_MS, stalledIntervalMs: STALLED_MS } });
    const sendIdle = async (): Promise<boolean> => {
      const c = await stack!.queue.counts('sms.send');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
    };
    await waitFor(sendIdle, 30_000, 'sms.send idle (stalled jobs of the dead worker recovered)');
    clock.advance(61_000);
    const swept = await stack.engine.dispatch.sweep();
    await waitFor(sendIdle, 30_000, 'sms.send idle after the sweep');
    await fake.flushCallbacks();
    await waitFor(async () => (await campaignMessages(store, seeded)).every((m) => m.status === 'delivered' || m.status === 'sending'), 30_000, 'callbacks applied').catch(async (err: unknown) => {
      const ms = await campaignMessages(store, seeded);
      throw new Error(`${String(err)}: ${JSON.stringify(countBy(ms.map((m) => `${m.status}/${m.errorCode ?? ''}/${m.providerId ? 'sid' : 'nosid'}`)))}`);
    });
    // Past the stuck threshold, the sweeper fails what never reached the carrier.
    clock.advance(stack.engine.config.stuckSendingAfterMs + 1_000);
    const interruptedNow = await stack.engine.dispatch.sweep();

    // Never twice (R5.2a).
    const perPhone = textsPerPhone(fake);
    expect([...perPhone.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // Nothing stays active in Redis: the dead worker's jobs came back through the stalled check.
    expect((await stack.queue.counts('sms.send')).active).toBe(0);

    const messages = await campaignMessages(store, seeded);
    const summary = JSON.stringify({ atKill, atTwilio: fake.messages.length, statuses: countBy(messages.map((m) => m.status)), child: out.slice(-500) });
    const delivered = messages.filter((m) => m.status === 'delivered');
    const interrupted = messages.filter((m) => m.status === 'failed' && m.errorCode === 'interrupted');
    expect(delivered.length + interrupted.length, summary).toBe(N);
    expect(messages.filter((m) => m.status === 'sending'), summary).toEqual([]);
    // Every text Twilio took is delivered (its callback found the message); only the ones that never
    // reached Twilio are interrupted, at most what the dead worker held at the kill.
    for (const m of delivered) expect(perPhone.get(m.voterPhone)).toBe(1);
    for (const m of interrupted) expect(perPhone.has(m.voterPhone), summary).toBe(false);
    expect(interrupted.length, summary).toBeLessThanOrEqual(CHILD_CONCURRENCY);
    expect(interruptedNow).toBe(interrupted.length);
    console.log(
      `[twilio-bullmq] SIGKILL after ${atKill} texts: ${delivered.length}/${N} delivered, none twice; ` +
        `${interrupted.length} interrupted before reaching Twilio (failed, not resent); sweep re-enqueued ${swept}`,
    );
  }, 120_000);
});
