// The `crm.sync` job: runs one stored sync run (core runCrmSync), keeps the run record current,
// edits the run's one progress message as batches finish, and ends it with the report in the
// organizer's language. A run that already finished is not run again (a re-delivered job); a
// run that crashed midway is safe to run again (per-contact claims in the store).
import type { Lang, Platform } from '../core/model/common.js';
import { runCrmSync } from '../core/crm/sync-service.js';
import type { CrmRun, CrmRunReport } from '../core/crm/model.js';
import type { ChatGateway, Clock, CrmConnector, SecretBox, Store } from '../core/ports.js';
import type { View } from '../core/views/view.js';
import { UserError } from '../core/errors.js';
import type { Translate } from './framework/definition.js';
import { CrmSyncJob } from './crm.js';
import { openConnection } from './crm-support.js';
import { runProgressView, runReportView } from './views/crm.js';

export interface CrmSyncJobDeps {
  store: Store;
  clock: Clock;
  crm?: CrmConnector;
  secrets?: SecretBox;
  gateways: Partial<Record<Platform, ChatGateway>>;
  translator(lang: Lang): Translate;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Least time between two edits of the progress message (default 2 s; chat APIs rate-limit edits). */
  progressEveryMs?: number;
  /** Retry waits inside a run (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  batchSize?: number;
}

export interface CrmSyncJobRunner {
  handle(payload: unknown): Promise<void>;
}

export function createCrmSyncJob(deps: CrmSyncJobDeps): CrmSyncJobRunner {
  const { store, clock } = deps;
  const every = deps.progressEveryMs ?? 2_000;

  async function show(run: CrmRun, view: View): Promise<void> {
    try {
      if (run.progressRef) {
        const gateway = deps.gateways[run.progressRef.platform];
        if (gateway) return await gateway.update(run.progressRef, view);
      }
      const org = await store.orgs.get(run.orgId);
      const gateway = org ? deps.gateways[org.platform] : undefined;
      if (gateway) await gateway.dm(run.requestedBy.platformUserId, view);
    } catch (err) {
      deps.log?.warn({ err: String(err), runId: run.id }, 'crm.sync: the progress message could not be updated');
    }
  }

  async function finish(run: CrmRun, t: Translate, campaignName: string, report: CrmRunReport, error?: string): Promise<void> {
    const finishedAt = clock.now();
    const done = await store.crm.updateRun(run.orgId, run.id, { status: error ? 'failed' : 'done', report, finishedAt, ...(error ? { error } : {}) });
    await show(done ?? run, runReportView(t, { kind: run.kind, campaignName, report, lang: run.requestedBy.lang, finishedAt, ...(error ? { stopped: error } : {}) }));
  }

  return {
    async handle(payload) {
      const job = CrmSyncJob.parse(payload);
      const run = await store.crm.getRun(job.orgId, job.runId);
      if (!run || run.status === 'done' || run.status === 'failed') return;
      const t = deps.translator(run.requestedBy.lang);
      const campaign = await store.campaigns.get(run.orgId, run.campaignId);
      const campaignName = campaign?.name ?? '-';
      const connection = await store.crm.getConnection(run.orgId, run.kind);
      if (!campaign || !connection) return finish(run, t, campaignName, run.report, campaign ? 'no_connection' : 'no_campaign');
      if (!deps.crm || !deps.secrets) return finish(run, t, campaignName, run.report, 'no_secret_key');
      let crm;
      try {
        crm = openConnection({ crm: deps.crm, secrets: deps.secrets }, connection);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return finish(run, t, campaignName, run.report, 'key_unreadable');
      }
      await store.crm.updateRun(run.orgId, run.id, { status: 'running', startedAt: clock.now() });
      let shownAt = 0;
      try {
        const result = await runCrmSync(
          { store, clock, ...(deps.sleep ? { sleep: deps.sleep } : {}) },
          {
            orgId: run.orgId,
            kind: run.kind,
            campaign,
            mapping: connection.mappings.find((m) => m.campaignId === campaign.id),
            crm,
            ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
            onProgress: async (report) => {
              await store.crm.updateRun(run.orgId, run.id, { report });
              const now = clock.now().getTime();
              if (now - shownAt < every) return;
              shownAt = now;
              await show(run, runProgressView(t, { kind: run.kind, campaignName, report, lang: run.requestedBy.lang }));
            },
          },
        );
        await finish(run, t, campaignName, result.report, result.stopped);
      } catch (err) {
        deps.log?.error({ err: String(err).slice(0, 300), runId: run.id }, 'crm.sync: the run failed');
        const latest = (await store.crm.getRun(run.orgId, run.id))?.report ?? run.report;
        await finish(run, t, campaignName, latest, 'unexpected');
      }
    },
  };
}
