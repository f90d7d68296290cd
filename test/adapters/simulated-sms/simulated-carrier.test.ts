import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSimulatedCarrier, PROVIDER_ID_PATTERN } from '../../../src/adapters/simulated-sms/index.js';
import type { InboundSms, SimulatedCarrierOptions, StatusCallback } from '../../../src/adapters/simulated-sms/index.js';
import { SmsError } from '../../../src/core/errors.js';
import type { SmsSendRequest } from '../../../src/core/ports.js';

const T0 = new Date('2026-05-01T15:00:00Z');
const VOTER = '+12025550143';
const ORG = '+13125550100';

function setup(extra: Partial<SimulatedCarrierOptions> = {}) {
  let now = T0;
  const clock = { now: () => now };
  const statuses: StatusCallback[] = [];
  const inbound: InboundSms[] = [];
  const carrier = createSimulatedCarrier({
    clock,
    onStatus: (cb) => {
      statuses.push(cb);
    },
    onInbound: (m) => {
      inbound.push(m);
    },
    ...extra,
  });
  return { carrier, statuses, inbound, setNow: (d: Date) => (now = d) };
}

const req = (over: Partial<SmsSendRequest> = {}): SmsSendRequest => ({
  to: VOTER,
  body: 'Hi Ana, this is Sam with Vote Forward.',
  messagingServiceSid: 'MG00000000000000000000000000000000',
  idempotencyKey: 'msg-1',
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<SmsError> {
  const err = await p.then(
    () => {
      throw new Error('expected send to throw');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsError);
  return err as SmsError;
}

describe('simulated carrier', () => {
  it('is an SmsGateway of kind simulated', () => {
    expect(setup().carrier.kind).toBe('simulated');
  });

  it('by default reports sent then delivered, after send() has returned', async () => {
    const { carrier, statuses } = setup();
    const { providerId } = await carrier.send(req());
    expect(statuses).toEqual([]); // asynchronous: nothing before send returned
    await carrier.flush();
    expect(statuses).toEqual([
      { providerId, status: 'sent', at: T0 },
      { providerId, status: 'delivered', at: T0 },
    ]);
    expect(carrier.callbacks()).toEqual(statuses);
  });

  it('mints Twilio-shaped provider ids: SM + 32 hex, unique and deterministic per instance', async () => {
    const a = setup().carrier;
    const b = setup().carrier;
    const idsA = [];
    const idsB = [];
    for (let i = 0; i < 50; i += 1) {
      idsA.push((await a.send(req({ idempotencyKey: `k${i}` }))).providerId);
      idsB.push((await b.send(req({ idempotencyKey: `k${i}` }))).providerId);
    }
    for (const id of idsA) expect(id).toMatch(PROVIDER_ID_PATTERN);
    expect(idsA[0]).toMatch(/^SM[0-9a-f]{32}$/);
    expect(new Set(idsA).size).toBe(50);
    expect(idsB).toEqual(idsA); // same seed, same counter -> same ids: no module-level state
    const c = setup({ idSeed: 'other' }).carrier;
    expect((await c.send(req())).providerId).not.toBe(idsA[0]);
    await Promise.all([a.flush(), b.flush(), c.flush()]);
  });

  it('records every accepted send with its fields and the clock time', async () => {
    const { carrier, setNow } = setup();
    const first = await carrier.send(req({ validityPeriod: 14_400, statusCallbackUrl: 'https://x.test/twilio/status' }));
    setNow(new Date('2026-05-01T15:05:00Z'));
    const second = await carrier.send(req({ to: '+12025550144', body: 'Hola', messagingServiceSid: undefined, from: ORG, idempotencyKey: 'msg-2' }));
    expect(carrier.sent()).toEqual([
      {
        to: VOTER,
        body: 'Hi Ana, this is Sam with Vote Forward.',
        messagingServiceSid: 'MG00000000000000000000000000000000',
        validityPeriod: 14_400,
        statusCallbackUrl: 'https://x.test/twilio/status',
        idempotencyKey: 'msg-1',
        providerId: first.providerId,
        at: T0,
      },
      { to: '+12025550144', body: 'Hola', from: ORG, idempotencyKey: 'msg-2', providerId: second.providerId, at: new Date('2026-05-01T15:05:00Z') },
    ]);
    // sent() hands out a copy
    carrier.sent().pop();
    expect(carrier.sent()).toHaveLength(2);
    await carrier.flush();
  });

  it('R1.8: a number scripted to reject with 21610 throws a permanent SmsError, records no send and reports no callback', async () => {
    const { carrier, statuses } = setup();
    carrier.script(VOTER, { reject: { code: '21610', permanent: true } });
    const err = await rejection(carrier.send(req()));
    expect(err.smsCode).toBe('21610');
    expect(err.permanent).toBe(true);
    await carrier.flush();
    expect(statuses).toEqual([]);
    expect(carrier.sent()).toEqual([]);
    expect(carrier.attempts()).toEqual([
      { to: VOTER, idempotencyKey: 'msg-1', at: T0, outcome: 'rejected', error: { code: '21610', permanent: true } },
    ]);
    // other numbers are unaffected
    await carrier.send(req({ to: '+12025550199' }));
    expect(carrier.sent()).toHaveLength(1);
    await carrier.flush();
  });

  it('R4.7: a number scripted 30007 is accepted, then reported sent and undelivered with the code', async () => {
    const { carrier, statuses } = setup();
    carrier.script(VOTER, { status: 'undelivered', errorCode: '30007' });
    const { providerId } = await carrier.send(req());
    await carrier.flush();
    expect(statuses.map(({ providerId: p, status, errorCode }) => ({ p, status, errorCode }))).toEqual([
      { p: providerId, status: 'sent', errorCode: undefined },
      { p: providerId, status: 'undelivered', errorCode: '30007' },
    ]);
    expect(carrier.sent()).toHaveLength(1);
  });

  it('a number scripted failed reports only failed with its code', async () => {
    const { carrier, statuses } = setup();
    carrier.script(VOTER, { status: 'failed', errorCode: '30006' });
    const { providerId } = await carrier.send(req());
    await carrier.flush();
    expect(statuses).toEqual([{ providerId, status: 'failed', errorCode: '30006', at: T0 }]);
  });

  it('transientFailures: the first n sends throw a non-permanent SmsError, then sends go through', async () => {
    const { carrier, statuses } = setup();
    carrier.script(VOTER, { transientFailures: 2 });
    for (let i = 0; i < 2; i += 1) {
      const err = await rejection(carrier.send(req()));
      expect(err.smsCode).toBe('20429');
      expect(err.permanent).toBe(false);
    }
    const { providerId } = await carrier.send(req());
    await carrier.flush();
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered']);
    expect(carrier.attempts().map((a) => a.outcome)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(carrier.sent().map((s) => s.providerId)).toEqual([providerId]);
  });

  it('transientFailures composes with a later status and a custom code', async () => {
    const { carrier, statuses } = setup();
    carrier.script(VOTER, { transientFailures: 1, transientCode: 'network', status: 'undelivered', errorCode: '30003' });
    expect((await rejection(carrier.send(req()))).smsCode).toBe('network');
    await carrier.send(req());
    await carrier.flush();
    expect(statuses.map((s) => [s.status, s.errorCode])).toEqual([
      ['sent', undefined],
      ['undelivered', '30003'],
    ]);
  });

  it('R4.6: callbackBeforeReturn delivers the callbacks before send() resolves', async () => {
    const order: string[] = [];
    const { carrier } = setup({
      onStatus: async (cb) => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`callback ${cb.status} ${cb.providerId}`);
      },
    });
    carrier.script(VOTER, { callbackBeforeReturn: true });
    const { providerId } = await carrier.send(req());
    order.push(`returned ${providerId}`);
    expect(order).toEqual([`callback sent ${providerId}`, `callback delivered ${providerId}`, `returned ${providerId}`]);
  });

  it('without callbackBeforeReturn, send() returns before the first callback even when onStatus is slow', async () => {
    const order: string[] = [];
    const { carrier } = setup({
      onStatus: async (cb) => {
        order.push(`callback ${cb.status}`);
      },
    });
    await carrier.send(req());
    order.push('returned');
    await carrier.flush();
    expect(order).toEqual(['returned', 'callback sent', 'callback delivered']);
  });

  it('statusDelayMs spaces the callbacks; flush() waits for them', async () => {
    const { carrier, statuses } = setup({ statusDelayMs: 40 });
    const t0 = Date.now();
    await carrier.send(req());
    await new Promise((r) => setTimeout(r, 10));
    expect(statuses).toEqual([]);
    await carrier.flush();
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
  });

  it('with rng, callbacks of different messages interleave but each message keeps sent before delivered', async () => {
    const draws = [0.9, 0.1, 0.1, 0.1]; // message A waits long, B is quick
    const { carrier, statuses } = setup({ statusDelayMs: 50, rng: () => draws.shift() ?? 0 });
    const a = await carrier.send(req({ idempotencyKey: 'a' }));
    const b = await carrier.send(req({ to: '+12025550144', idempotencyKey: 'b' }));
    await carrier.flush();
    const name = (id: string) => (id === a.providerId ? 'A' : id === b.providerId ? 'B' : '?');
    expect(statuses.map((s) => `${name(s.providerId)}:${s.status}`)).toEqual(['B:sent', 'B:delivered', 'A:sent', 'A:delivered']);
  });

  it('script(phone, null) restores the default behaviour', async () => {
    const { carrier } = setup();
    carrier.script(VOTER, { reject: { code: '21211', permanent: true } });
    await rejection(carrier.send(req()));
    carrier.script(VOTER, null);
    await carrier.send(req());
    expect(carrier.sent()).toHaveLength(1);
    await carrier.flush();
  });

  it("validates like Twilio's API: bad To 21211, empty body 21602, no sender 21603, over 1600 chars 21617", async () => {
    const { carrier } = setup();
    expect((await rejection(carrier.send(req({ to: '2025550143' })))).smsCode).toBe('21211');
    expect((await rejection(carrier.send(req({ body: '' })))).smsCode).toBe('21602');
    expect((await rejection(carrier.send(req({ messagingServiceSid: undefined })))).smsCode).toBe('21603');
    expect((await rejection(carrier.send(req({ body: 'x'.repeat(1601) })))).smsCode).toBe('21617');
    expect(carrier.sent()).toEqual([]);
  });

  it('flush() surfaces an error thrown by onStatus, once', async () => {
    const seen: unknown[] = [];
    const { carrier } = setup({
      onStatus: (cb) => {
        if (cb.status === 'delivered') throw new Error('handler broke');
      },
      onError: (e) => seen.push(e),
    });
    await carrier.send(req());
    await expect(carrier.flush()).rejects.toThrow('handler broke');
    expect(seen).toHaveLength(1);
    await expect(carrier.flush()).resolves.toBeUndefined();
  });

  it('injectReply hands the voter text to onInbound with a unique SM id and waits for it', async () => {
    const { carrier, inbound, setNow } = setup();
    const sentId = (await carrier.send(req())).providerId;
    setNow(new Date('2026-05-01T15:10:00Z'));
    const m1 = await carrier.injectReply({ from: VOTER, to: ORG, body: 'who is this?' });
    const m2 = await carrier.injectReply({ from: VOTER, to: ORG, body: 'STOP' });
    expect(inbound).toEqual([m1, m2]);
    expect(m1).toEqual({ providerId: m1.providerId, from: VOTER, to: ORG, body: 'who is this?', at: new Date('2026-05-01T15:10:00Z') });
    for (const m of [m1, m2]) expect(m.providerId).toMatch(PROVIDER_ID_PATTERN);
    expect(new Set([sentId, m1.providerId, m2.providerId]).size).toBe(3);
    expect(carrier.inbound()).toEqual([m1, m2]);
    await carrier.flush();
  });

  it('injectReply awaits an async onInbound before resolving', async () => {
    let handled = false;
    const { carrier } = setup({
      onInbound: async () => {
        await new Promise((r) => setTimeout(r, 10));
        handled = true;
      },
    });
    await carrier.injectReply({ from: VOTER, to: ORG, body: 'yes' });
    expect(handled).toBe(true);
  });

  it('injectReply without an onInbound handler throws', async () => {
    const carrier = createSimulatedCarrier({ clock: { now: () => T0 }, onStatus: () => undefined });
    await expect(carrier.injectReply({ from: VOTER, to: ORG, body: 'hi' })).rejects.toThrow('no onInbound');
  });

  it('an explicit await flush() keeps the process alive while callbacks wait on (unref) timers', () => {
    const script = [
      "import { createSimulatedCarrier } from './src/adapters/simulated-sms/index.ts';",
      'let n = 0;',
      'const c = createSimulatedCarrier({ clock: { now: () => new Date() }, statusDelayMs: 50, onStatus: () => { n += 1; } });',
      "await c.send({ to: '+12025550143', body: 'hi', messagingServiceSid: 'MG1', idempotencyKey: 'k' });",
      'await c.flush();',
      "console.log('callbacks', n);",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../../../', import.meta.url),
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('callbacks 2');
  });
});
