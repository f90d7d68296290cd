// The texting engine: every service wired from the ports, and the job handlers
// registered on the queue. The app, the sandbox and the tests are the composition points.
import type { Clock, DomainEvent, DomainEventSink, JobQueue, Metrics, ReplyAssistant, SmsGateway, Store } from './ports.js';
import { EngineConfig, type EngineConfigInput } from './engine-config.js';
import { silentLogger, type EngineDeps, type EngineLogger, type Translate } from './campaigns/engine-deps.js';
import { CampaignService } from './campaigns/campaign-service.js';
import { ClaimService } from './assignments/claim-service.js';
import { SendService } from './conversations/send-service.js';
import { DispatchService } from './conversations/dispatch-service.js';
import { InboundService } from './conversations/inbound-service.js';
import { ReplyService } from './conversations/reply-service.js';
import { StatsService } from './stats/stats-service.js';
import { LinkService } from './links/link-service.js';
import { ClaimExpireJob, StatusJob } from './conversations/job-payloads.js';
import { publishEvent } from './webhooks/publish.js';

export interface CreateEngineOptions {
  store: Store;
  queue: JobQueue;
  sms: SmsGateway;
  clock: Clock;
  config?: EngineConfigInput;
  /** Renders voter-facing texts (opt-out confirmation, HELP reply) from locales; the app passes i18next. */
  translate?: Translate;
  log?: EngineLogger;
  /** Operator counters (texts by status, inbound, opt-outs, claims); the app passes Prometheus. */
  metrics?: Metrics;
  /** Reads voter replies (triage); default: the offline rules. */
  assistant?: ReplyAssistant;
  /** Told what happened (outgoing webhooks). */
  events?: DomainEventSink;
  /** Register the job handlers on the queue (default true). False: a process that only enqueues (web role). */
  registerHandlers?: boolean;
  /** Concurrency of the sms.send worker (default 4). */
  sendConcurrency?: number;
}

export interface Engine {
  readonly config: EngineConfig;
  readonly campaigns: CampaignService;
  readonly claims: ClaimService;
  readonly send: SendService;
  readonly dispatch: DispatchService;
  readonly inbound: InboundService;
  readonly replies: ReplyService;
  readonly stats: StatsService;
  /** Tracked links: each contact's own link, and the redirect route's clicks. */
  readonly links: LinkService;
  /** Starts the repeating outbox sweep (call once per worker process at boot; restarts do not double it). */
  startSweeper(): Promise<void>;
  /** Tells the events sink (outgoing webhooks) what happened outside the engine's services; never throws. */
  publish(event: DomainEvent): Promise<void>;
}

export function createEngine(opts: CreateEngineOptions): Engine {
  const config = EngineConfig.parse(opts.config ?? {});
  const deps: EngineDeps = {
    store: opts.store,
    queue: opts.queue,
    sms: opts.sms,
    clock: opts.clock,
    config,
    ...(opts.translate ? { translate: opts.translate } : {}),
    log: opts.log ?? silentLogger,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.assistant ? { assistant: opts.assistant } : {}),
    ...(opts.events ? { events: opts.events } : {}),
  };
  const claims = new ClaimService(deps);
  const dispatch = new DispatchService(deps);
  const engine: Engine = {
    config,
    campaigns: new CampaignService(deps),
    claims,
    send: new SendService(deps, claims),
    dispatch,
    inbound: new InboundService(deps),
    replies: new ReplyService(deps),
    stats: new StatsService(deps),
    links: new LinkService(deps),
    startSweeper: () => dispatch.scheduleSweep(),
    publish: (event) => publishEvent(deps, event),
  };
  if (opts.registerHandlers !== false) registerEngineHandlers(engine, opts.queue, opts.sendConcurrency ?? 4);
  return engine;
}

/** sms.send, sms.status, sms.inbound, claim.expire and outbox.sweep. (chat.notify belongs to the chat layer.) */
export function registerEngineHandlers(engine: Engine, queue: JobQueue, sendConcurrency = 4): void {
  queue.process('sms.send', async (payload, ctx) => {
    await engine.dispatch.handleSend(payload, ctx);
  }, { concurrency: sendConcurrency });
  queue.process('sms.status', async (payload) => {
    await engine.dispatch.applyStatus(StatusJob.parse(payload));
  });
  queue.process('sms.inbound', async (payload) => {
    await engine.inbound.handle(payload);
  });
  queue.process('claim.expire', async (payload) => {
    const p = ClaimExpireJob.parse(payload);
    await engine.claims.expireIfIdle(p.orgId, p.claimId, p.n);
  });
  queue.process('outbox.sweep', async (payload) => {
    await engine.dispatch.handleSweep(payload);
  });
}
