// Test composition for the engine: memory store (or MongoDB, see engineTestStore), in-process
// queue, simulated carrier, fixed fake clock, real locales. Tests are the composition point, so
// adapters are imported here.
import { onTestFinished } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { testMongoUri, uniqueDbUri } from '../../support/with-mongo.js';
import { createInProcessQueue, type InProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier, type SimulatedCarrier } from '../../../src/adapters/simulated-sms/simulated-carrier.js';
import { createI18n } from '../../../src/app/i18n.js';
import { createEngine, type Engine } from '../../../src/core/engine.js';
import type { EngineConfigInput } from '../../../src/core/engine-config.js';
import type { Clock, Store } from '../../../src/core/ports.js';
import type { Lang } from '../../../src/core/model/common.js';
import type { Campaign, NewContact, Member, Org } from '../../../src/core/model/index.js';
import { resolveTimezones } from '../../../src/core/rules.js';
import { windowKeyFor } from '../../../src/core/contacts/window-key.js';
import type { Translate } from '../../../src/core/campaigns/engine-deps.js';

/** Tuesday 2026-11-17 10:00 in New York (R2.3 window open). */
export const TUESDAY_10AM_NY = new Date('2026-11-17T15:00:00Z');
export const ORG_NUMBER = '+12025550199';
export const ORG_SERVICE = 'MG0123456789abcdef0123456789abcdef';

export interface FakeClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

export function fakeClock(start: Date = TUESDAY_10AM_NY): FakeClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = at.getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

let translatePromise: Promise<Translate> | undefined;
export function realTranslate(): Promise<Translate> {
  translatePromise ??= createI18n('en').then((i18n) => (lang, key, params) => i18n.t(lang)(key, params ?? {}) as string);
  return translatePromise;
}

export interface Harness {
  clock: FakeClock;
  store: Store;
  queue: InProcessQueue;
  carrier: SimulatedCarrier;
  engine: Engine;
  org: Org;
  organizer: Member;
  volunteers: Member[];
  /** Runs every queued job and every carrier callback until nothing is left. */
  settle(): Promise<void>;
  /** A second engine over the same store and carrier (another worker process). */
  worker(opts?: { registerHandlers?: boolean }): { engine: Engine; queue: InProcessQueue };
}

export interface HarnessOptions {
  config?: EngineConfigInput;
  registerHandlers?: boolean;
  start?: Date;
  volunteers?: number;
  store?: Store;
  /** Status callbacks go through the `sms.status` job instead of a direct call. */
  statusViaQueue?: boolean;
}

/**
 * The store of the engine harness and of the suites that build their own app (sandbox, Slack,
 * Discord): the memory store, or with TEXTBANK_TEST_MONGODB_URI set, a fresh MongoDB database
 * (dropped when the test that made it ends), so those suites can run against MongoDB where one is
 * reachable. Opt-in, apart from MONGODB_URI: it is much slower, and the Store contract already
 * covers MongoDB by default.
 */
export async function engineTestStore(clock: Clock): Promise<Store> {
  const uri = testMongoUri();
  if (!uri) return createMemoryStore({ clock });
  const { createMongoStore } = await import('../../../src/adapters/mongo/index.js'); // mongoose only when asked for
  const dbUri = uniqueDbUri(uri, 'tb_engine');
  const store = await createMongoStore({ uri: dbUri, clock });
  try {
    onTestFinished(async () => {
      // The app under test may have closed the store already: drop over a connection of our own.
      await store.close().catch(() => undefined);
      const { createConnection } = await import('mongoose');
      const admin = await createConnection(dbUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
      await admin.dropDatabase();
      await admin.close();
    });
  } catch {
    // Made outside a test (a beforeAll): the database stays, named tb_engine_*.
  }
  return store;
}

export async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const clock = fakeClock(opts.start);
  const store: Store = opts.store ?? (await engineTestStore(clock));
  const queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
  const translate = await realTranslate();
  const config: EngineConfigInput = { retryBackoffMs: 0, ...opts.config };
  const engines: Engine[] = [];
  const carrier = createSimulatedCarrier({
    clock,
    onStatus: async (cb) => {
      if (opts.statusViaQueue) await queue.enqueue('sms.status', cb);
      else await engines[0]?.dispatch.applyStatus(cb);
    },
    onInbound: async (m) => {
      await engines[0]?.inbound.receive({ ...m, messagingServiceSid: ORG_SERVICE });
    },
  });
  const engine = createEngine({ store, queue, sms: carrier, clock, config, translate, registerHandlers: opts.registerHandlers ?? true });
  engines.push(engine);
  const org = await store.orgs.create({
    platform: 'sandbox',
    externalId: `T${Math.random().toString(36).slice(2, 8)}`,
    name: 'Texas Forward',
    helpContact: 'help@texasforward.org',
    sms: { numbers: [ORG_NUMBER], messagingServiceSid: ORG_SERVICE },
  });
  const organizer = await store.members.upsert(org.id, { platformUserId: 'U-org', displayName: 'Olivia Organizer', role: 'organizer' });
  const volunteers: Member[] = [];
  for (let i = 0; i < (opts.volunteers ?? 3); i += 1) {
    volunteers.push(await store.members.upsert(org.id, { platformUserId: `U-vol${i}`, displayName: ['Ana', 'Ben', 'Cleo', 'Dan'][i] ?? `Vol${i}`, role: 'volunteer' }));
  }
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i += 1) {
      await queue.drain();
      await carrier.flush();
      await queue.drain();
      const s = queue.stats();
      if (s.waiting === 0 && s.active === 0) return;
    }
  };
  const worker = (w: { registerHandlers?: boolean } = {}) => {
    const q = createInProcessQueue({ clock, logger: { error: () => undefined } });
    const e = createEngine({ store, queue: q, sms: carrier, clock, config, translate, registerHandlers: w.registerHandlers ?? true });
    return { engine: e, queue: q };
  };
  return { clock, store, queue, carrier, engine, org, organizer, volunteers, settle, worker };
}

export const SCRIPTS: Campaign['scripts'] = {
  en: { initial: 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote Nov 3? Reply STOP to opt out.', followUps: [] },
  es: { initial: 'Hola {firstName}, soy {texterName} de {orgName}. ¿Podemos contar con tu voto? Responde STOP o ALTO para no recibir más mensajes.', followUps: [] },
};

export const SURVEY: Campaign['survey'] = [
  {
    id: 'vote',
    text: 'Will they vote?',
    answers: [
      { id: 'yes', label: 'Yes', reply: { en: 'Great, thank you {firstName}!', es: '¡Genial, gracias {firstName}!' }, nextQuestionId: 'plan' },
      { id: 'no', label: 'No' },
      { id: 'maybe', label: 'Maybe' },
    ],
  },
  { id: 'plan', text: 'How will they vote?', answers: [{ id: 'mail', label: 'By mail' }, { id: 'in_person', label: 'In person' }] },
];

/** Phones 212-555-01xx then 718-555-01xx (fictional NANP, R5.2d: listed, never generated at send). */
export function phoneOf(i: number): string {
  const area = i < 100 ? '212' : '718';
  return `+1${area}55501${String(i % 100).padStart(2, '0')}`;
}

export function contactsFor(n: number, opts: { spanishEvery?: number; zip?: string } = {}): NewContact[] {
  return Array.from({ length: n }, (_, i) => {
    const phone = phoneOf(i);
    const zip = opts.zip ?? (i % 2 === 0 ? '10001' : undefined);
    const tz = resolveTimezones({ phone, zip: zip ?? null });
    const language: Lang = opts.spanishEvery && i % opts.spanishEvery === 0 ? 'es' : 'en';
    return {
      phone,
      firstName: `Voter${i}`,
      lastName: 'Test',
      ...(zip ? { zip } : {}),
      timezones: tz.zones,
      windowKey: windowKeyFor(tz),
      language,
      customFields: { precinct: `P${i % 7}` },
      importLine: i + 2,
    };
  });
}

/** One contact with its zones and window key computed the way the importer does (R2.4). */
export function contactAt(phone: string, extra: Partial<NewContact> = {}): NewContact {
  const tz = resolveTimezones({ phone, zip: extra.zip ?? null, state: extra.state ?? null });
  return { phone, firstName: 'Sam', lastName: 'Test', timezones: tz.zones, windowKey: windowKeyFor(tz), ...extra };
}

/** Claims a batch for `volunteerId` and presses Send on the first card. */
export async function claimAndSend(h: Harness, campaignId: string, volunteerId: string) {
  const claim = await h.engine.claims.claim(h.org.id, campaignId, volunteerId);
  if (!claim.ok || !claim.next) throw new Error(`claim failed: ${claim.ok ? 'empty' : claim.reason}`);
  const sent = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: volunteerId, interactionId: interaction(), platform: 'sandbox' });
  if (!sent.ok) throw new Error(`send failed: ${sent.reason}`);
  return { claim, sent, contact: claim.next };
}

/** A first text pressed and the voter's answer received: the contact and its conversation. */
export async function conversationAfterReply(h: Harness, campaignId: string, volunteerId: string, body: string) {
  const { contact } = await claimAndSend(h, campaignId, volunteerId);
  await h.settle();
  await h.engine.inbound.receive({ providerId: 'SMq', from: contact.phone, to: ORG_NUMBER, body, at: h.clock.now() });
  const conv = await h.store.conversations.findByContact(h.org.id, contact.id);
  if (!conv) throw new Error('no conversation after the voter replied');
  return { contact, conv };
}

/** A started campaign with `n` contacts. */
export type CampaignPatchForTest = Partial<Pick<Campaign, 'batchSize' | 'claimExpiryMinutes' | 'maxActiveClaimsPerVolunteer' | 'cannedReplies' | 'tags' | 'scripts' | 'windowOverride'>>;

export async function startedCampaign(h: Harness, n: number, patch: CampaignPatchForTest = {}, opts: { spanishEvery?: number; slug?: string; contacts?: NewContact[] } = {}): Promise<Campaign> {
  const created = await h.engine.campaigns.create(
    h.org.id,
    {
      slug: opts.slug ?? 'gotv',
      name: 'GOTV',
      scripts: patch.scripts ?? SCRIPTS,
      survey: SURVEY,
      ...(patch.windowOverride ? { windowOverride: patch.windowOverride } : {}),
      batchSize: patch.batchSize ?? 50,
      claimExpiryMinutes: patch.claimExpiryMinutes ?? 120,
      maxActiveClaimsPerVolunteer: patch.maxActiveClaimsPerVolunteer ?? 1,
      cannedReplies: patch.cannedReplies ?? [{ id: 'thanks', label: 'Thanks', text: { en: 'Thanks {firstName}!', es: '¡Gracias {firstName}!' } }],
      tags: patch.tags ?? [{ id: 'volunteer_lead', label: 'Volunteer lead' }],
    },
    h.organizer.id,
  );
  if (!created.ok) throw new Error(`create failed: ${created.reason}`);
  await h.store.contacts.insertMany(h.org.id, created.campaign.id, opts.contacts ?? contactsFor(n, opts));
  const started = await h.engine.campaigns.start(h.org.id, created.campaign.id, h.organizer.id);
  if (!started.ok) throw new Error(`start failed: ${started.reason} ${JSON.stringify(started.params)}`);
  return started.campaign;
}

let presses = 0;
/** A unique interaction id (R5.2b). */
export function interaction(): string {
  presses += 1;
  return `ix-${Date.now().toString(36)}-${presses}`;
}
