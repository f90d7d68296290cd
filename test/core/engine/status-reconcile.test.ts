// Lost status callbacks (R4.6): the sweeper asks the carrier about messages it accepted that are
// still `sending` (or `sent` past their validity period) and applies the answer exactly like a
// callback: forward only, counters and R4.7 actions once; a late callback never moves one back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createTwilioGateway } from '../../../src/adapters/twilio/twilio-gateway.js';
import { createEngine } from '../../../src/core/engine.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';
import { harness, interaction, ORG_SERVICE, realTranslate, startedCampaign, type Harness } from './harness.js';

const MIN = 60_000;

/** Presses Send on `n` cards and dispatches each; every status callback is lost (no sms.status worker). */
async function sentWithLostCallbacks(h: Harness, n: number, campaignId: string) {
  const claim = await h.engine.claims.claim(h.org.id, campaignId, h.volunteers[0]!.id);
  if (!claim.ok) throw new Error(claim.reason);
  const ids: string[] = [];
  let next = claim.next;
  for (let i = 0; i < n && next; i += 1) {
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: next.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
    if (!r.ok) throw new Error(r.reason);
    expect(await h.engine.dispatch.handleSend({ orgId: h.org.id, messageId: r.message.id })).toBe('sent');
    ids.push(r.message.id);
    next = r.next;
  }
  await h.carrier.flush(); // the callbacks go to a queue nobody works: lost
  return ids;
}

async function lostHarness(config: Record<string, number> = {}) {
  const h = await harness({ registerHandlers: false, statusViaQueue: true, config: { statusReconcilePerSecond: 1000, ...config } });
  const campaign = await startedCampaign(h, 6, { batchSize: 6 });
  return { h, campaign };
}

describe('status reconcile of lost callbacks (R4.6)', () => {
  it('applies delivered as a callback would, once; a late callback does not move it back', async () => {
    const { h, campaign } = await lostHarness();
    const [ok, other] = await sentWithLostCallbacks(h, 2, campaign.id);
    const otherMessage = (await h.store.messages.get(h.org.id, other!))!;
    expect(otherMessage.status).toBe('sending');
    expect(otherMessage.providerId).toBeDefined();
    // The simulated carrier recorded what happened even though no callback reached us.
    expect(await h.carrier.fetchStatus(otherMessage.providerId!)).toMatchObject({ status: 'delivered' });

    // Before the stale period nothing is asked.
    h.clock.advance(5 * MIN);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(0);
    expect((await h.store.messages.get(h.org.id, ok!))?.status).toBe('sending');

    h.clock.advance(11 * MIN);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(2);
    expect(await h.store.messages.get(h.org.id, ok!)).toMatchObject({ status: 'delivered' });
    const counters = (await h.store.campaigns.get(h.org.id, campaign.id))!.counters;
    expect(counters).toMatchObject({ sent: 2, delivered: 2, failed: 0 });

    // A callback that arrives late moves nothing back and counts nothing twice.
    const message = (await h.store.messages.get(h.org.id, ok!))!;
    expect(await h.engine.dispatch.applyStatus({ providerId: message.providerId!, status: 'sent', at: h.clock.now() })).toBe('ignored');
    expect(await h.engine.dispatch.applyStatus({ providerId: message.providerId!, status: 'delivered', at: h.clock.now() })).toBe('ignored');
    expect((await h.store.messages.get(h.org.id, ok!))?.status).toBe('delivered');
    expect((await h.store.campaigns.get(h.org.id, campaign.id))!.counters.delivered).toBe(2);
  });

  it('undelivered with an error code: message, failure counters, error tally and the contact (30006 landline)', async () => {
    const { h, campaign } = await lostHarness();
    const probe = await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[0]!.id);
    if (!probe.ok || !probe.next) throw new Error('claim');
    h.carrier.script(probe.next.phone, { status: 'undelivered', errorCode: '30006' });
    await h.engine.claims.release(h.org.id, probe.claim.id, h.volunteers[0]!.id);
    const [id] = await sentWithLostCallbacks(h, 1, campaign.id);
    const message = (await h.store.messages.get(h.org.id, id!))!;
    expect(message.voterPhone).toBe(probe.next.phone);
    h.clock.advance(16 * MIN);
    expect(await h.engine.dispatch.sweep()).toBeGreaterThanOrEqual(1);
    expect(await h.store.messages.get(h.org.id, id!)).toMatchObject({ status: 'undelivered', errorCode: '30006' });
    expect((await h.store.campaigns.get(h.org.id, campaign.id))!.counters).toMatchObject({ failed: 1, delivered: 0 });
    expect(await h.store.tallies.get(h.org.id, `campaign:${campaign.id}:errors`)).toEqual({ '30006': 1 });
    expect((await h.store.contacts.get(h.org.id, message.contactId!))?.status).toBe('landline');
    // The late callbacks change nothing.
    expect(await h.engine.dispatch.applyStatus({ providerId: message.providerId!, status: 'sent', at: h.clock.now() })).toBe('ignored');
    expect(await h.engine.dispatch.applyStatus({ providerId: message.providerId!, status: 'undelivered', errorCode: '30006', at: h.clock.now() })).toBe('ignored');
    expect((await h.store.campaigns.get(h.org.id, campaign.id))!.counters.failed).toBe(1);
    expect(await h.store.tallies.get(h.org.id, `campaign:${campaign.id}:errors`)).toEqual({ '30006': 1 });
  });

  it('asks about at most statusReconcileBatch messages per sweep, a few per second', async () => {
    const { h, campaign } = await lostHarness({ statusReconcileBatch: 2, statusReconcilePerSecond: 20 });
    const ids = await sentWithLostCallbacks(h, 5, campaign.id);
    const asked: string[] = [];
    const fetch = h.carrier.fetchStatus.bind(h.carrier);
    h.carrier.fetchStatus = async (providerId) => {
      asked.push(providerId);
      return fetch(providerId);
    };
    h.clock.advance(16 * MIN);
    const started = Date.now();
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45); // 2 look-ups at 20/s: one 50 ms gap
    expect(asked).toHaveLength(2);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(2);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(1);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(0);
    expect(asked).toHaveLength(5);
    for (const id of ids) expect((await h.store.messages.get(h.org.id, id))?.status).toBe('delivered');
  });

  it('a `sent` message waits out its validity period before the carrier is asked; unchanged answers wait another period', async () => {
    const { h, campaign } = await lostHarness();
    const [id] = await sentWithLostCallbacks(h, 1, campaign.id);
    const message = (await h.store.messages.get(h.org.id, id!))!;
    // Only the first callback arrived.
    expect(await h.engine.dispatch.applyStatus({ providerId: message.providerId!, status: 'sent', at: h.clock.now() })).toBe('applied');
    const validityMs = (message.validityPeriod ?? 36_000) * 1000;
    const asked: string[] = [];
    h.carrier.fetchStatus = async (providerId) => {
      asked.push(providerId);
      return { status: 'sent', at: h.clock.now() }; // no delivery receipt yet
    };
    h.clock.advance(16 * MIN);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(0);
    expect(asked).toEqual([]);
    h.clock.advance(validityMs);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(0);
    expect(asked).toHaveLength(1);
    expect(await h.engine.dispatch.reconcileStatuses()).toBe(0);
    expect(asked).toHaveLength(1); // checked just now: not asked again this sweep
    expect((await h.store.messages.get(h.org.id, id!))?.status).toBe('sent');
  });
});

describe('status reconcile through the Twilio gateway against the fake Twilio API (real HTTP)', () => {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio(); // no callbacks: every status callback is lost
  });
  afterAll(async () => {
    await fake.close();
  });

  it('a crash-lost callback: GET Messages/{Sid}.json with auth, delivered and undelivered 30003 applied once', async () => {
    const h = await harness({ registerHandlers: false });
    const campaign = await startedCampaign(h, 2, { batchSize: 2 });
    const queue = createInProcessQueue({ clock: h.clock, logger: { error: () => undefined } });
    const twilio = createTwilioGateway({ accountSid: fake.accountSid, authToken: fake.authToken, messagingServiceSid: ORG_SERVICE, apiBaseUrl: fake.url, statusCallbackUrl: 'https://textbank.example.org/twilio/status' });
    const engine = createEngine({ store: h.store, queue, sms: twilio, clock: h.clock, config: { retryBackoffMs: 0, statusReconcilePerSecond: 1000 }, translate: await realTranslate(), registerHandlers: false });
    const claim = await engine.claims.claim(h.org.id, campaign.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const ids: string[] = [];
    let next: typeof claim.next | null = claim.next;
    while (next) {
      if (ids.length === 1) fake.script(next.phone, { callbacks: ['sent', 'undelivered'], errorCode: '30003' });
      const r = await engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: next.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
      if (!r.ok) throw new Error(r.reason);
      expect(await engine.dispatch.handleSend({ orgId: h.org.id, messageId: r.message.id })).toBe('sent');
      ids.push(r.message.id);
      next = r.next;
    }
    const before = await Promise.all(ids.map((id) => h.store.messages.get(h.org.id, id)));
    expect(before.map((m) => m?.status)).toEqual(['sending', 'sending']);
    h.clock.advance(16 * MIN);
    expect(await engine.dispatch.sweep()).toBe(2);
    const gets = fake.requests.filter((r) => r.method === 'GET');
    expect(gets.map((g) => g.path).sort()).toEqual(before.map((m) => `/2010-04-01/Accounts/${fake.accountSid}/Messages/${m!.providerId}.json`).sort());
    expect(gets.every((g) => g.auth?.user === fake.accountSid && g.auth.pass === fake.authToken)).toBe(true);
    expect(await h.store.messages.get(h.org.id, ids[0]!)).toMatchObject({ status: 'delivered' });
    expect(await h.store.messages.get(h.org.id, ids[1]!)).toMatchObject({ status: 'undelivered', errorCode: '30003' });
    expect((await h.store.campaigns.get(h.org.id, campaign.id))!.counters).toMatchObject({ sent: 2, delivered: 1, failed: 1 });
    // Nothing left to ask; the callbacks Twilio retries later are ignored.
    expect(await engine.dispatch.reconcileStatuses()).toBe(0);
    expect(await engine.dispatch.applyStatus({ providerId: before[0]!.providerId!, status: 'sent', at: h.clock.now() })).toBe('ignored');
    expect((await h.store.messages.get(h.org.id, ids[0]!))?.status).toBe('delivered');
  });
});
