/**
 * The interfaces core needs from the outside world (DESIGN: Ports). The Store port itself is in
 * store-port.ts and re-exported here.
 * Every Store method is scoped by org id, except the few inbound-routing lookups that
 * discover the org (marked "routing").
 */
import type { ChatRef, E164, Lang, Platform } from './model/common.js';
import type { Contact } from './model/contact.js';
import type { MessageStatus } from './model/message.js';
import type { OptOutSource } from './model/opt-out.js';
import type { View } from './views/view.js';
import type { MessageTriage } from './triage/intent.js';
import type { MediaCheck, OutboundMediaType } from './media/media.js';

// The Store port (every repository and the Store itself) lives in store-port.ts; it is part of
// this file's surface, so everything imports ports from here.
export type * from './store-port.js';

export interface Clock {
  now(): Date;
}

// ---------- Metrics ----------

/**
 * Optional counting hooks for operators (the app implements them with Prometheus; core never
 * knows how). Every argument comes from a closed set (status enum, carrier or local error code,
 * inbound kind, opt-out source, job name): never a phone, a name, an org or message text.
 */
export interface Metrics {
  /** A message status was applied (forward only, once per move). */
  textStatus(status: MessageStatus, errorCode?: string): void;
  /** A new inbound text was stored (webhook retries are not counted again). */
  inbound(kind: 'opt_out' | 'opt_in' | 'help' | 'probable_opt_out' | 'message', routed: boolean): void;
  /** A new opt-out was recorded (once per org and phone). */
  optOut(source: OptOutSource): void;
  /** A volunteer took a batch of `contacts` contacts. */
  claim(contacts: number): void;
}

/** Job timings reported by the queue adapters (optional). */
export interface JobObserver {
  /** A job's first attempt started `waitMs` after it was due (enqueued, or its delay ended). */
  started(name: JobName, waitMs: number): void;
  /** An attempt finished after `runMs`; ok=false when the handler threw. */
  finished(name: JobName, runMs: number, ok: boolean): void;
}

// ---------- SMS ----------

export interface SmsSendRequest {
  to: E164;
  body: string;
  from?: string;
  messagingServiceSid?: string;
  statusCallbackUrl?: string;
  validityPeriod?: number;
  /** Our message id; carriers that support it use it to dedupe. */
  idempotencyKey: string;
  /** MMS: public addresses of the media the carrier fetches and sends with the text. */
  mediaUrls?: string[];
}

// ---------- Media ----------

/** An upload made fit for an MMS. */
export interface PreparedMedia {
  contentType: OutboundMediaType;
  bytes: Uint8Array;
}

/**
 * Checks an upload by its content (magic bytes; the name must say the same type) and makes it fit
 * an MMS: images re-encoded to at most MMS_MAX_BYTES in their own format, vCards checked field by
 * field. Refusals a person should read are returned (media:errors.*), never thrown.
 */
export interface MediaProcessor {
  readonly kind: 'sharp' | 'simulated';
  prepare(input: { name: string; bytes: Uint8Array }): Promise<MediaCheck<PreparedMedia>>;
}

export interface SmsGateway {
  readonly kind: 'simulated' | 'twilio';
  /** Returns the provider id, or throws SmsError. */
  send(req: SmsSendRequest): Promise<{ providerId: string; status?: MessageStatus }>;
  /**
   * Optional: the carrier's current status of a message it accepted (reconciles lost status
   * callbacks). `status` is the carrier's own word (e.g. Twilio's `delivered`), mapped by core.
   * Returns null when the carrier does not know the id; throws SmsError when it cannot be asked.
   */
  fetchStatus?(providerId: string): Promise<SmsStatusReport | null>;
}

export interface SmsStatusReport {
  status: string;
  errorCode?: string;
  /** When the carrier last changed it, when it says so. */
  at?: Date;
}

// ---------- Queue ----------

export type JobName =
  | 'sms.send'
  | 'sms.status'
  | 'sms.inbound'
  | 'chat.notify'
  | 'claim.expire'
  | 'contacts.import'
  | 'outbox.sweep'
  /** A reply waited unanswered: one DM nudge to its volunteer. */
  | 'reply.nudge'
  /** A reply waited too long: the conversation moves to the campaign's reply pool. */
  | 'reply.release'
  /** One outgoing webhook event to one endpoint (retried with backoff). */
  | 'webhook.deliver'
  /** One CRM sync run (VAN, Action Network) of one campaign. */
  | 'crm.sync'
  /** A number lookup run over one campaign's contacts (resumable, cached per org). */
  | 'lookup.run'
  /** A follow-up campaign's contacts copied from a segment (streamed). */
  | 'followup.snapshot'
  /** The deliverability guardrail crossed a threshold: warn the campaign and review channels. */
  | 'deliverability.alert';

export interface EnqueueOptions {
  delayMs?: number;
  /** Dedupe: a job with the same id that is waiting or active is not added again. */
  jobId?: string;
  attempts?: number;
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
}

export interface JobContext {
  attempt: number;
  jobId: string;
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  enqueue(name: JobName, payload: unknown, opts?: EnqueueOptions): Promise<void>;
  process(name: JobName, handler: (payload: unknown, ctx: JobContext) => Promise<void>, opts?: { concurrency?: number }): void;
  /** Throws when the queue backend cannot be reached (readiness). */
  ping(): Promise<void>;
  /** Stop taking jobs, wait for running ones, release connections. */
  close(): Promise<void>;
}

// ---------- Chat ----------

export interface ChatGateway {
  readonly platform: Platform;
  post(channelId: string, view: View): Promise<ChatRef>;
  update(ref: ChatRef, view: View): Promise<void>;
  /** Starts a thread (under a new root message) in a channel or DM. */
  startThread(channelId: string, root: View, opts?: { name?: string; memberIds?: string[] }): Promise<ChatRef>;
  postInThread(ref: ChatRef, view: View): Promise<ChatRef>;
  /** Direct message to a member (by platform user id). */
  dm(platformUserId: string, view: View): Promise<ChatRef>;
  uploadFile(platformUserId: string, file: { name: string; content: Buffer | string; title?: string }): Promise<void>;
  memberLocale?(platformUserId: string): Promise<string | undefined>;
  /** Optional: a member's name as the platform shows it (asked after the ack, when no payload or record has it). */
  memberName?(platformUserId: string): Promise<string | undefined>;
  /**
   * Optional: lets members into an existing thread where threads are
   * members-only (Discord private threads), e.g. the new volunteer after a reassignment.
   */
  addThreadMembers?(ref: ChatRef, platformUserIds: string[]): Promise<void>;
  /**
   * True where a thread in a channel can be members-only (Discord private threads): private
   * conversations then get their own thread in the campaign channel (volunteer + organizers)
   * instead of the volunteer's DM with the bot.
   */
  readonly privateThreads?: boolean;
}

// ---------- Number lookup ----------

export type LineType = NonNullable<Contact['lineType']>;

export type NumberLookupFailure =
  | 'not_found'
  | 'invalid'
  /** The provider cannot look this number up (outside its coverage, or it needs an approval, e.g. Canada). */
  | 'not_covered'
  | 'no_credit'
  | 'rate_limited'
  | 'unavailable'
  | 'unauthorized';

export type NumberLookupResult =
  | { ok: true; lineType: LineType; carrier?: string }
  | { ok: false; reason: NumberLookupFailure; retryable: boolean };

/** Line type intelligence for one number (Twilio Lookup v2, or simulated). Never throws. */
export interface NumberLookup {
  readonly kind: 'simulated' | 'twilio';
  lookup(phone: E164): Promise<NumberLookupResult>;
}

// ---------- Reply assistant ----------

export interface ReplyAssistantInput {
  orgId: string;
  /** The voter's text. Sent outside the process only when `shareVoterText` is true. */
  text: string;
  lang?: Lang;
  /** The org allowed voter text to leave Textbank (settings); false = rules only. */
  shareVoterText: boolean;
  /** Labels the volunteer could press (survey answers, canned replies), to steer a draft. */
  context?: { question?: string; answers?: string[]; canned?: string[] };
}

/**
 * Reads what a voter's reply means (and may draft a short answer). The default reads with the
 * offline rules; a remote assistant falls back to them on timeout or error, so `read` never
 * throws. A suggestion only: nothing it proposes is sent without a volunteer's press.
 */
export interface ReplyAssistant {
  readonly kind: 'rules' | 'remote';
  read(input: ReplyAssistantInput): Promise<MessageTriage>;
}

// ---------- Domain events (outgoing webhooks) ----------

export const DOMAIN_EVENT_TYPES = [
  'survey.answered',
  'tag.added',
  'opt_out.recorded',
  'opt_out.lifted',
  'text.delivered',
  'text.failed',
  'link.clicked',
  'conversation.closed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** Something that happened in one org, told to the org's own tools (webhooks). */
export interface DomainEvent {
  /**
   * Stable: derived from what happened (e.g. `text.delivered:<messageId>`), so a retried job
   * publishes the same id and receivers can dedupe.
   */
  id: string;
  type: DomainEventType;
  orgId: string;
  at: Date;
  campaignId?: string;
  contactId?: string;
  /** The org's own data only (ids, labels, codes); a phone only where the event is about it. */
  data: Record<string, string | number | boolean | null>;
}

/** Where the engine tells what happened; a failed publish is logged by the caller, never fatal. */
export interface DomainEventSink {
  publish(event: DomainEvent): Promise<void>;
}

// ---------- Secrets at rest ----------

/** Encrypts secrets the org gives Textbank (CRM API keys, webhook secrets) before they are stored. */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the sealed text was not made with this key. */
  open(sealed: string): string;
}

// ---------- CRM sync (VAN / EveryAction, Action Network) ----------

export type CrmKind = 'van' | 'action_network';

export interface CrmOption {
  id: string;
  name: string;
}

/** What the org's CRM offers to map to (listed in the setup form). */
export interface CrmCatalog {
  surveyQuestions: (CrmOption & { responses: CrmOption[] })[];
  /** VAN activist codes; Action Network tags. */
  activistCodes: CrmOption[];
  /** VAN canvass result codes (wrong number, moved, deceased, refused...); empty where none exist. */
  resultCodes: CrmOption[];
}

/** Everything to write for one contact in one run, already mapped to the CRM's own ids. */
export interface CrmPersonUpdate {
  /** Ours (idempotency and the run report). */
  contactId: string;
  /** The CRM's person id when known (VAN ID from the import, or stored from an earlier run). */
  externalId?: string;
  person: { firstName?: string; lastName?: string; phone: E164; email?: string; zip?: string };
  /** Set only when a text to this contact was delivered (an undelivered text is no contact attempt). */
  texted?: { at: Date };
  surveyResponses: { questionId: string; responseId: string }[];
  activistCodes: string[];
  resultCode?: string;
  optedOut: boolean;
  /** Stable per (contact, content): a re-run with nothing new sends nothing twice. */
  idempotencyKey: string;
}

export type CrmPushResult =
  | { contactId: string; ok: true; externalId?: string }
  | { contactId: string; ok: false; reason: 'not_found' | 'invalid' | 'rejected' | 'unauthorized' | 'rate_limited' | 'unavailable'; retryable: boolean; detail?: string };

export interface CrmSync {
  readonly kind: CrmKind;
  /** Checks the credentials (connect). */
  verify(): Promise<{ ok: true; account?: string } | { ok: false; reason: 'unauthorized' | 'unavailable' }>;
  catalog(): Promise<CrmCatalog>;
  /** Writes one batch; one result per update, in order; never throws for one bad person. */
  push(batch: CrmPersonUpdate[]): Promise<CrmPushResult[]>;
}

/**
 * Opens a CRM client with an org's (decrypted) credentials. VAN needs `appName` (the API
 * application name) and `mode`, its database: 0 = My Voters (default), 1 = My Campaign /
 * EveryAction. `catalog()` throws an Error carrying `reason` ('unauthorized' | 'rate_limited' |
 * 'unavailable' | ...) and `retryable` when the CRM cannot be read.
 */
export interface CrmConnector {
  open(kind: CrmKind, credentials: { apiKey: string; appName?: string; mode?: 0 | 1 }): CrmSync;
}
