/** Types of the simulated carrier (sandbox and tests). */
import type { Clock } from '../../core/ports.js';

export type SimulatedStatus = 'sent' | 'delivered' | 'undelivered' | 'failed';

/** What the carrier reports for a message, like Twilio's StatusCallback. */
export interface StatusCallback {
  providerId: string;
  status: SimulatedStatus;
  errorCode?: string;
  at: Date;
}

/** A voter's text arriving at an org number, like Twilio's inbound webhook. */
export interface InboundSms {
  providerId: string;
  from: string;
  to: string;
  body: string;
  at: Date;
}

/** A send the carrier accepted. */
export interface SentRecord {
  to: string;
  body: string;
  from?: string;
  messagingServiceSid?: string;
  validityPeriod?: number;
  statusCallbackUrl?: string;
  /** MMS: the media addresses sent with the text (the sandbox phone shows them). */
  mediaUrls?: string[];
  idempotencyKey: string;
  providerId: string;
  at: Date;
}

/** Every call to send, accepted or not. */
export interface SendAttempt {
  to: string;
  idempotencyKey: string;
  at: Date;
  outcome: 'accepted' | 'rejected';
  providerId?: string;
  error?: { code: string; permanent: boolean };
}

/**
 * How the carrier treats sends to one phone. Checked in this order:
 * 1. `reject`: every send throws SmsError(code, permanent), like Twilio's HTTP 400; no callback.
 * 2. `transientFailures: n`: the next n sends throw a non-permanent SmsError (`transientCode`,
 *    default '20429'); later sends go on to the rules below.
 * 3. Accepted. Callbacks: `sent` then `delivered` by default; with `status: 'undelivered'`,
 *    `sent` then `undelivered`; with `status: 'failed'`, only `failed` (errorCode default '30008').
 *    `callbackBeforeReturn: true` delivers every callback before send() resolves (R4.6).
 */
export interface CarrierBehaviour {
  reject?: { code: string; permanent: boolean; reason?: string };
  transientFailures?: number;
  transientCode?: string;
  status?: 'undelivered' | 'failed';
  errorCode?: string;
  callbackBeforeReturn?: boolean;
}

export interface SimulatedCarrierOptions {
  clock: Clock;
  onStatus: (cb: StatusCallback) => Promise<void> | void;
  onInbound?: (m: InboundSms) => Promise<void> | void;
  /** Wait before each status callback (default 0: still after send() has returned). */
  statusDelayMs?: number;
  /** When given, each callback waits rng() * statusDelayMs instead, so callbacks of different messages interleave; one message's callbacks stay in order. */
  rng?: () => number;
  /** Mixed into provider ids so two carriers in one test never mint the same id (default 'simulated'). */
  idSeed?: string;
  /** Told about errors thrown by onStatus (they are also raised by flush()). */
  onError?: (err: unknown) => void;
  /**
   * How many of the newest sends, attempts, callbacks and inbound texts each record list keeps
   * (default 10,000): a long-running sandbox must not grow with every text it ever sent.
   */
  keepRecords?: number;
  /**
   * How many messages' carrier-side statuses `fetchStatus` can answer (default 50,000). Beyond
   * it, the oldest messages whose status is final are forgotten (fetchStatus answers null, as
   * Twilio does for an unknown sid); a message still queued or sent is always kept.
   */
  keepStatuses?: number;
}
