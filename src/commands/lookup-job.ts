// The `lookup.run` job: runs one campaign's number lookup (core runLookup), edits the run's one
// progress message as batches finish, and ends it with the report in the organizer's language.
// A re-delivered job of a finished run does nothing; a job retried after a crash continues where
// the run stopped (numbers already answered are in the org's cache and cost nothing again).
import type { Lang, Platform } from '../core/model/common.js';
import { LookupRunJob, lookupRunScope, reportOfTallies, type LookupReport } from '../core/lookups/model.js';
import { runLookup } from '../core/lookups/run.js';
import type { ChatGateway, Clock, NumberLookup, Store } from '../core/ports.js';
import type { View } from '../core/views/view.js';
import type { Translate } from './framework/definition.js';
import { progressView, reportView } from './views/lookup.js';

export interface LookupRunJobDeps {
  store: Store;
  clock: Clock;
  lookup: NumberLookup;
  /** LOOKUP_RATE_PER_SECOND. */
  ratePerSecond: number;
  unitPrice: number;
  currency: string;
  gateways: Partial<Record<Platform, ChatGateway>>;
  translator(lang: Lang): Translate;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Least time between two edits of the progress message (default 2 s; chat APIs rate-limit edits). */
  progressEveryMs?: number;
  /** Rate limiter and retry waits (tests pass one that moves a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  batchSize?: number;
  /** The queue's attempts for one job (default 5): the last failed attempt ends the message with a reason. */
  maxAttempts?: number;
}

export function createLookupRunJob(deps: LookupRunJobDeps): { handle(payload: unknown, ctx?: { attempt: number }): Promise<void> } {
  const { store, clock } = deps;
  const every = deps.progressEveryMs ?? 2_000;

  async function show(job: LookupRunJob, platform: Platform | undefined, view: View): Promise<void> {
    try {
      if (job.progressRef) {
        const gateway = deps.gateways[job.progressRef.platform];
        if (gateway) return await gateway.update(job.progressRef, view);
      }
      const gateway = platform ? deps.gateways[platform] : undefined;
      if (gateway) await gateway.dm(job.requestedBy.platformUserId, view);
    } catch (err) {
      deps.log?.warn({ err: String(err).slice(0, 300), runId: job.runId }, 'lookup.run: the progress message could not be updated');
    }
  }

  return {
    async handle(payload, ctx) {
      const job = LookupRunJob.parse(payload);
      const scope = lookupRunScope(job.runId);
      if (reportOfTallies(await store.tallies.get(job.orgId, scope)).finished) return;
      const t = deps.translator(job.requestedBy.lang);
      const lang = job.requestedBy.lang;
      const org = await store.orgs.get(job.orgId);
      const campaign = await store.campaigns.get(job.orgId, job.campaignId);
      if (!org) return;
      const campaignName = campaign?.name ?? '-';
      const finish = async (report: LookupReport, stopped?: string): Promise<void> =>
        show(job, org.platform, reportView(t, { campaignName, report, unitPrice: deps.unitPrice, currency: deps.currency, lang, finishedAt: clock.now(), ...(stopped ? { stopped } : {}) }));
      if (!campaign) {
        await store.tallies.increment(job.orgId, scope, { finished: 1 });
        return finish(reportOfTallies(await store.tallies.get(job.orgId, scope)), 'no_campaign');
      }
      let shownAt = 0;
      let report: LookupReport;
      try {
        report = await runLookup(
          { store, clock, lookup: deps.lookup, ...(deps.sleep ? { sleep: deps.sleep } : {}) },
          {
            orgId: job.orgId,
            campaignId: campaign.id,
            runId: job.runId,
            ratePerSecond: deps.ratePerSecond,
            ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
            onProgress: async (r) => {
              const now = clock.now().getTime();
              if (now - shownAt < every) return;
              shownAt = now;
              await show(job, org.platform, progressView(t, { campaignName, report: r, lang }));
            },
          },
        );
      } catch (err) {
        deps.log?.error({ err: String(err).slice(0, 300), runId: job.runId, attempt: ctx?.attempt }, 'lookup.run: the run failed');
        // Retried by the queue (it continues where it stopped); after the last attempt the organizer is told.
        if ((ctx?.attempt ?? 1) < (deps.maxAttempts ?? 5)) throw err;
        await store.tallies.increment(job.orgId, scope, { finished: 1 });
        return finish(reportOfTallies(await store.tallies.get(job.orgId, scope)), 'unexpected');
      }
      await finish(report);
    },
  };
}
