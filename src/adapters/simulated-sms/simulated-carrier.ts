/**
 * A simulated SMS carrier for the sandbox and tests (DESIGN: simulated-sms). It implements
 * SmsGateway, records what it accepted, reports status callbacks the way Twilio does, can be
 * scripted per phone to reject, fail later or fail transiently, and injects voter replies.
 */
import type { SmsGateway, SmsSendRequest, SmsStatusReport } from '../../core/ports.js';
import { SmsError } from '../../core/errors.js';
import { E164 } from '../../core/model/common.js';
import { createProviderIds } from './provider-ids.js';
import type {
  CarrierBehaviour,
  InboundSms,
  SendAttempt,
  SentRecord,
  SimulatedCarrierOptions,
  SimulatedStatus,
  StatusCallback,
} from './simulated-types.js';

export type * from './simulated-types.js';
export { PROVIDER_ID_PATTERN } from './provider-ids.js';

export interface SimulatedCarrier extends SmsGateway {
  readonly kind: 'simulated';
  /** Sends the carrier accepted, in order, the newest `keepRecords` (rejected sends are in attempts() only). */
  sent(): SentRecord[];
  /** Every call to send(), accepted or rejected, in order (the newest `keepRecords`). */
  attempts(): SendAttempt[];
  /** Every status callback delivered so far, in order (the newest `keepRecords`). */
  callbacks(): StatusCallback[];
  /** Every inbound text injected so far (the newest `keepRecords`). */
  inbound(): InboundSms[];
  /** Programs how sends to `phone` behave; null restores the default (sent, delivered). */
  script(phone: string, behaviour: CarrierBehaviour | null): void;
  /**
   * Carrier filtering (sandbox control, tests): the next `texts` accepted sends to phones with no
   * script of their own are reported `sent` then `undelivered` with `errorCode` (default '30007',
   * Twilio's "message filtered"), through the normal status callbacks; 0 turns it off.
   */
  filterNext(texts: number, errorCode?: string): void;
  /** How many more sends carrier filtering will fail (0 when off). */
  filtering(): number;
  /** A voter texts an org number: calls onInbound and resolves once it has handled it. */
  injectReply(m: { from: string; to: string; body: string }): Promise<InboundSms>;
  /** Resolves when every scheduled status callback has been delivered; rejects with the first onStatus error since the last flush. */
  flush(): Promise<void>;
  /**
   * The carrier's own record of a message it accepted: the last status it reached (whether or
   * not its callback reached the app), `queued` before the first; null for an unknown id.
   */
  fetchStatus(providerId: string): Promise<SmsStatusReport | null>;
}

interface Script {
  behaviour: CarrierBehaviour;
  transientLeft: number;
}

type Step = { status: SimulatedStatus; errorCode?: string };

function plan(b: CarrierBehaviour | undefined): Step[] {
  if (b?.status === 'failed') return [{ status: 'failed', errorCode: b.errorCode ?? '30008' }];
  if (b?.status === 'undelivered') return [{ status: 'sent' }, { status: 'undelivered', errorCode: b.errorCode ?? '30008' }];
  return [{ status: 'sent' }, { status: 'delivered' }];
}

/** Checks Twilio makes before accepting a message (HTTP 400 with these codes). */
function validate(req: SmsSendRequest): SmsError | null {
  if (!E164.safeParse(req.to).success) return new SmsError('21211', true, "invalid 'To' phone number");
  if (!req.from && !req.messagingServiceSid) return new SmsError('21603', true, "a 'From' number or messaging service is required");
  if (req.body.length === 0) return new SmsError('21602', true, 'message body is required');
  if (req.body.length > 1600) return new SmsError('21617', true, 'message body exceeds 1600 characters');
  return null;
}

export function createSimulatedCarrier(opts: SimulatedCarrierOptions): SimulatedCarrier {
  const { clock } = opts;
  const nextId = createProviderIds(opts.idSeed ?? 'simulated');
  const statusDelayMs = opts.statusDelayMs ?? 0;
  const scripts = new Map<string, Script>();
  const sentRecords: SentRecord[] = [];
  const attemptRecords: SendAttempt[] = [];
  const callbackRecords: StatusCallback[] = [];
  const inboundRecords: InboundSms[] = [];
  const pending = new Set<Promise<void>>();
  /** providerId -> where the message stands at the carrier (its record, not the app's). */
  const standing = new Map<string, SmsStatusReport>();
  let errors: unknown[] = [];
  let filter = { left: 0, errorCode: '30007' };
  const keepRecords = opts.keepRecords ?? 10_000;
  const keepStatuses = opts.keepStatuses ?? 50_000;

  /** Appends to a record list, dropping its oldest entries beyond keepRecords. */
  const record = <T>(list: T[], item: T): void => {
    list.push(item);
    if (list.length > keepRecords) list.splice(0, list.length - keepRecords);
  };

  /** Where a message stands; beyond keepStatuses, the oldest final ones are forgotten. */
  const stand = (providerId: string, report: SmsStatusReport): void => {
    standing.set(providerId, report);
    if (standing.size <= keepStatuses) return;
    let looked = 0;
    for (const [id, r] of standing) {
      if (standing.size <= keepStatuses || looked++ >= 1000) break;
      if (r.status !== 'queued' && r.status !== 'sent') standing.delete(id);
    }
  };

  const wait = (): Promise<void> => {
    const ms = opts.rng ? Math.floor(opts.rng() * statusDelayMs) : statusDelayMs;
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  };

  const emit = async (cb: StatusCallback): Promise<void> => {
    stand(cb.providerId, { status: cb.status, ...(cb.errorCode ? { errorCode: cb.errorCode } : {}), at: cb.at });
    record(callbackRecords, cb);
    try {
      await opts.onStatus(cb);
    } catch (err) {
      if (errors.length < 100) errors.push(err);
      opts.onError?.(err);
    }
  };

  /** One message's callbacks, in order; `immediate` skips the waits (callbackBeforeReturn). */
  const runCallbacks = async (providerId: string, steps: Step[], immediate: boolean): Promise<void> => {
    for (const step of steps) {
      if (!immediate) await wait();
      await emit({ providerId, status: step.status, ...(step.errorCode ? { errorCode: step.errorCode } : {}), at: clock.now() });
    }
  };

  const reject = (req: SmsSendRequest, err: SmsError): never => {
    record(attemptRecords, {
      to: req.to,
      idempotencyKey: req.idempotencyKey,
      at: clock.now(),
      outcome: 'rejected',
      error: { code: err.smsCode, permanent: err.permanent },
    });
    throw err;
  };

  return {
    kind: 'simulated',

    async send(req) {
      const invalid = validate(req);
      if (invalid) reject(req, invalid);
      const script = scripts.get(req.to);
      const b = script?.behaviour;
      if (b?.reject) {
        const r = b.reject;
        reject(req, new SmsError(r.code, r.permanent, r.reason ?? `simulated carrier rejected the send (${r.code})`));
      }
      if (script && script.transientLeft > 0) {
        script.transientLeft -= 1;
        const code = b?.transientCode ?? '20429';
        reject(req, new SmsError(code, false, `simulated transient failure (${code})`));
      }
      const providerId = nextId();
      const at = clock.now();
      record(sentRecords, {
        to: req.to,
        body: req.body,
        ...(req.from !== undefined ? { from: req.from } : {}),
        ...(req.messagingServiceSid !== undefined ? { messagingServiceSid: req.messagingServiceSid } : {}),
        ...(req.validityPeriod !== undefined ? { validityPeriod: req.validityPeriod } : {}),
        ...(req.statusCallbackUrl !== undefined ? { statusCallbackUrl: req.statusCallbackUrl } : {}),
        ...(req.mediaUrls?.length ? { mediaUrls: [...req.mediaUrls] } : {}),
        idempotencyKey: req.idempotencyKey,
        providerId,
        at,
      });
      record(attemptRecords, { to: req.to, idempotencyKey: req.idempotencyKey, at, outcome: 'accepted', providerId });
      stand(providerId, { status: 'queued', at });
      let steps = plan(b);
      if (!b && filter.left > 0) {
        filter.left -= 1;
        steps = plan({ status: 'undelivered', errorCode: filter.errorCode });
      }
      if (b?.callbackBeforeReturn) {
        await runCallbacks(providerId, steps, true);
      } else {
        const run = runCallbacks(providerId, steps, false).finally(() => pending.delete(run));
        pending.add(run);
      }
      return { providerId };
    },

    async fetchStatus(providerId) {
      const found = standing.get(providerId);
      return found ? { ...found } : null;
    },

    sent: () => [...sentRecords],
    attempts: () => [...attemptRecords],
    callbacks: () => [...callbackRecords],
    inbound: () => [...inboundRecords],

    script(phone, behaviour) {
      if (behaviour === null) scripts.delete(phone);
      else scripts.set(phone, { behaviour: { ...behaviour }, transientLeft: behaviour.transientFailures ?? 0 });
    },

    filterNext(texts, errorCode = '30007') {
      filter = { left: Math.max(0, Math.floor(texts)), errorCode };
    },

    filtering: () => filter.left,

    async injectReply(m) {
      if (!opts.onInbound) throw new Error('simulated carrier: no onInbound handler was given');
      const msg: InboundSms = { providerId: nextId(), from: m.from, to: m.to, body: m.body, at: clock.now() };
      record(inboundRecords, msg);
      await opts.onInbound(msg);
      return msg;
    },

    async flush() {
      // Callback timers are unref'd; while someone explicitly awaits flush(), keep the process alive.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        while (pending.size > 0) await Promise.all([...pending]);
      } finally {
        clearInterval(keepAlive);
      }
      if (errors.length > 0) {
        const first = errors[0];
        errors = [];
        throw first;
      }
    },
  };
}
