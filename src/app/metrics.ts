/**
 * Prometheus metrics for operators (GET /metrics). Core and the adapters only call small hooks
 * (the Metrics sink of src/core/ports.ts, the queues' JobObserver, the chat API counters); this
 * file turns them into prom-client counters and histograms on one Registry per app.
 * Every label value comes from a closed set (status enum, error code, inbound kind, opt-out
 * source, job name, platform, route pattern, status class): never a phone, a name, an org or
 * text a person typed. Codes outside the known shapes are reported as `other`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HttpServer } from './server.js';
import type { JobName, JobObserver, Metrics } from '../core/ports.js';
import type { MessageStatus } from '../core/model/message.js';
import { bearerToken, tokenMatches } from './token-auth.js';

/** Every job name, for the queue depth gauge (a closed set). */
export const JOB_NAMES: readonly JobName[] = ['sms.send', 'sms.status', 'sms.inbound', 'chat.notify', 'claim.expire', 'contacts.import', 'outbox.sweep', 'reply.nudge', 'reply.release', 'webhook.deliver', 'crm.sync', 'deliverability.alert', 'lookup.run', 'followup.snapshot'];

/** Our own failure codes (dispatch, send, carrier adapters) that may be labels as they are. */
const LOCAL_ERROR_CODES = new Set([
  'opted_out_local', 'outside_window', 'confirmation_late', 'interrupted', 'org_missing', 'not_assigned',
  'transport', 'network', 'ambiguous', 'unknown', 'no_sender',
]);

/** A carrier error code (digits) or one of ours; anything else is `other`, and none is `none`. */
export function errorCodeLabel(code: string | undefined): string {
  if (code === undefined || code === '') return 'none';
  if (/^\d{1,6}$/.test(code) || LOCAL_ERROR_CODES.has(code)) return code;
  return 'other';
}

const MESSAGE_STATUSES = new Set<string>(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received']);
const PLATFORMS = new Set(['slack', 'discord', 'sandbox']);
const closed = (set: ReadonlySet<string>, v: string): string => (set.has(v) ? v : 'other');

export type ChatPlatform = 'slack' | 'discord';

/** Where the queue depth gauge reads its numbers: jobs of one name by state. */
export type QueueDepthSource = (name: JobName) => Promise<Record<string, number>>;

export interface AppMetrics extends Metrics {
  readonly registry: Registry;
  /** Give this to the queue adapter: wait and run times per job name. */
  readonly jobs: JobObserver;
  /** A chat platform API request went out. */
  chatCall(platform: ChatPlatform): void;
  /** A chat platform answered "rate limited" (the call waits and goes again). */
  chatRateLimited(platform: ChatPlatform): void;
  /** One HTTP request answered: route pattern (never the raw URL), method, status code, seconds. */
  httpRequest(route: string | undefined, method: string, statusCode: number, seconds: number): void;
  /** Where queue depth comes from (the app's queue), read at each scrape. */
  setQueueDepthSource(source: QueueDepthSource): void;
  /** The Prometheus text of every metric. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const texts = new Counter({ name: 'textbank_texts_total', help: 'Message statuses applied (forward only), by status and error code', labelNames: ['status', 'error_code'] as const, registers });
  const inbound = new Counter({ name: 'textbank_inbound_texts_total', help: 'New inbound texts stored, by kind and whether an org owned the sender', labelNames: ['kind', 'routed'] as const, registers });
  const optOuts = new Counter({ name: 'textbank_opt_outs_total', help: 'New opt-outs recorded, by source', labelNames: ['source'] as const, registers });
  const claims = new Counter({ name: 'textbank_claims_total', help: 'Batches taken by volunteers', registers });
  const claimed = new Counter({ name: 'textbank_claimed_contacts_total', help: 'Contacts taken in batches by volunteers', registers });
  const jobWait = new Histogram({ name: 'textbank_job_wait_seconds', help: 'Time from a job being due to its first start, by queue', labelNames: ['queue'] as const, buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers });
  const jobRun = new Histogram({ name: 'textbank_job_run_seconds', help: 'Run time of each job attempt, by queue and outcome', labelNames: ['queue', 'outcome'] as const, buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers });
  const chatCalls = new Counter({ name: 'textbank_chat_api_requests_total', help: 'Chat platform API requests, by platform', labelNames: ['platform'] as const, registers });
  const chatLimited = new Counter({ name: 'textbank_chat_api_rate_limited_total', help: 'Chat platform rate limits met (a 429 answer, or a wait for a known limit; the call goes again), by platform', labelNames: ['platform'] as const, registers });
  const http = new Histogram({ name: 'textbank_http_request_duration_seconds', help: 'HTTP handling time, by route pattern, method and status class', labelNames: ['route', 'method', 'status_class'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });

  let depthSource: QueueDepthSource | undefined;
  new Gauge({
    name: 'textbank_queue_jobs',
    help: 'Jobs in the queue by queue and state (read at each scrape)',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      if (!depthSource) return;
      const source = depthSource;
      await Promise.all(
        JOB_NAMES.map(async (name) => {
          try {
            const counts = await source(name);
            for (const [state, n] of Object.entries(counts)) {
              if (/^[a-z-]{1,32}$/.test(state) && Number.isFinite(n)) this.set({ queue: name, state }, n);
            }
          } catch {
            // The queue backend is unreachable: readiness reports it; the scrape still answers.
          }
        }),
      );
    },
  });

  const queueLabel = (name: string): string => closed(new Set<string>(JOB_NAMES), name);

  return {
    registry,
    textStatus(status: MessageStatus, errorCode?: string) {
      texts.inc({ status: closed(MESSAGE_STATUSES, status), error_code: errorCodeLabel(errorCode) });
    },
    inbound(kind, routed) {
      inbound.inc({ kind: closed(new Set(['opt_out', 'opt_in', 'help', 'probable_opt_out', 'message']), kind), routed: routed ? 'true' : 'false' });
    },
    optOut(source) {
      optOuts.inc({ source: closed(new Set(['keyword', 'phrase', 'volunteer', 'admin', 'import', 'twilio_21610', 'carrier']), source) });
    },
    claim(contacts) {
      claims.inc();
      if (contacts > 0) claimed.inc(contacts);
    },
    jobs: {
      started(name, waitMs) {
        jobWait.observe({ queue: queueLabel(name) }, waitMs / 1000);
      },
      finished(name, runMs, ok) {
        jobRun.observe({ queue: queueLabel(name), outcome: ok ? 'ok' : 'error' }, runMs / 1000);
      },
    },
    chatCall(platform) {
      chatCalls.inc({ platform: closed(PLATFORMS, platform) });
    },
    chatRateLimited(platform) {
      chatLimited.inc({ platform: closed(PLATFORMS, platform) });
    },
    httpRequest(route, method, statusCode, seconds) {
      http.observe({ route: route ?? 'unmatched', method: /^[A-Z]{3,7}$/.test(method) ? method : 'other', status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
    },
    setQueueDepthSource(source) {
      depthSource = source;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/**
 * GET /metrics. With METRICS_TOKEN set, only `Authorization: Bearer <token>` gets the numbers
 * (401 otherwise); unset, the endpoint is open (bind HOST to a private interface or set it).
 */
export function registerMetricsRoute(server: HttpServer, metrics: AppMetrics, token: string | undefined): void {
  server.get('/metrics', async (req, reply) => {
    if (token !== undefined && !tokenMatches(bearerToken(req.headers.authorization), token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'unauthorized' });
    }
    const { contentType, body } = await metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
