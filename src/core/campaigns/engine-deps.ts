// What every engine service receives in its constructor (DESIGN: ports through constructors,
// no singletons, time from the Clock), plus small helpers they share.
import type { Lang } from '../model/common.js';
import type { Message } from '../model/message.js';
import type { NewAuditEvent } from '../model/audit.js';
import type { Clock, DomainEventSink, JobQueue, Metrics, ReplyAssistant, SmsGateway, Store } from '../ports.js';
import type { EngineConfig } from '../engine-config.js';
import type { Params } from './result.js';

/** pino-compatible (object first, message second); the app passes its logger. */
export interface EngineLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Renders a locale string (`engine:sms.help` etc.) for texts that voters read (opt-out
 * confirmation, HELP reply). The app passes i18next's `t`; without it those texts are not sent.
 */
export type Translate = (lang: Lang, key: string, params?: Params) => string;

export interface EngineDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  readonly sms: SmsGateway;
  readonly clock: Clock;
  readonly config: EngineConfig;
  readonly translate?: Translate;
  readonly log: EngineLogger;
  /** Operator counters (optional; absent = nothing counted). */
  readonly metrics?: Metrics;
  /** Reads voter replies (triage); absent = the offline rules. */
  readonly assistant?: ReplyAssistant;
  /** Told what happened (outgoing webhooks); absent = nobody is told. */
  readonly events?: DomainEventSink;
}

export const silentLogger: EngineLogger = { warn: () => undefined, error: () => undefined };

/** Tally scopes (see TallyRepository). */
export const tallyScope = {
  survey: (campaignId: string) => `campaign:${campaignId}:survey`,
  volunteers: (campaignId: string) => `campaign:${campaignId}:volunteers`,
  errors: (campaignId: string) => `campaign:${campaignId}:errors`,
};

/** Tally keys must not contain '.' nor start with '$' (Mongo field names). */
export function tallyKey(...parts: string[]): string {
  return parts.map((p) => p.replace(/[.$]/g, '_')).join('/');
}

/** Increments tallies; a failed increment is logged and never fails the caller (the counters stay right). */
export async function bumpTally(deps: EngineDeps, orgId: string, scope: string, deltas: Record<string, number>): Promise<void> {
  try {
    await deps.store.tallies.increment(orgId, scope, deltas);
  } catch (err) {
    deps.log.warn({ err, scope }, 'tally increment failed');
  }
}

export async function audit(deps: EngineDeps, e: NewAuditEvent): Promise<void> {
  await deps.store.audit.append(e);
}

/**
 * Hands a stored `queued` message to the queue (DESIGN: Outbox). The message is already in the
 * store, so a failed enqueue is logged, not thrown: the sweeper re-enqueues it.
 */
export async function enqueueSend(deps: EngineDeps, message: Pick<Message, 'id' | 'orgId'>): Promise<void> {
  try {
    await deps.queue.enqueue(
      'sms.send',
      { orgId: message.orgId, messageId: message.id },
      {
        jobId: message.id,
        attempts: deps.config.sendAttempts,
        backoff: { type: 'exponential', delayMs: deps.config.retryBackoffMs },
      },
    );
  } catch (err) {
    deps.log.warn({ err, messageId: message.id }, 'sms.send enqueue failed; the outbox sweeper will retry');
  }
}

/** Stable short hash of a script (R5.3 "script hash"): cyrb53, pure (core does no crypto I/O). */
export function scriptHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
