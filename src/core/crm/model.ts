/**
 * What Textbank keeps about an org's CRM (NGP VAN / EveryAction, Action Network): the connection
 * (its API key sealed, never readable back), how one campaign's answers, tags and outcomes map to
 * the CRM's own ids, per-contact sync state (so a re-run never writes the same content twice) and
 * the record of each sync run.
 */
import { z } from 'zod';
import type { ChatRef, Lang } from '../model/common.js';
import type { CrmCatalog, CrmKind } from '../ports.js';

export const CRM_KINDS = ['van', 'action_network'] as const satisfies readonly CrmKind[];
export const CrmKindSchema = z.enum(CRM_KINDS);

/** VAN's two databases for one API key (the key's `|0` / `|1` suffix). */
export const VAN_MODES = ['my_voters', 'my_campaign'] as const;
export type VanMode = (typeof VAN_MODES)[number];

/** Conversation outcomes an organizer can map to a CRM result code. */
export const CRM_OUTCOMES = ['wrong_number', 'moved', 'deceased', 'opt_out'] as const;
export type CrmOutcome = (typeof CRM_OUTCOMES)[number];

const RemoteId = z.string().min(1).max(200);

/** Where one survey answer goes: a VAN survey response, or an activist code / Action Network tag. */
export const CrmAnswerTarget = z.union([
  z.object({ questionId: RemoteId, responseId: RemoteId }).strict(),
  z.object({ activistCode: RemoteId }).strict(),
]);
export type CrmAnswerTarget = z.infer<typeof CrmAnswerTarget>;

/** One campaign's mapping to one CRM. Lists, not records: our ids never become document keys. */
export const CrmMapping = z.object({
  campaignId: z.string().min(1).max(64),
  answers: z.array(z.object({ questionId: z.string().min(1).max(40), answerId: z.string().min(1).max(40), target: CrmAnswerTarget })).max(300).default([]),
  /** Campaign tag id -> activist code id (VAN) or tag (Action Network). */
  tags: z.array(z.object({ tagId: z.string().min(1).max(40), activistCode: RemoteId })).max(50).default([]),
  /** Outcome -> VAN result code id. */
  outcomes: z.array(z.object({ outcome: z.enum(CRM_OUTCOMES), resultCode: RemoteId })).max(CRM_OUTCOMES.length).default([]),
  updatedAt: z.date(),
  updatedBy: z.string(),
});
export type CrmMapping = z.infer<typeof CrmMapping>;

export interface CrmConnection {
  orgId: string;
  kind: CrmKind;
  /** The API key as SecretBox.seal made it; opened only to call the CRM. */
  sealedKey: string;
  /** VAN application name (the API user name VAN issued). */
  appName?: string;
  mode?: VanMode;
  /** What the CRM said the key belongs to (shown in status), when it said. */
  account?: string;
  connectedBy: string;
  connectedAt: Date;
  /** The CRM's lists as last read by `crm map` (so forms open without a remote call). */
  catalog?: CrmCatalog;
  catalogAt?: Date;
  mappings: CrmMapping[];
}

export type NewCrmConnection = Omit<CrmConnection, 'mappings' | 'catalog' | 'catalogAt'>;

/** Per (org, kind, contact): what was last written, and a claim on a write in progress. */
export interface CrmContactState {
  orgId: string;
  kind: CrmKind;
  contactId: string;
  externalId?: string;
  /** Idempotency key of the content last written successfully. */
  lastKey?: string;
  /** A run is writing this content now (or crashed while it did: stale after a while). */
  pendingKey?: string;
  pendingAt?: Date;
}

export type CrmRunStatus = 'queued' | 'running' | 'done' | 'failed';

/** Counts of one run. Reasons are closed sets (skip and failure reasons), never free text. */
export interface CrmRunReport {
  sent: number;
  skipped: Record<string, number>;
  failed: Record<string, number>;
  /** Up to a few contact ids per failure reason (never phones), for the organizer to look up. */
  examples: Record<string, string[]>;
  /** Contacts read so far. */
  read: number;
  /** The campaign's contacts when the run started (progress bar). */
  total: number;
  /** Contacts written without some of their answers or tags (those had no mapping). */
  unmapped?: number;
}

export interface CrmRun {
  id: string;
  orgId: string;
  kind: CrmKind;
  campaignId: string;
  status: CrmRunStatus;
  report: CrmRunReport;
  startedBy: string;
  /** Who asked, to tell them in chat (platform user id) and in which language. */
  requestedBy: { platformUserId: string; lang: Lang };
  /** The one chat message the run edits as it goes. */
  progressRef?: ChatRef;
  /** Why a whole run stopped (a closed code: unauthorized, unavailable, no_connection...). */
  error?: string;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
}

export type NewCrmRun = Omit<CrmRun, 'id' | 'orgId' | 'status' | 'report' | 'createdAt' | 'startedAt' | 'finishedAt' | 'error'>;
export type CrmRunPatch = Partial<Pick<CrmRun, 'status' | 'report' | 'progressRef' | 'error' | 'startedAt' | 'finishedAt'>>;

export function emptyReport(total = 0): CrmRunReport {
  return { sent: 0, skipped: {}, failed: {}, examples: {}, read: 0, total };
}
