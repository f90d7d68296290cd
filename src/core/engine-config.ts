// Engine configuration. Parsed with zod where the app builds the engine.
import { z } from 'zod';

/** Twilio Advanced Opt-Out's default keywords (R1.1): the carrier itself replies to these when enabled. */
export const CARRIER_DEFAULT_KEYWORDS: readonly string[] = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'HELP', 'INFO', 'START', 'UNSTOP'];

export const EngineConfig = z.object({
  /** Absolute URL the carrier posts status callbacks to (R4.5). */
  statusCallbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** LINK_BASE_URL: tracked links go out as `<linkBaseUrl>/<code>` (the org's own domain, R3.5). */
  linkBaseUrl: z.url({ protocol: /^https?$/ }).default('http://localhost:3000/l'),
  /** PUBLIC_URL: MMS media goes out as `<mediaBaseUrl>/media/<id>`; absent = a text with media is refused (never sent without it). */
  mediaBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Send the one opt-out confirmation text (R1.6). */
  sendOptOutConfirmation: z.boolean().default(true),
  /**
   * The deployment default for orgs with no keyword-replies setting of their own (Org
   * keywordReplies): true when the carrier (Twilio Advanced Opt-Out, R1.3) already answers its
   * keywords: then no confirmation/help text of ours follows those keywords (R1.6 "MUST NOT send
   * another"), but phrases ("please remove me") and keywords the carrier does not know still get ours.
   */
  carrierHandlesKeywordReplies: z.boolean().default(false),
  /** The keywords the carrier answers itself (uppercase), used with carrierHandlesKeywordReplies. */
  carrierKeywords: z.array(z.string().min(1)).default([...CARRIER_DEFAULT_KEYWORDS]),
  /** Outbox sweeper: re-enqueue messages still `queued` after this long (DESIGN: Outbox). */
  sweepAfterMs: z.number().int().min(1_000).default(60_000),
  /** A message still `sending` with no carrier id after this long was interrupted (worker died mid-call). */
  stuckSendingAfterMs: z.number().int().min(60_000).default(15 * 60_000),
  /**
   * Lost status callbacks (R4.6): a message the carrier accepted that is still `sending` this
   * long after its last update is looked up at the carrier (SmsGateway.fetchStatus). A `sent` one
   * waits its validity period (R2.5) plus this margin first.
   */
  statusReconcileAfterMs: z.number().int().min(60_000).default(15 * 60_000),
  /** At most this many carrier look-ups per sweep. */
  statusReconcileBatch: z.number().int().min(1).max(1_000).default(100),
  /** Carrier look-ups per second (the carrier's API rate limits are shared with sends). */
  statusReconcilePerSecond: z.number().min(0.1).max(1_000).default(5),
  /** Messages older than this are no longer looked up (a carrier without delivery receipts leaves `sent` for good). */
  statusReconcileMaxAgeMs: z.number().int().min(60_000).default(3 * 24 * 60 * 60_000),
  /** How many queued messages one sweep re-enqueues at most. */
  sweepBatch: z.number().int().min(1).max(10_000).default(500),
  /** Queue attempts for one sms.send job (transient errors before the carrier accepted it). */
  sendAttempts: z.number().int().min(1).max(10).default(3),
  /** Base of the exponential backoff between those attempts. */
  retryBackoffMs: z.number().int().min(0).default(30_000),
  /** R1.6: a confirmation that cannot go out within this long is dropped. */
  confirmationMaxDelayMs: z.number().int().min(1_000).default(5 * 60_000),
});
export type EngineConfig = z.infer<typeof EngineConfig>;
export type EngineConfigInput = z.input<typeof EngineConfig>;
