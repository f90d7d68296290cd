import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createEngine, type Engine } from '../../../src/core/engine.js';
import type { SmsGateway, SmsSendRequest } from '../../../src/core/ports.js';
import { claimAndSend, contactsFor, fakeClock, harness, interaction, ORG_SERVICE, SCRIPTS, startedCampaign, type Harness } from './harness.js';

describe('DispatchService', () => {
  it('transient errors before acceptance are requeued and retried with backoff; the carrier accepts once', async () => {
    const h = await harness({ config: { sendAttempts: 3 } });
    const c = await startedCampaign(h, 2);
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    h.carrier.script(claim.next.phone, { transientFailures: 2 });
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
    if (!r.ok) throw new Error(r.reason);
    await h.settle();
    const m = await h.store.messages.get(h.org.id, r.message.id);
    expect(m).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(m?.history.map((x) => [x.status, x.errorCode])).toEqual([
      ['queued', undefined], ['sending', undefined], ['queued', '20429'], ['sending', undefined], ['queued', '20429'], ['sending', undefined], ['sent', undefined], ['delivered', undefined],
    ]);
    expect(h.carrier.sent()).toHaveLength(1);
  });

  it('gives up after sendAttempts and marks the message failed (never an endless loop)', async () => {
    const h = await harness({ config: { sendAttempts: 2 } });
    const c = await startedCampaign(h, 1);
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    h.carrier.script(claim.next.phone, { transientFailures: 5 });
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
    if (!r.ok) throw new Error(r.reason);
    await h.settle();
    expect(await h.store.messages.get(h.org.id, r.message.id)).toMatchObject({ status: 'failed', errorCode: '20429', attempts: 2 });
    expect(h.carrier.sent()).toHaveLength(0);
    expect((await h.store.campaigns.get(h.org.id, c.id))?.counters).toMatchObject({ failed: 1, sent: 0 });
  });

  it('R4.7: 21211 -> invalid, 30004 -> do-not-contact opt-out, 30034 -> campaign halted', async () => {
    const h = await harness();
    const c = await startedCampaign(h, 3, { batchSize: 3 });
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok) throw new Error(claim.reason);
    const batch = [];
    for await (const x of h.store.contacts.streamByCampaign(h.org.id, c.id)) batch.push(x);
    h.carrier.script(batch[0]!.phone, { reject: { code: '21211', permanent: true } });
    h.carrier.script(batch[1]!.phone, { status: 'undelivered', errorCode: '30004' });
    h.carrier.script(batch[2]!.phone, { reject: { code: '30034', permanent: true } });
    for (const x of batch) {
      const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: x.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
      expect(r.ok).toBe(true);
      await h.settle();
    }
    expect((await h.store.contacts.get(h.org.id, batch[0]!.id))?.status).toBe('invalid');
    expect(await h.store.optOuts.get(h.org.id, batch[1]!.phone)).toMatchObject({ source: 'carrier', rule: 'error:30004' });
    expect((await h.store.contacts.get(h.org.id, batch[1]!.id))?.status).toBe('opted_out');
    expect((await h.store.campaigns.get(h.org.id, c.id))?.status).toBe('paused');
    expect(await h.store.audit.list(h.org.id, { action: 'campaign.halted' })).toHaveLength(1);
    const stats = await h.engine.stats.campaignStats(h.org.id, c.id);
    expect(stats.ok && stats.stats.failedByCode).toEqual({ '21211': 1, '30004': 1, '30034': 1 });
  });

  it('R4.7/R6.3: 30007 spam filtering is counted, and past the pause share of recent sends (after the minimum sample) first texts of the campaign are paused, the campaign itself stays active', async () => {
    const h = await harness();
    const alerts: unknown[] = [];
    h.queue.process('deliverability.alert', async (p) => void alerts.push(p));
    const c = await startedCampaign(h, 60, { batchSize: 60 });
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok) throw new Error(claim.reason);
    const batch = [];
    for await (const x of h.store.contacts.streamByCampaign(h.org.id, c.id)) batch.push(x);
    for (const x of batch.slice(0, 5)) h.carrier.script(x.phone, { status: 'undelivered', errorCode: '30007' });
    let refusedAt = -1;
    for (const [i, x] of batch.entries()) {
      const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: x.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
      await h.settle();
      if (!r.ok) {
        expect(r.reason).toBe('engine:send.campaign_initials_paused');
        refusedAt = i;
        break;
      }
    }
    // 5 spam of 50 outcomes (10% > 8%) is judged only once the window holds the minimum sample of 50.
    expect(refusedAt).toBe(50);
    const after = await h.store.campaigns.get(h.org.id, c.id);
    expect(after).toMatchObject({ status: 'active', counters: { spamFiltered: 5, sent: 50 }, initialsPause: { paused: true, by: 'guardrail', reason: { cause: 'carrier_violation', percent: 10, scope: 'campaign' } } });
    expect(await h.store.audit.list(h.org.id, { action: 'campaign.initials_paused' })).toHaveLength(1);
    expect(alerts).toEqual([expect.objectContaining({ campaignId: c.id, level: 'pause', cause: 'carrier_violation', percent: 10, size: 50, threshold: 8 })]);
  });

  it('R4.6: statuses reported before the provider id is stored are kept and applied; statuses only move forward', async () => {
    const clock = fakeClock();
    const store = createMemoryStore({ clock });
    const queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
    const requests: SmsSendRequest[] = [];
    const ref: { engine?: Engine } = {};
    const gateway: SmsGateway = {
      kind: 'simulated',
      async send(req) {
        requests.push(req);
        // The carrier's callbacks overtake the API response.
        expect(await ref.engine!.dispatch.applyStatus({ providerId: 'SM-early', status: 'sent', at: clock.now() })).toBe('early');
        expect(await ref.engine!.dispatch.applyStatus({ providerId: 'SM-early', status: 'delivered', at: clock.now() })).toBe('early');
        return { providerId: 'SM-early', status: 'queued' };
      },
    };
    const engine = createEngine({ store, queue, sms: gateway, clock, config: { statusCallbackUrl: 'https://tb.example.org/twilio/status' } });
    ref.engine = engine;
    const org = await store.orgs.create({ platform: 'sandbox', externalId: 'E', name: 'Texas Forward', sms: { numbers: [], messagingServiceSid: ORG_SERVICE } });
    const organizer = await store.members.upsert(org.id, { platformUserId: 'o', displayName: 'O', role: 'organizer' });
    const created = await engine.campaigns.create(org.id, { slug: 'x', name: 'X', scripts: SCRIPTS }, organizer.id);
    if (!created.ok) throw new Error(created.reason);
    await store.contacts.insertMany(org.id, created.campaign.id, contactsFor(1));
    await engine.campaigns.start(org.id, created.campaign.id, organizer.id);
    const h = { engine, org, store, clock, queue, volunteers: [organizer] } as unknown as Harness;
    const { sent } = await claimAndSend(h, created.campaign.id, organizer.id);
    await queue.drain();
    expect(requests[0]).toMatchObject({ messagingServiceSid: ORG_SERVICE, statusCallbackUrl: `https://tb.example.org/twilio/status?o=${org.id}&m=${sent.message.id}`, idempotencyKey: sent.message.id });
    expect(requests[0]?.from).toBeUndefined();
    const m = await store.messages.get(org.id, sent.message.id);
    expect(m).toMatchObject({ status: 'delivered', providerId: 'SM-early' });
    expect(await store.earlyStatuses.take('SM-early')).toEqual([]);
    // A late 'sent' never moves it back, and counters do not move twice.
    expect(await engine.dispatch.applyStatus({ providerId: 'SM-early', status: 'sent', at: clock.now() })).toBe('ignored');
    expect(await engine.dispatch.applyStatus({ providerId: 'SM-early', status: 'delivered', at: clock.now() })).toBe('ignored');
    expect(await engine.dispatch.applyStatus({ providerId: 'SM-early', status: 'accepted', at: clock.now() })).toBe('ignored');
    expect((await store.campaigns.get(org.id, created.campaign.id))?.counters).toMatchObject({ sent: 1, delivered: 1 });
  });

  it('R5.2(c)/R2.5: a queued text found by the sweeper after the window closed is failed, never sent late', async () => {
    const h = await harness({ registerHandlers: false });
    const c = await startedCampaign(h, 1);
    const { sent } = await claimAndSend(h, c.id, h.volunteers[0]!.id);
    h.clock.set(new Date('2026-11-18T03:00:00Z')); // 22:00 New York
    const w = h.worker();
    expect(await w.engine.dispatch.sweep()).toBe(1);
    await w.queue.drain();
    expect(h.carrier.attempts()).toEqual([]);
    expect(await h.store.messages.get(h.org.id, sent.message.id)).toMatchObject({ status: 'failed', errorCode: 'outside_window' });
  });

  it('R1.6: an opt-out confirmation that could not go out within 5 minutes is dropped', async () => {
    const h = await harness({ registerHandlers: false });
    const c = await startedCampaign(h, 1);
    const { contact } = await claimAndSend(h, c.id, h.volunteers[0]!.id);
    await h.engine.inbound.receive({ providerId: 'SM1', from: contact.phone, to: '+12025550199', body: 'STOP', at: h.clock.now() });
    const conv = await h.store.conversations.findByContact(h.org.id, contact.id);
    const confirmation = (await h.store.messages.listByConversation(h.org.id, conv!.id)).find((m) => m.kind === 'opt_out_confirmation')!;
    h.clock.advance(6 * 60_000);
    const w = h.worker();
    expect(await w.engine.dispatch.dispatch(h.org.id, confirmation.id)).toBe('blocked');
    expect(await h.store.messages.get(h.org.id, confirmation.id)).toMatchObject({ status: 'failed', errorCode: 'confirmation_late' });
    expect(h.carrier.attempts()).toEqual([]);
  });

  it('a status job with a Twilio status name is mapped (canceled -> failed) through the sms.status queue', async () => {
    const h = await harness({ statusViaQueue: true });
    const c = await startedCampaign(h, 1);
    const { sent } = await claimAndSend(h, c.id, h.volunteers[0]!.id);
    await h.settle();
    expect((await h.store.messages.get(h.org.id, sent.message.id))?.status).toBe('delivered');
    await h.queue.enqueue('sms.status', { providerId: 'SM-unknown', status: 'canceled', errorCode: 30001, at: h.clock.now().toISOString() });
    await h.queue.drain();
    expect(await h.store.earlyStatuses.take('SM-unknown')).toEqual([{ status: 'failed', at: h.clock.now(), errorCode: '30001' }]);
  });
});

describe('outbox sweep scheduling', () => {
  it('the repeating sweep re-enqueues itself once per sweepAfterMs bucket (restarts do not double the chain)', async () => {
    const h = await harness({ config: { sweepAfterMs: 60_000 } });
    const jobs: { name: string; payload: unknown; opts: unknown }[] = [];
    const enqueue = h.queue.enqueue.bind(h.queue);
    h.queue.enqueue = async (name, payload, opts) => {
      jobs.push({ name, payload, opts });
      return enqueue(name, payload, opts);
    };
    await h.engine.startSweeper();
    await h.engine.startSweeper(); // a second boot in the same minute: same job id
    const bucket = Math.floor(h.clock.now().getTime() / 60_000) + 1;
    expect(jobs).toEqual([
      { name: 'outbox.sweep', payload: { repeat: true }, opts: { delayMs: 60_000, jobId: `outbox.sweep:${bucket}` } },
      { name: 'outbox.sweep', payload: { repeat: true }, opts: { delayMs: 60_000, jobId: `outbox.sweep:${bucket}` } },
    ]);
    expect(h.queue.stats().delayed).toBe(1);
    h.clock.advance(60_000);
    expect(await h.engine.dispatch.handleSweep({ repeat: true })).toBe(0);
    expect(jobs.at(-1)).toMatchObject({ opts: { jobId: `outbox.sweep:${bucket + 1}` } });
    await h.queue.close();
  });
});

describe('DispatchService: a worker that dies mid-send (Outbox)', () => {
  async function pressOne(h: Harness) {
    const c = await startedCampaign(h, 1);
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
    if (!r.ok) throw new Error(r.reason);
    return { campaignId: c.id, message: r.message };
  }

  it('puts our message ids in the status callback URL, keeping its own query', async () => {
    const { callbackUrlFor } = await import('../../../src/core/conversations/dispatch-service.js');
    expect(callbackUrlFor('https://t.example.org/twilio/status?x=1', { orgId: 'o1', id: 'm1' })).toBe('https://t.example.org/twilio/status?x=1&o=o1&m=m1');
    const h = await harness({ config: { statusCallbackUrl: 'https://t.example.org/twilio/status' } });
    const { message } = await pressOne(h);
    await h.settle();
    expect(h.carrier.sent()[0]?.statusCallbackUrl).toBe(`https://t.example.org/twilio/status?o=${h.org.id}&m=${message.id}`);
  });

  it('R4.6: a callback naming our message adopts its provider id when the send reply was lost', async () => {
    const h = await harness({ registerHandlers: false });
    const { campaignId, message } = await pressOne(h);
    // The worker moved it to sending, the carrier accepted, then the worker died before recording the id.
    await h.store.messages.claimForSending(h.org.id, message.id, h.clock.now());
    const applied = await h.engine.dispatch.applyStatus({ providerId: 'SMlost0001', status: 'delivered', at: h.clock.now(), orgId: h.org.id, messageId: message.id });
    expect(applied).toBe('applied');
    expect(await h.store.messages.get(h.org.id, message.id)).toMatchObject({ providerId: 'SMlost0001', status: 'delivered' });
    expect((await h.store.campaigns.get(h.org.id, campaignId))?.counters).toMatchObject({ sent: 1, delivered: 1 });
    // A callback naming a message that already has another provider id is not trusted to re-point it.
    expect(await h.engine.dispatch.applyStatus({ providerId: 'SMother', status: 'failed', at: h.clock.now(), orgId: h.org.id, messageId: message.id })).toBe('early');
    expect((await h.store.messages.get(h.org.id, message.id))?.providerId).toBe('SMlost0001');
  });

  it('R5.2c: a send stuck in `sending` with no carrier id is failed as interrupted after the threshold, never resent', async () => {
    const h = await harness({ registerHandlers: false, config: { stuckSendingAfterMs: 10 * 60_000, sweepAfterMs: 60_000 } });
    const { campaignId, message } = await pressOne(h);
    await h.store.messages.claimForSending(h.org.id, message.id, h.clock.now());
    h.clock.advance(5 * 60_000);
    expect(await h.engine.dispatch.sweep()).toBe(0);
    expect((await h.store.messages.get(h.org.id, message.id))?.status).toBe('sending');
    h.clock.advance(6 * 60_000);
    expect(await h.engine.dispatch.sweep()).toBe(1);
    expect(await h.store.messages.get(h.org.id, message.id)).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
    expect(h.carrier.sent()).toHaveLength(0);
    const stats = await h.engine.stats.campaignStats(h.org.id, campaignId);
    expect(stats.ok && stats.stats.failedByCode).toEqual({ interrupted: 1 });
  });
});
