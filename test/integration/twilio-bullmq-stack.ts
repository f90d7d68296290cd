/**
 * Composition for the Twilio + BullMQ integration tests and the SMS benchmark: the real engine
 * over a store, the BullMQ queue on a real Redis, the Twilio gateway pointed at the local fake
 * Twilio, and a fastify server with the signed Twilio webhooks on a loopback port (PUBLIC_URL
 * is that address, so the fake's signed status callbacks verify). Tests are composition points,
 * so adapters are imported here.
 */
import { createServer } from 'node:net';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createBullmqQueue, type BullmqQueue, type BullmqQueueOptions } from '../../src/adapters/queue/bullmq-queue.js';
import { createTwilioGateway } from '../../src/adapters/twilio/twilio-gateway.js';
import { twilioWebhooks } from '../../src/adapters/twilio/twilio-webhooks.js';
import { buildServer, type HttpServer } from '../../src/app/server.js';
import { createLogger } from '../../src/app/logger.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import type { EngineConfigInput } from '../../src/core/engine-config.js';
import type { Clock, SmsGateway, Store } from '../../src/core/ports.js';
import type { Campaign, Member, Message, Org } from '../../src/core/model/index.js';
import { contactAt, interaction, SCRIPTS } from '../core/engine/harness.js';
import type { FakeTwilio } from '../support/fake-twilio.js';

export const ORG_NUMBER = '+12025550199';
export const ORG_SERVICE = 'MG0123456789abcdef0123456789abcdef';
/** Tuesday 2026-11-17 12:00 in New York: inside every texting window (R2.3). */
export const NOON_NY = new Date('2026-11-17T17:00:00Z');

/** New York area codes: 10 x 100 fictional 555-01xx numbers (R5.2d: listed, never generated at send). */
const AREAS = ['212', '718', '646', '917', '347', '929', '332', '516', '914', '631'];
export function voterPhone(i: number): string {
  const area = AREAS[Math.floor(i / 100)];
  if (!area) throw new Error(`voterPhone: only ${AREAS.length * 100} phones`);
  return `+1${area}55501${String(i % 100).padStart(2, '0')}`;
}

export interface MovableClock extends Clock {
  advance(ms: number): void;
}

export function movableClock(start: Date = NOON_NY): MovableClock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export const silentQueueLogger = { error: () => undefined, warn: () => undefined };

export function memoryStore(clock: Clock): Store {
  return createMemoryStore({ clock });
}

/** What the app needs of a fake Twilio: where it is and its credentials (it may run in another process). */
export type TwilioAccount = Pick<FakeTwilio, 'url' | 'accountSid' | 'authToken'>;

export function twilioGatewayFor(fake: TwilioAccount): SmsGateway {
  return createTwilioGateway({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url });
}

export interface Worker {
  queue: BullmqQueue;
  engine: Engine;
}

/** Another worker process (same store, same Redis prefix): its own queue and engine. */
export function startWorker(opts: { redisUrl: string; prefix: string; store: Store; clock: Clock; sms: SmsGateway; config: EngineConfigInput; sendConcurrency?: number; queue?: Partial<BullmqQueueOptions>; registerHandlers?: boolean }): Worker {
  const queue = createBullmqQueue({ url: opts.redisUrl, prefix: opts.prefix, logger: silentQueueLogger, ...opts.queue });
  const engine = createEngine({ store: opts.store, queue, sms: opts.sms, clock: opts.clock, config: opts.config, registerHandlers: opts.registerHandlers ?? true, sendConcurrency: opts.sendConcurrency ?? 4 });
  return { queue, engine };
}

export interface Stack extends Worker {
  clock: MovableClock;
  store: Store;
  sms: SmsGateway;
  config: EngineConfigInput;
  server: HttpServer;
  publicUrl: string;
  close(): Promise<void>;
}

/** The web process (webhooks) and, unless registerHandlers is false, a worker. */
export async function startStack(opts: {
  redisUrl: string;
  prefix: string;
  fake: TwilioAccount;
  store?: Store;
  clock?: MovableClock;
  registerHandlers?: boolean;
  sendConcurrency?: number;
  queue?: Partial<BullmqQueueOptions>;
}): Promise<Stack> {
  const clock = opts.clock ?? movableClock();
  const store = opts.store ?? memoryStore(clock);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const sms = twilioGatewayFor(opts.fake);
  const config: EngineConfigInput = { statusCallbackUrl: `${publicUrl}/twilio/status`, retryBackoffMs: 50 };
  const { queue, engine } = startWorker({ redisUrl: opts.redisUrl, prefix: opts.prefix, store, clock, sms, config, sendConcurrency: opts.sendConcurrency ?? 4, ...(opts.queue ? { queue: opts.queue } : {}), ...(opts.registerHandlers !== undefined ? { registerHandlers: opts.registerHandlers } : {}) });
  const server = await buildServer({ logger: createLogger('silent'), probes: [{ name: 'queue', ping: () => queue.ping() }] });
  await server.register(twilioWebhooks, {
    authToken: opts.fake.authToken,
    publicUrl,
    clock,
    onInbound: async (m) => {
      await engine.inbound.receive(m);
    },
    onStatus: async (s) => {
      await engine.dispatch.applyStatus(s);
    },
  });
  await server.listen({ port, host: '127.0.0.1' });
  return {
    clock, store, sms, config, queue, engine, server, publicUrl,
    async close() {
      await server.close();
      await queue.close();
    },
  };
}

export interface Seeded {
  org: Org;
  campaign: Campaign;
  volunteers: Member[];
}

/** An org on ORG_NUMBER/ORG_SERVICE with a started campaign of `n` contacts and `volunteers` volunteers. */
export async function createOrg(store: Store): Promise<Org> {
  return store.orgs.create({
    platform: 'sandbox',
    externalId: `T${Math.random().toString(36).slice(2, 8)}`,
    name: 'Texas Forward',
    helpContact: 'help@texasforward.org',
    sms: { numbers: [ORG_NUMBER], messagingServiceSid: ORG_SERVICE },
  });
}

export async function seedCampaign(engine: Engine, store: Store, n: number, volunteers: number): Promise<Seeded> {
  const org = await createOrg(store);
  const organizer = await store.members.upsert(org.id, { platformUserId: 'U-org', displayName: 'Olivia Organizer', role: 'organizer' });
  const vols: Member[] = [];
  for (let i = 0; i < volunteers; i += 1) vols.push(await store.members.upsert(org.id, { platformUserId: `U-vol${i}`, displayName: `Vol${i}`, role: 'volunteer' }));
  const created = await engine.campaigns.create(org.id, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, batchSize: Math.ceil(n / volunteers) }, organizer.id);
  if (!created.ok) throw new Error(`create failed: ${created.reason}`);
  const contacts = Array.from({ length: n }, (_, i) => contactAt(voterPhone(i), { firstName: `Voter${i}` }));
  await store.contacts.insertMany(org.id, created.campaign.id, contacts);
  const started = await engine.campaigns.start(org.id, created.campaign.id, organizer.id);
  if (!started.ok) throw new Error(`start failed: ${started.reason}`);
  return { org, campaign: started.campaign, volunteers: vols };
}

/** Every volunteer claims a batch and presses Send on each card (R5.2a: one press, one text), in parallel. */
export async function pressAll(engine: Engine, seeded: Seeded): Promise<Message[]> {
  const { org, campaign } = seeded;
  const perVolunteer = await Promise.all(
    seeded.volunteers.map(async (v) => {
      const claim = await engine.claims.claim(org.id, campaign.id, v.id);
      if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
      const sent: Message[] = [];
      let next = claim.next;
      while (next) {
        const r = await engine.send.sendInitial({ orgId: org.id, claimId: claim.claim.id, contactId: next.id, pressedBy: v.id, interactionId: interaction(), platform: 'sandbox', channelId: 'C1', signatureVerified: true });
        if (!r.ok) throw new Error(`send refused: ${r.reason}`);
        sent.push(r.message);
        next = r.next;
      }
      return sent;
    }),
  );
  return perVolunteer.flat();
}

export async function campaignMessages(store: Store, seeded: Seeded): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of store.messages.streamByCampaign(seeded.org.id, seeded.campaign.id)) out.push(m);
  return out;
}

/** How many texts the fake Twilio accepted per phone. */
export function textsPerPhone(fake: FakeTwilio): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of fake.messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return counts;
}
