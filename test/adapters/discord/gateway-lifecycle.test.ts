// The gateway lifecycle without a websocket: the backoff schedule (pure), the classification of
// close codes and login errors, and the reconnect loop driven through an injected connect and
// manual timers (no clock, no waiting): retries follow the schedule, fatal causes retry slowly,
// readiness follows the session, stop() clears every timer.
import { describe, expect, it } from 'vitest';
import {
  classifyClose,
  classifyLoginError,
  createGatewayLifecycle,
  GATEWAY_BACKOFF,
  reconnectDelay,
  type GatewayFailure,
  type GatewayReport,
  type GatewaySessionEvents,
  type Timers,
} from '../../../src/adapters/discord/index.js';

describe('reconnectDelay (pure)', () => {
  it('doubles from 1 s with equal jitter (half fixed, half random) and is capped at 60 s', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => reconnectDelay(n, false, 0));
    const high = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => reconnectDelay(n, false, 0.999999));
    expect(low).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(reconnectDelay(3, false, 0.5)).toBe(3_000);
  });

  it('fatal causes wait 5 minutes, whatever the attempt; odd inputs stay in range', () => {
    expect([1, 2, 50].map((n) => reconnectDelay(n, true, 0.3))).toEqual([300_000, 300_000, 300_000]);
    expect(reconnectDelay(0, false, -1)).toBe(500);
    expect(reconnectDelay(10_000, false, 2)).toBe(GATEWAY_BACKOFF.capMs);
  });
});

describe('classifying gateway failures', () => {
  it('close codes: 4014 and 4004 are named; 4010-4013 refused; the rest transient', () => {
    expect(classifyClose(4014)).toMatchObject({ kind: 'disallowed_intents', fatal: true, code: 4014 });
    expect(classifyClose(4004)).toMatchObject({ kind: 'auth_failed', fatal: true, code: 4004 });
    expect([4010, 4011, 4012, 4013].map((c) => classifyClose(c).kind)).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect([1006, 4000, 4008, 4009].map((c) => classifyClose(c).fatal)).toEqual([false, false, false, false]);
  });

  it('login errors: discord.js messages and TokenInvalid; a close code seen during the login wins', () => {
    expect(classifyLoginError(new Error('Used disallowed intents'))).toMatchObject({ kind: 'disallowed_intents', code: 4014 });
    expect(classifyLoginError(new Error('Authentication failed'))).toMatchObject({ kind: 'auth_failed', code: 4004 });
    expect(classifyLoginError(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }))).toMatchObject({ kind: 'auth_failed', fatal: true });
    expect(classifyLoginError(new Error('whatever'), 4014)).toMatchObject({ kind: 'disallowed_intents' });
    expect(classifyLoginError(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toEqual({ kind: 'transient', fatal: false, reason: 'connect ECONNREFUSED 127.0.0.1:1' });
  });
});

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      next += 1;
      pending.set(next, { fn, ms });
      return next;
    },
    clear: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pending,
    /** Runs the pending timer with this delay. */
    fire(ms: number) {
      const entry = [...pending.entries()].find(([, t]) => t.ms === ms);
      if (!entry) throw new Error(`no timer of ${ms} ms (pending: ${[...pending.values()].map((t) => t.ms).join(', ')})`);
      pending.delete(entry[0]);
      entry[1].fn();
    },
  };
}

function harness(opts: { quickReconnects?: number } = {}) {
  const clock = manualTimers();
  const sessions: { events: GatewaySessionEvents; closed: boolean }[] = [];
  const reports: GatewayReport[] = [];
  // The schedule under test: 1 s doubling to a 60 s cap for transient causes, 5 min for fatal ones.
  const delay = (attempt: number, f: GatewayFailure) => reconnectDelay(attempt, f.fatal, 0.999999);
  const life = createGatewayLifecycle({
    connect: (events) => {
      const s = { events, closed: false };
      sessions.push(s);
      return { close: async () => void (s.closed = true) };
    },
    delay,
    report: (r) => void reports.push(r),
    timers: clock.timers,
    stallMs: 90_000,
    ...opts,
  });
  const last = () => sessions.at(-1)!;
  return { life, clock, sessions, reports, last };
}

describe('the gateway lifecycle', () => {
  it('a 4014 at login: down with the cause, retried every 5 minutes, ready once fixed', async () => {
    const { life, clock, sessions, reports, last } = harness();
    expect(life.state()).toBe('idle');
    life.start();
    expect(life.state()).toBe('connecting');
    await expect(life.ping()).rejects.toThrow(/discord gateway connecting/);
    last().events.lost(classifyClose(4014));
    expect(life.state()).toBe('down');
    expect(sessions[0]!.closed).toBe(true);
    await expect(life.ping()).rejects.toThrow('discord gateway down: close code 4014, disallowed intents');
    expect(reports).toEqual([{ type: 'failed', failure: classifyClose(4014), attempt: 1, retryInMs: 300_000 }]);
    clock.fire(300_000);
    expect(sessions).toHaveLength(2);
    last().events.lost(classifyClose(4014));
    expect(reports.at(-1)).toMatchObject({ type: 'failed', attempt: 2, retryInMs: 300_000 });
    clock.fire(300_000);
    last().events.ready();
    expect(life.state()).toBe('ready');
    await expect(life.ping()).resolves.toBeUndefined();
    expect(life.lastFailure()).toBeUndefined();
    expect(reports.at(-1)).toEqual({ type: 'connected', after: 2 });
  });

  it('transient failures follow the exponential schedule up to the cap, and reset after a ready', () => {
    const { life, clock, sessions, reports, last } = harness();
    life.start();
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      last().events.lost({ kind: 'transient', fatal: false, reason: 'connect ECONNREFUSED' });
      const r = reports.at(-1) as Extract<GatewayReport, { type: 'failed' }>;
      waits.push(r.retryInMs);
      clock.fire(r.retryInMs);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(sessions).toHaveLength(9);
    last().events.ready();
    last().events.lost({ kind: 'transient', fatal: false, reason: 'reset' });
    expect(reports.at(-1)).toMatchObject({ type: 'failed', attempt: 1, retryInMs: 1_000 });
  });

  it('discord.js reconnecting on its own keeps the session; repeated closes without a ready hand over to the backoff', () => {
    const { life, clock, sessions, reports, last } = harness({ quickReconnects: 3 });
    life.start();
    last().events.ready();
    last().events.reconnecting(1006);
    expect(life.state()).toBe('connecting');
    last().events.ready();
    expect(life.state()).toBe('ready');
    expect(sessions).toHaveLength(1);
    for (let i = 0; i < 3; i += 1) last().events.reconnecting(1006);
    expect(sessions[0]!.closed).toBe(true);
    expect(reports.at(-1)).toMatchObject({ type: 'failed', failure: { kind: 'transient', code: 1006 }, retryInMs: 1_000 });
    clock.fire(1_000);
    expect(sessions).toHaveLength(2);
  });

  it('a session never ready within stallMs is dropped and retried', () => {
    const { life, clock, sessions, reports } = harness();
    life.start();
    clock.fire(90_000);
    expect(sessions[0]!.closed).toBe(true);
    expect(reports.at(-1)).toMatchObject({ type: 'failed', failure: { kind: 'transient', reason: 'not ready after 90 s' } });
  });

  it('events of an old session are ignored; stop() closes the session and clears every timer', async () => {
    const { life, clock, sessions, reports, last } = harness();
    life.start();
    const first = last();
    first.events.lost(classifyClose(4004));
    clock.fire(300_000);
    first.events.ready();
    expect(life.state()).toBe('connecting');
    expect(reports).toHaveLength(1);
    await life.stop();
    expect(life.state()).toBe('stopped');
    expect(sessions[1]!.closed).toBe(true);
    expect(clock.pending.size).toBe(0);
    last().events.lost(classifyClose(4014));
    expect(clock.pending.size).toBe(0);
    await expect(life.ping()).rejects.toThrow(/stopped/);
  });
});
