/**
 * A worker process for the crash test (twilio-bullmq-crash.test.ts): the engine's job handlers
 * on the BullMQ queue, sending through the Twilio gateway to the fake Twilio, over the test
 * process's store (twilio-bullmq-store-rpc.ts). Configured by environment; prints "ready".
 *   tsx test/integration/twilio-bullmq-worker.ts
 */
import { createBullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import { createTwilioGateway } from '../../src/adapters/twilio/twilio-gateway.js';
import { createEngine } from '../../src/core/engine.js';
import { remoteStore } from './twilio-bullmq-store-rpc.js';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

const clockMs = Number(env('TB_CLOCK_MS'));
const clock = { now: () => new Date(clockMs) };
const queue = createBullmqQueue({
  url: env('TB_REDIS_URL'),
  prefix: env('TB_PREFIX'),
  lockDurationMs: Number(env('TB_LOCK_MS')),
  stalledIntervalMs: Number(env('TB_STALLED_MS')),
  workerName: 'child',
  logger: { error: () => undefined, warn: () => undefined },
});
const sms = createTwilioGateway({ accountSid: env('TB_TWILIO_SID'), authToken: env('TB_TWILIO_TOKEN'), apiBaseUrl: env('TB_TWILIO_URL') });
createEngine({
  store: remoteStore(env('TB_STORE_URL')),
  queue,
  sms,
  clock,
  config: { statusCallbackUrl: env('TB_STATUS_URL'), retryBackoffMs: 50 },
  sendConcurrency: Number(env('TB_CONCURRENCY')),
});
await queue.ping();
console.log('ready');
