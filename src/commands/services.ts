// What every command and interaction handler receives as `ctx.services`. The app
// builds it (composition root) from the engine, the store and the file adapter; tests build it
// from the memory store and test doubles.
import type { Segment } from '../core/segments/segment.js';
import type { Engine } from '../core/engine.js';
import type { ImportProgress } from '../core/contacts/import/importer.js';
import type { ParsedRecord } from '../core/contacts/import/records.js';
import type { ImportReport } from '../core/contacts/import/report.js';
import type { Lang, Platform } from '../core/model/common.js';
import type { Org } from '../core/model/org.js';
import type { ChatGateway, Clock, CrmConnector, SecretBox, Store } from '../core/ports.js';
import type { Translate } from './framework/definition.js';
import type { StatsChart } from './views/stats-chart.js';
import type { WebhookHttp } from '../core/webhooks/http.js';
import type { MediaCheck, MediaRef } from '../core/media/media.js';
import type { LookupRunJob } from '../core/lookups/model.js';

/** Where a CSV comes from: a chat attachment (downloaded by the app) or a local path (CLI, sandbox). */
export type FileSource = { url: string; name: string } | { path: string };

export interface ImportCsvInput {
  orgId: string;
  campaignId: string;
  source: FileSource;
  /** Merge fields the campaign's scripts use, so the report lists the ones no column provides. */
  templateFields?: readonly string[];
  onProgress?: (p: ImportProgress) => void;
}

export interface ExportCsvInput {
  orgId: string;
  campaignId: string;
  /** `van`: VAN's Bulk Upload Wizard layout (orgs without VAN API access). */
  kind: 'contacts' | 'messages' | 'van';
  /** Contacts export only: just the contacts that match these filters. */
  segment?: Segment;
}

/**
 * File I/O the commands need, implemented by the app over src/adapters/files (download, parse,
 * run the core ContactImporter, stream exports). Errors a person should read are UserErrors
 * (`import:error.*`), which the dispatcher localizes.
 */
export interface FileService {
  /** Imports a voter file into a campaign; resolves with the report when the whole file is done. */
  importCsv(input: ImportCsvInput): Promise<ImportReport>;
  /** A campaign export as one file (CSV, UTF-8 with BOM). */
  exportCsv(input: ExportCsvInput): Promise<{ name: string; content: string | Buffer; skipped?: { noVanId: number }; rows?: number }>;
  /** The parsed records of a CSV, header first (for `optout import`, whose logic lives in commands). */
  openCsv(source: FileSource): Promise<{ records: AsyncIterable<ParsedRecord>; totalBytes?: number }>;
}

/** Only in sandbox mode (simulated carrier): loads a demo campaign with fictional voters. */
export interface SandboxService {
  loadDemo(orgId: string, memberId: string): Promise<{ campaignId: string }>;
}

/**
 * Optional: the chat gateways and a translator, so commands can keep the campaign post live
 * (edit it after claims and status changes) and open a new thread when a conversation is
 * reassigned. Without it, `post` returns a channel reply and the post is not edited later.
 */
export interface ChatAccess {
  gateways: Partial<Record<Platform, ChatGateway>>;
  translator(lang: Lang): Translate;
  /** Told about chat calls that failed after the data change succeeded (they never fail the command). */
  onError?(err: unknown, what: string): void;
}

/** What `/textbank setup` gives a new org. A sender belongs to one org: the first to set up takes it. */
export interface OrgDefaults {
  /** The deployment's configured sender (Messaging Service and/or number). */
  sms?: Org['sms'];
  /** Simulated carrier only: one more fictional sender per further org, so several sandbox workspaces need no setup. */
  spareSenders?: readonly Org['sms'][];
  /** Who answers STOP/HELP keywords in a new org (R1.3, R1.6). */
  keywordReplies?: Org['keywordReplies'];
}

/** Draws charts on the server (src/adapters/charts); a failure only loses the picture, never the answer. */
export interface ChartRenderer {
  /** The `/textbank stats` chart as a PNG. */
  statsPng(chart: StatsChart): Promise<Buffer>;
}

/** MMS media for commands: an attached file checked, made fit and stored; the address it is served at. */
export interface MediaService {
  /** Downloads a chat attachment (bounded), checks it by content, re-encodes it and stores it. */
  attach(input: { orgId: string; source: { url: string; name: string } }): Promise<MediaCheck<MediaRef>>;
  /** The public address of stored media (what the carrier and the chat fetch). */
  urlOf(id: string): string;
}

export interface Services {
  store: Store;
  engine: Engine;
  clock: Clock;
  files: FileService;
  sandbox?: SandboxService;
  chat?: ChatAccess;
  /** Defaults for orgs created by `/textbank setup` (the app's configured SMS sender). */
  orgDefaults?: OrgDefaults;
  /** Without it, `/textbank stats` answers with text only. */
  charts?: ChartRenderer;
  /**
   * Seals secrets the org gives Textbank (CRM keys, webhook secrets). Absent when MongoDB runs
   * without SECRET_KEY: features that store a secret then refuse with a message for the operator.
   */
  secrets?: SecretBox;
  /** The reply assistant in use (remote model or built-in rules), so settings can say which. Absent = the rules. */
  assistantInfo?: { remote: boolean; model?: string };
  /** Opens an org's CRM (VAN / EveryAction, Action Network); absent = CRM commands unavailable. */
  crm?: CrmConnector;
  /** Starts copying a follow-up campaign's contacts (the `followup.snapshot` job); absent = copied inline. */
  followUpSnapshots?: { enqueue(job: { orgId: string; campaignId: string }): Promise<void> };
  /** Starts a stored CRM sync run in the background (the `crm.sync` job). */
  crmRuns?: { enqueue(job: { orgId: string; runId: string }): Promise<void> };
  /** Checks webhook URLs (SSRF) and sends signed webhook requests; absent = webhooks unavailable. */
  webhooks?: WebhookHttp;
  /** MMS media; absent = `script media` explains it is unavailable. */
  media?: MediaService;
  /** Number lookup (`/textbank lookup`): the price shown before a run, and how a run starts (the `lookup.run` job). Absent = unavailable. */
  lookups?: LookupAccess;
}

export interface LookupAccess {
  /** LOOKUP_UNIT_PRICE: what one lookup costs (the plan's estimate and the report's charge). */
  unitPrice: number;
  currency: string;
  enqueue(job: LookupRunJob): Promise<void>;
}
