/**
 * Signed Twilio inbound webhooks into the real engine (memory store, in-process queue, simulated
 * carrier for the replies): a text routes only to the org owning the Messaging Service / number
 * it reached, never to another org (R1.2, R1.4, R1.6, R7.1). Real fastify on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type HttpServer } from '../../../src/app/server.js';
import { createLogger } from '../../../src/app/logger.js';
import { EMPTY_TWIML, twilioWebhooks } from '../../../src/adapters/twilio/twilio-webhooks.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../../../src/adapters/simulated-sms/index.js';
import { createEngine } from '../../../src/core/engine.js';
import type { Org } from '../../../src/core/model/org.js';
import type { Store } from '../../../src/core/ports.js';
import { postSigned } from '../../support/fake-twilio.js';
import { realTranslate } from '../../core/engine/harness.js';

const TOKEN = 'routing-test-auth-token-000000001';
const PUBLIC = 'https://textbank.example.org';
const MG_ONE = `MG${'1'.repeat(32)}`;
const MG_TWO = `MG${'2'.repeat(32)}`;
const ONE_NUMBER = '+12025550100';
const SERVICE_TWO_NUMBER = '+13125550100';
const VOTER = '+12125550143';

let app: HttpServer;
let base = '';
let store: Store;
let one: Org;
let two: Org;
const warnings: { obj: object; msg: string }[] = [];
let carrier: ReturnType<typeof createSimulatedCarrier>;
let queue: ReturnType<typeof createInProcessQueue>;
let n = 0;

beforeAll(async () => {
  const clock = { now: () => new Date('2026-11-17T15:00:00Z') };
  store = createMemoryStore({ clock });
  queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
  carrier = createSimulatedCarrier({ clock, onStatus: async () => undefined });
  const log = { warn: (obj: object, msg: string) => void warnings.push({ obj, msg }), error: () => undefined };
  const engine = createEngine({ store, queue, sms: carrier, clock, translate: await realTranslate(), log, config: { carrierHandlesKeywordReplies: true } });
  queue.process('chat.notify', async () => undefined);
  one = await store.orgs.create({ platform: 'slack', externalId: 'T-one', name: 'Org One', keywordReplies: 'textbank', sms: { numbers: [ONE_NUMBER], messagingServiceSid: MG_ONE } });
  two = await store.orgs.create({ platform: 'slack', externalId: 'T-two', name: 'Org Two', keywordReplies: 'textbank', sms: { numbers: [], messagingServiceSid: MG_TWO } });
  app = await buildServer({ logger: createLogger('silent'), probes: [] });
  await app.register(twilioWebhooks, { authToken: TOKEN, publicUrl: PUBLIC, clock, onInbound: async (m) => void (await engine.inbound.receive(m)), onStatus: async () => undefined });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
});

async function inbound(params: { To: string; MessagingServiceSid?: string; Body: string; From?: string }) {
  n += 1;
  const sid = `SM${String(n).padStart(32, '0')}`;
  const form = { MessageSid: sid, SmsSid: sid, AccountSid: `AC${'0'.repeat(32)}`, From: params.From ?? VOTER, NumMedia: '0', ...params };
  const res = await postSigned(`${base}/twilio/inbound`, form, { authToken: TOKEN, signUrl: `${PUBLIC}/twilio/inbound` });
  await queue.drain();
  return res;
}

describe('inbound routing by the exact receiving sender', () => {
  it("R1.4/R1.6: STOP to org Two's Messaging Service opts out in org Two only, with org Two's one confirmation from its service", async () => {
    const res = await inbound({ To: SERVICE_TWO_NUMBER, MessagingServiceSid: MG_TWO, Body: 'STOP' });
    expect(res).toMatchObject({ status: 200, body: EMPTY_TWIML });
    expect(await store.optOuts.isOptedOut(two.id, VOTER)).toBe(true);
    expect(await store.optOuts.isOptedOut(one.id, VOTER)).toBe(false);
    expect(await store.messages.listUnmatched(one.id)).toEqual([]);
    expect((await store.messages.listUnmatched(two.id)).map((m) => m.body)).toEqual(['STOP']);
    expect(carrier.sent()).toHaveLength(1);
    expect(carrier.sent()[0]).toMatchObject({ to: VOTER, messagingServiceSid: MG_TWO });
    expect(carrier.sent()[0]?.body).toMatch(/^Org Two: You are unsubscribed/);
  });

  it('a service and a number of different orgs, or a sender no org owns: kept unrouted, no org opts out, 200 so Twilio does not retry', async () => {
    const voter = '+12125550150';
    const mixed = await inbound({ To: ONE_NUMBER, MessagingServiceSid: MG_TWO, Body: 'STOP', From: voter });
    const unknown = await inbound({ To: '+19175550100', MessagingServiceSid: `MG${'9'.repeat(32)}`, Body: 'stop', From: voter });
    expect([mixed.status, unknown.status]).toEqual([200, 200]);
    expect(await store.optOuts.isOptedOut(one.id, voter)).toBe(false);
    expect(await store.optOuts.isOptedOut(two.id, voter)).toBe(false);
    expect((await store.unroutedInbound.listForSenders([ONE_NUMBER, '+19175550100'])).map((r) => [r.to, r.kind])).toEqual([
      [ONE_NUMBER, 'opt_out'],
      ['+19175550100', 'opt_out'],
    ]);
    const optOutWarnings = warnings.filter((w) => w.msg.startsWith('OPT-OUT to a sender no org owns'));
    expect(optOutWarnings).toHaveLength(2);
    // Never the voter's full number in the log.
    expect(JSON.stringify(warnings)).not.toContain(voter);
    expect(JSON.stringify(warnings)).not.toContain(voter.slice(2));
  });

  it("a number org One owns routes to org One even when org Two's service is not named", async () => {
    const voter = '+12125550160';
    await inbound({ To: ONE_NUMBER, Body: 'remove me', From: voter });
    expect(await store.optOuts.isOptedOut(one.id, voter)).toBe(true);
    expect(await store.optOuts.isOptedOut(two.id, voter)).toBe(false);
  });
});
