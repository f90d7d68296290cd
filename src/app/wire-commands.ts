import type { ChatGateway, Clock, CrmConnector, JobQueue, NumberLookup, SecretBox, Store } from '../core/ports.js';
import { createCrmSyncJob } from '../commands/crm-job.js';
import { createLookupRunJob } from '../commands/lookup-job.js';
import { createFollowUpSnapshotJob } from '../commands/followup-job.js';
import { enqueueSnapshot } from '../core/followups/create.js';
import type { Engine } from '../core/engine.js';
import type { Lang, Platform } from '../core/model/common.js';
import type { OrgDefaults } from '../commands/services.js';
import { createDispatcher, type Dispatcher } from '../commands/framework/dispatcher.js';
import type { Translate } from '../commands/framework/definition.js';
import { createChatNotifier, createTextbankCommands, registerDeliverabilityAlerts, registerReplyTimerHandlers, type FileService, type SandboxService, type Services } from '../commands/index.js';
import { CHAT_NOTIFY_CONCURRENCY } from '../commands/notify.js';
import { createWebhookDisabledNotifier } from '../commands/webhooks-notify.js';
import { createWebhookDeliverer } from '../core/webhooks/delivery.js';
import type { WebhookHttp } from '../core/webhooks/http.js';
import type { I18n } from './i18n.js';
import type { Logger } from './logger.js';
import { createFileService } from './file-service.js';
import { createChartRenderer } from '../adapters/charts/index.js';

export interface CommandsWiring {
  dispatcher: Dispatcher;
  services: Services;
  translator(lang: Lang): Translate;
}

/**
 * Commands and the chat notifier, shared by every chat adapter. Gateways are added per platform
 * as adapters start (the sandbox now; Slack and Discord plug in the same way).
 */
export function wireCommands(opts: {
  store: Store;
  engine: Engine;
  queue: JobQueue;
  clock: Clock;
  i18n: I18n;
  logger: Logger;
  gateways: Partial<Record<Platform, ChatGateway>>;
  orgDefaults?: OrgDefaults;
  /** Sandbox mode only: builds the demo loader over the app's file service. */
  sandbox?: (files: FileService) => SandboxService;
  /** Headers for downloading a platform's attachment URL (Slack's bot token for its file host). */
  headersFor?: (url: string) => Record<string, string> | undefined;
  /** Run the chat.notify job here (worker roles). */
  registerHandlers: boolean;
  /** The reply assistant in use, for /textbank settings. */
  assistantInfo?: Services['assistantInfo'];
  /** Seals org secrets at rest (absent: MongoDB without SECRET_KEY). */
  secrets?: SecretBox;
  /** Opens orgs' CRMs (simulated in sandbox mode); absent = CRM commands say unavailable. */
  crm?: CrmConnector;
  /** Outgoing webhooks' HTTP (SSRF-checked, signed); absent = webhook commands say unavailable. */
  webhooks?: WebhookHttp;
  /** MMS media (checked, re-encoded, stored); absent = `script media` says unavailable. */
  media?: Services['media'];
  /** Number lookup (Twilio or simulated) and its price and rate; absent = `/textbank lookup` says unavailable. */
  lookup?: { lookup: NumberLookup; unitPrice: number; currency: string; ratePerSecond: number };
}): CommandsWiring {
  const { store, engine, clock, logger } = opts;
  const translator = (lang: Lang): Translate => {
    const t = opts.i18n.t(lang);
    return (key, params) => t(key, params ?? {}) as string;
  };
  const onError = (err: unknown, what: unknown) => logger.error({ err, what: typeof what === 'string' ? what : (what as { kind?: string })?.kind }, 'command failed');
  const files = createFileService({ store, clock, ...(opts.headersFor ? { headersFor: opts.headersFor } : {}) });
  const services: Services = {
    store,
    engine,
    clock,
    files,
    chat: { gateways: opts.gateways, translator, onError },
    charts: createChartRenderer(),
    ...(opts.sandbox ? { sandbox: opts.sandbox(files) } : {}),
    ...(opts.orgDefaults ? { orgDefaults: opts.orgDefaults } : {}),
    ...(opts.secrets ? { secrets: opts.secrets } : {}),
    ...(opts.assistantInfo ? { assistantInfo: opts.assistantInfo } : {}),
    ...(opts.crm
      ? {
          crm: opts.crm,
          // One job per run (the id dedupes a double enqueue); a crashed run is safe to run again.
          crmRuns: { enqueue: (job: { orgId: string; runId: string }) => opts.queue.enqueue('crm.sync', job, { jobId: `crm.sync-${job.runId}`, attempts: 3, backoff: { type: 'exponential', delayMs: 30_000 } }) },
        }
      : {}),
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    ...(opts.media ? { media: opts.media } : {}),
    // One job per follow-up campaign (the id dedupes a double enqueue); a crashed copy is safe to run again.
    followUpSnapshots: { enqueue: (job: { orgId: string; campaignId: string }) => enqueueSnapshot(opts.queue, job) },
    ...(opts.lookup
      ? {
          lookups: {
            unitPrice: opts.lookup.unitPrice,
            currency: opts.lookup.currency,
            // One job per run (the id dedupes a double enqueue); a crashed run continues where it stopped.
            enqueue: (job) => opts.queue.enqueue('lookup.run', job, { jobId: `lookup.run-${job.runId}`, attempts: 5, backoff: { type: 'exponential', delayMs: 30_000 } }),
          },
        }
      : {}),
  };
  const commands = createTextbankCommands();
  const dispatcher = createDispatcher<Services>({
    store,
    clock,
    translator,
    commands: commands.commands,
    interactions: commands.interactions,
    threadMessage: commands.threadMessage,
    services,
    onError,
  });
  if (opts.registerHandlers) {
    const notifier = createChatNotifier({ store, engine, gateways: opts.gateways, translator, log: { warn: (o: object, m: string) => logger.warn(o, m) } });
    // Several conversations at once (one waiting out a chat rate limit does not hold the others); the notifier keeps each conversation's order.
    opts.queue.process('chat.notify', async (payload) => void (await notifier.handle(payload)), { concurrency: CHAT_NOTIFY_CONCURRENCY });
    // Reply nudges and releases to the reply pool: they DM volunteers, so they run beside chat.notify.
    registerReplyTimerHandlers(opts.queue, services, { warn: (o: object, m: string) => logger.warn(o, m) });
    // Deliverability warnings post to the campaign and review channels, beside chat.notify.
    registerDeliverabilityAlerts(opts.queue, services, { warn: (o: object, m: string) => logger.warn(o, m) });
    // CRM sync runs here, where the chat gateways can edit the run's progress message.
    const crmSync = createCrmSyncJob({
      store, clock, gateways: opts.gateways, translator,
      ...(opts.crm ? { crm: opts.crm } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
      log: { warn: (o: object, m: string) => logger.warn(o, m), error: (o: object, m: string) => logger.error(o, m) },
    });
    opts.queue.process('crm.sync', async (payload) => void (await crmSync.handle(payload)), { concurrency: 2 });
    // Follow-up snapshots run here, where the chat gateways can edit the copy's progress message.
    const snapshots = createFollowUpSnapshotJob({ store, clock, gateways: opts.gateways, translator, log: { warn: (o: object, m: string) => logger.warn(o, m) } });
    opts.queue.process('followup.snapshot', async (payload) => void (await snapshots.handle(payload)), { concurrency: 1 });
    // Number lookup runs here too, where the chat gateways can edit the run's progress message.
    if (opts.lookup) {
      const lookupRun = createLookupRunJob({
        store, clock, gateways: opts.gateways, translator,
        lookup: opts.lookup.lookup, ratePerSecond: opts.lookup.ratePerSecond, unitPrice: opts.lookup.unitPrice, currency: opts.lookup.currency,
        log: { warn: (o: object, m: string) => logger.warn(o, m), error: (o: object, m: string) => logger.error(o, m) },
      });
      // One run at a time per worker: the provider's rate limit is per account.
      opts.queue.process('lookup.run', async (payload, ctx) => void (await lookupRun.handle(payload, ctx)), { concurrency: 1 });
    }
    // Webhook deliveries run here, where the chat gateways can tell organizers about a webhook turned off.
    if (opts.webhooks) {
      const log = { warn: (o: object, m: string) => logger.warn(o, m), error: (o: object, m: string) => logger.error(o, m) };
      const onDisabled = createWebhookDisabledNotifier({ store, gateways: opts.gateways, translator, log });
      const deliverer = createWebhookDeliverer({ store, clock, http: opts.webhooks, log, queue: opts.queue, onDisabled: async (w) => void (await onDisabled(w)), ...(opts.secrets ? { secrets: opts.secrets } : {}) });
      opts.queue.process('webhook.deliver', async (payload, ctx) => void (await deliverer.handle(payload, ctx)), { concurrency: 4 });
      void deliverer.scheduleSweep();
    }
  }
  return { dispatcher, services, translator };
}
