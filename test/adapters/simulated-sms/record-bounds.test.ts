import { describe, expect, it } from 'vitest';
import { createSimulatedCarrier } from '../../../src/adapters/simulated-sms/index.js';
import type { StatusCallback } from '../../../src/adapters/simulated-sms/index.js';
import type { SmsSendRequest } from '../../../src/core/ports.js';

const clock = { now: () => new Date('2026-11-17T17:00:00Z') };
const req = (i: number): SmsSendRequest => ({ to: `+1212555${String(100 + (i % 100)).padStart(4, '0')}`, from: '+12025550199', body: `text ${i}`, idempotencyKey: `k${i}` });

describe('simulated carrier: memory stays bounded in a long-running sandbox', () => {
  it('keeps only the newest keepRecords sends, attempts, callbacks and inbound texts', async () => {
    const seen: StatusCallback[] = [];
    const carrier = createSimulatedCarrier({ clock, keepRecords: 5, onStatus: (cb) => void seen.push(cb), onInbound: () => undefined });
    for (let i = 0; i < 12; i += 1) await carrier.send(req(i));
    await carrier.flush();
    for (let i = 0; i < 7; i += 1) await carrier.injectReply({ from: req(i).to, to: '+12025550199', body: `reply ${i}` });
    expect(seen).toHaveLength(24); // every callback was still delivered
    expect(carrier.sent().map((s) => s.body)).toEqual(['text 7', 'text 8', 'text 9', 'text 10', 'text 11']);
    expect(carrier.attempts().map((a) => a.idempotencyKey)).toEqual(['k7', 'k8', 'k9', 'k10', 'k11']);
    expect(carrier.callbacks()).toHaveLength(5);
    expect(carrier.callbacks().at(-1)).toEqual(seen.at(-1));
    expect(carrier.inbound().map((m) => m.body)).toEqual(['reply 2', 'reply 3', 'reply 4', 'reply 5', 'reply 6']);
  });

  it('forgets the oldest final statuses beyond keepStatuses, never a message still queued or sent', async () => {
    let release: () => void = () => undefined;
    let delivered = 0;
    const held = new Promise<void>((r) => (release = r));
    const carrier = createSimulatedCarrier({
      clock,
      keepStatuses: 3,
      // The first message's callbacks wait, so it stays `queued` at the carrier meanwhile.
      onStatus: async (cb) => {
        if (cb.providerId === first) await held;
        else if (cb.status === 'delivered') delivered += 1;
      },
    });
    const first = (await carrier.send(req(0))).providerId;
    const later: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      later.push((await carrier.send({ ...req(i), to: `+1718555${String(100 + i).padStart(4, '0')}` })).providerId);
    }
    while (delivered < 5) await new Promise((r) => setTimeout(r, 5));
    expect(await carrier.fetchStatus(first)).toMatchObject({ status: 'sent' });
    const known = await Promise.all(later.map((id) => carrier.fetchStatus(id)));
    expect(known.filter((k) => k === null).length).toBeGreaterThanOrEqual(2);
    expect(known.at(-1)).toMatchObject({ status: 'delivered' });
    release();
    await carrier.flush();
  });
});
