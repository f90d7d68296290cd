/**
 * Keeps the bot's gateway connection up, says what is wrong when it is not, and tells readiness.
 * One connection attempt is a "session" made by the injected `connect` (a fresh discord.js client
 * each time, see client.ts): it reports `ready`, `reconnecting` (discord.js resuming on its own
 * after a transient close) or `lost` (a failed login, or a close discord.js will not recover
 * from). On `lost` the session is closed and the next one starts after `delay(attempt, failure)`:
 * exponential with jitter for transient causes, slow for fatal ones (backoff.ts). discord.js
 * retries a dropped connection on its own, quickly and without end; after `quickReconnects`
 * closes without a ready in between, or `stallMs` without one, the session is dropped and the
 * backoff takes over. Timers are unref'd and cleared by stop(). REST does not depend on any of
 * this: bot calls use their own REST client.
 */
import type { GatewayFailure } from './gateway-failure.js';

export type GatewayState = 'idle' | 'connecting' | 'ready' | 'down' | 'stopped';

export interface GatewaySession {
  /** Ends this connection (idempotent). */
  close(): Promise<void>;
}

export interface GatewaySessionEvents {
  ready(): void;
  /** A transient close; discord.js is reconnecting by itself. */
  reconnecting(code?: number): void;
  lost(failure: GatewayFailure): void;
}

export type GatewayReport =
  | { type: 'connected'; after: number }
  | { type: 'failed'; failure: GatewayFailure; attempt: number; retryInMs: number };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface GatewayLifecycleDeps {
  /** Starts one connection attempt; its outcome arrives through `events`. */
  connect(events: GatewaySessionEvents): GatewaySession;
  /** The wait before retry number `attempt` (1-based) after `failure`. */
  delay(attempt: number, failure: GatewayFailure): number;
  report(event: GatewayReport): void;
  /** Closes in a row without a ready before the session is dropped (default 3). */
  quickReconnects?: number;
  /** A session that is not ready after this long is dropped (default 120,000 ms). */
  stallMs?: number;
  timers?: Timers;
}

export interface GatewayLifecycle {
  start(): void;
  stop(): Promise<void>;
  state(): GatewayState;
  /** Why the gateway is not ready (undefined when it is, or has not failed yet). */
  lastFailure(): GatewayFailure | undefined;
  /** Readiness: throws, naming the cause, while the gateway is not connected and ready. */
  ping(): Promise<void>;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createGatewayLifecycle(deps: GatewayLifecycleDeps): GatewayLifecycle {
  const timers = deps.timers ?? realTimers;
  const quickReconnects = deps.quickReconnects ?? 3;
  const stallMs = deps.stallMs ?? 120_000;
  let state: GatewayState = 'idle';
  let failure: GatewayFailure | undefined;
  let session: GatewaySession | undefined;
  let generation = 0;
  let failures = 0;
  let closesSinceReady = 0;
  let retryTimer: unknown;
  let stallTimer: unknown;
  const closing = new Set<Promise<void>>();

  const clearStall = (): void => {
    if (stallTimer !== undefined) timers.clear(stallTimer);
    stallTimer = undefined;
  };
  const armStall = (gen: number): void => {
    clearStall();
    stallTimer = timers.set(() => lose(gen, { kind: 'transient', fatal: false, reason: `not ready after ${Math.round(stallMs / 1000)} s` }), stallMs);
  };

  function closeSession(s: GatewaySession | undefined): void {
    if (!s) return;
    const p = s.close().catch(() => undefined);
    closing.add(p);
    void p.then(() => closing.delete(p));
  }

  function lose(gen: number, why: GatewayFailure): void {
    if (gen !== generation || state === 'stopped') return;
    generation += 1;
    clearStall();
    closeSession(session);
    session = undefined;
    state = 'down';
    failure = why;
    failures += 1;
    const retryInMs = Math.max(0, deps.delay(failures, why));
    deps.report({ type: 'failed', failure: why, attempt: failures, retryInMs });
    retryTimer = timers.set(() => {
      retryTimer = undefined;
      attempt();
    }, retryInMs);
  }

  function attempt(): void {
    if (state === 'stopped') return;
    const gen = (generation += 1);
    state = 'connecting';
    closesSinceReady = 0;
    armStall(gen);
    const events: GatewaySessionEvents = {
      ready() {
        if (gen !== generation || state === 'stopped') return;
        clearStall();
        closesSinceReady = 0;
        if (state !== 'ready') deps.report({ type: 'connected', after: failures });
        state = 'ready';
        failure = undefined;
        failures = 0;
      },
      reconnecting(code) {
        if (gen !== generation || state === 'stopped') return;
        closesSinceReady += 1;
        state = 'connecting';
        if (closesSinceReady >= quickReconnects) return lose(gen, { kind: 'transient', fatal: false, ...(code === undefined ? {} : { code }), reason: `closed ${closesSinceReady} times in a row (last code ${code ?? 'unknown'})` });
        armStall(gen);
      },
      lost: (why) => lose(gen, why),
    };
    try {
      const s = deps.connect(events);
      if (gen === generation) session = s;
      else closeSession(s);
    } catch (err) {
      lose(gen, { kind: 'transient', fatal: false, reason: err instanceof Error ? err.message : String(err) });
    }
  }

  return {
    start() {
      if (state === 'idle') attempt();
    },
    async stop() {
      state = 'stopped';
      generation += 1;
      clearStall();
      if (retryTimer !== undefined) timers.clear(retryTimer);
      retryTimer = undefined;
      closeSession(session);
      session = undefined;
      await Promise.all([...closing]);
    },
    state: () => state,
    lastFailure: () => failure,
    async ping() {
      if (state === 'ready') return;
      const why = failure ? `: ${failure.code !== undefined ? `close code ${failure.code}, ` : ''}${failure.reason}` : '';
      throw new Error(`discord gateway ${state}${why}`);
    },
  };
}
