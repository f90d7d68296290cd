// Operators' metrics (GET /metrics): a sandbox campaign through the engine (memory store,
// in-process queue, simulated carrier) with the Prometheus sink wired the way compose.ts wires
// it, scraped over real HTTP on 127.0.0.1. Counters move, labels stay closed sets, and no voter
// phone, name, message text or org name ever appears in the output.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createInProcessQueue, type InProcessQueue } from '../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../../src/adapters/simulated-sms/simulated-carrier.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import { createLogger } from '../../src/app/logger.js';
import { buildServer, type HttpServer } from '../../src/app/server.js';
import { createMetrics, errorCodeLabel, registerMetricsRoute, type AppMetrics } from '../../src/app/metrics.js';
import { ORG_NUMBER, ORG_SERVICE, SCRIPTS, contactsFor, fakeClock, interaction, realTranslate } from '../core/engine/harness.js';

const ORG_NAME = 'Riverside Neighbors Alliance';
const REPLY_TEXT = 'Yes, my whole family will vote at the library';

let server: HttpServer | undefined;
let queue: InProcessQueue | undefined;
afterEach(async () => {
  await server?.close();
  await queue?.close();
  server = undefined;
  queue = undefined;
});

async function serve(metrics: AppMetrics, token?: string): Promise<string> {
  server = await buildServer({ logger: createLogger('silent'), probes: [], onResponse: (r, m, s, sec) => metrics.httpRequest(r, m, s, sec) });
  registerMetricsRoute(server, metrics, token);
  // A webhook-like route with a path parameter: its label must be the pattern, never the URL.
  server.post('/hooks/:phone', async () => ({ ok: true }));
  return server.listen({ port: 0, host: '127.0.0.1' });
}

/** The value of one sample, e.g. sample(text, 'textbank_claims_total') or with labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

async function sandboxCampaign(metrics: AppMetrics) {
  const clock = fakeClock();
  const store = createMemoryStore({ clock });
  queue = createInProcessQueue({ clock, logger: { error: () => undefined }, observer: metrics.jobs });
  const q = queue;
  metrics.setQueueDepthSource((name) => q.counts(name));
  const ref: { engine?: Engine } = {};
  const carrier = createSimulatedCarrier({
    clock,
    onStatus: async (cb) => void (await ref.engine?.dispatch.applyStatus(cb)),
    onInbound: async (m) => void (await ref.engine?.inbound.receive({ ...m, messagingServiceSid: ORG_SERVICE })),
  });
  const engine = createEngine({ store, queue, sms: carrier, clock, translate: await realTranslate(), config: { retryBackoffMs: 0 }, metrics });
  ref.engine = engine;
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'T-metrics', name: ORG_NAME, helpContact: 'help@riverside.example', sms: { numbers: [ORG_NUMBER], messagingServiceSid: ORG_SERVICE } });
  const organizer = await store.members.upsert(org.id, { platformUserId: 'U-org', displayName: 'Olivia Organizer', role: 'organizer' });
  const volunteer = await store.members.upsert(org.id, { platformUserId: 'U-vol', displayName: 'Ana Volunteer', role: 'volunteer' });
  const created = await engine.campaigns.create(org.id, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, batchSize: 10 }, organizer.id);
  if (!created.ok) throw new Error(created.reason);
  const contacts = contactsFor(5).map((c, i) => ({ ...c, firstName: `Rosalind${i}`, lastName: 'Quimby' }));
  await store.contacts.insertMany(org.id, created.campaign.id, contacts);
  const started = await engine.campaigns.start(org.id, created.campaign.id, organizer.id);
  if (!started.ok) throw new Error(started.reason);

  const claim = await engine.claims.claim(org.id, created.campaign.id, volunteer.id);
  if (!claim.ok) throw new Error(claim.reason);
  let next = claim.next;
  while (next) {
    const r = await engine.send.sendInitial({ orgId: org.id, claimId: claim.claim.id, contactId: next.id, pressedBy: volunteer.id, interactionId: interaction(), platform: 'sandbox', channelId: 'C1', signatureVerified: true });
    if (!r.ok) throw new Error(r.reason);
    next = r.next;
  }
  const settle = async () => {
    for (let i = 0; i < 10; i += 1) {
      await q.drain();
      await carrier.flush();
      await q.drain();
    }
  };
  await settle();
  await carrier.injectReply({ from: contacts[0]!.phone, to: ORG_NUMBER, body: REPLY_TEXT });
  await carrier.injectReply({ from: contacts[1]!.phone, to: ORG_NUMBER, body: 'STOP' });
  await settle();
  return { contacts, sent: carrier.sent().length };
}

describe('GET /metrics', () => {
  it('counts a sandbox campaign (texts by status, a reply, a STOP, the claim, job latency, HTTP time) with no voter data in any label (R1.2)', async () => {
    const metrics = createMetrics();
    const { contacts, sent } = await sandboxCampaign(metrics);
    expect(sent).toBeGreaterThanOrEqual(5); // five initials (and the opt-out confirmation)
    const base = await serve(metrics);

    const hook = await fetch(`${base}/hooks/${encodeURIComponent(contacts[2]!.phone)}`, { method: 'POST' });
    expect(hook.status).toBe(200);
    await fetch(`${base}/metrics`); // so the next scrape has observed /metrics itself
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();

    // Texts by status: the simulated carrier says sent, then delivered, for each accepted text.
    expect(sample(text, 'textbank_texts_total', { status: 'delivered', error_code: 'none' })).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'textbank_texts_total', { status: 'sent', error_code: 'none' })).toBeGreaterThanOrEqual(5);
    // Inbound by kind, the opt-out by source, the claim.
    expect(sample(text, 'textbank_inbound_texts_total', { kind: 'message', routed: 'true' })).toBe(1);
    expect(sample(text, 'textbank_inbound_texts_total', { kind: 'opt_out', routed: 'true' })).toBe(1);
    expect(sample(text, 'textbank_opt_outs_total', { source: 'keyword' })).toBe(1);
    expect(sample(text, 'textbank_claims_total')).toBe(1);
    expect(sample(text, 'textbank_claimed_contacts_total')).toBe(5);
    // Job latency per queue (wait and run histograms) and queue depth (drained: zero waiting).
    expect(sample(text, 'textbank_job_run_seconds_count', { queue: 'sms.send', outcome: 'ok' })).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'textbank_job_wait_seconds_count', { queue: 'sms.send' })).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'textbank_queue_jobs', { queue: 'sms.send', state: 'waiting' })).toBe(0);
    // HTTP time by route pattern and status class, never the raw URL.
    expect(sample(text, 'textbank_http_request_duration_seconds_count', { route: '/hooks/:phone', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(sample(text, 'textbank_http_request_duration_seconds_count', { route: '/metrics', method: 'GET', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    // Process metrics.
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // No voter phone (any form), name, message text or org name anywhere.
    for (const c of contacts) {
      expect(text).not.toContain(c.phone);
      expect(text).not.toContain(c.phone.slice(2)); // 10 digits
      expect(text).not.toContain(c.phone.slice(-7));
      expect(text).not.toContain(c.firstName);
    }
    expect(text).not.toContain('Quimby');
    expect(text).not.toContain(REPLY_TEXT);
    expect(text).not.toContain('library');
    expect(text).not.toContain(ORG_NAME);
    expect(text).not.toContain('Riverside');
    expect(text).not.toContain('STOP');
  });

  it('with METRICS_TOKEN set, refuses a scrape without the Bearer token or with a wrong one (401) and answers the right one', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.claim(3);
    const token = 'scrape-token-0123456789abcdef';
    const base = await serve(metrics, token);
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(await none.text()).not.toContain('textbank_claims_total');
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${base}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
    const right = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(sample(await right.text(), 'textbank_claimed_contacts_total')).toBe(3);
  });

  it('keeps labels to closed sets: a code or value outside them is reported as other, never as given', async () => {
    expect(errorCodeLabel('30007')).toBe('30007');
    expect(errorCodeLabel('opted_out_local')).toBe('opted_out_local');
    expect(errorCodeLabel(undefined)).toBe('none');
    expect(errorCodeLabel('+12125550123')).toBe('other');
    expect(errorCodeLabel('Maria Lopez said no')).toBe('other');
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.textStatus('failed', 'call +1 212 555 0123');
    metrics.httpRequest(undefined, 'GET', 404, 0.001);
    metrics.jobs.started('nope' as never, 5);
    const { body } = await metrics.render();
    expect(sample(body, 'textbank_texts_total', { status: 'failed', error_code: 'other' })).toBe(1);
    expect(sample(body, 'textbank_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(sample(body, 'textbank_job_wait_seconds_count', { queue: 'other' })).toBe(1);
    expect(body).not.toContain('555');
  });
});
