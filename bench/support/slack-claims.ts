// The HTTP half of the claims benchmark: N signed Slack Claim presses sent at once to one web
// process composed like the Slack adapter tests (test/adapters/slack/support/slack-app.ts: real
// Bolt receiver on fastify, commands, engine, memory store; fake Slack Web API on loopback).
// Per press: the HTTP answer time (Slack wants the ack within 3 s) and the time until its card
// reaches the fake Slack (response_url post, else chat.postEphemeral to that user).
import { ACTION } from '../../src/commands/actions.js';
import type { Actor } from '../../src/commands/framework/invocation.js';
import { SCRIPTS, SURVEY } from '../../test/core/engine/harness.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { blockActions, sign, SIGNING_SECRET, TEAM, type SlackRequest } from '../../test/adapters/slack/support/requests.js';
import { startSlackApp } from '../../test/adapters/slack/support/slack-app.js';
import { insertContacts, ms, percentile, timed } from './campaign-setup.js';

const OWNER = 'U0OWNER';
const CHANNEL = 'C0GOTV';
const ACK_GOAL_MS = 3_000;
const CARD_GOAL_MS = 10_000;

export interface HttpClaimFigures {
  presses: number;
  statuses: Record<string, number>;
  ack: number[];
  card: number[];
  /** Presses whose card had not arrived when waiting stopped. */
  missing: number;
  totalMs: number;
  claimedInStore: number;
  /** Client send -> the server read the request's headers. */
  toServer: number[];
  /** Headers read -> answer written by the server (the ack's time inside the app). */
  inServer: number[];
  /** Answer written -> the client has it. */
  toClient: number[];
  /** The app process's event-loop delay during the presses. */
  loopDelayMs: { p99: number; max: number };
  /** CPU seconds of this whole process (app, fake Slack, client thread) over the presses. */
  cpuSeconds: number;
}

const volunteerId = (i: number): string => `U0V${String(i).padStart(5, '0')}`;

function actor(userId: string, displayName: string, extra: Partial<Actor> = {}): Actor {
  return { platform: 'slack', orgExternalId: TEAM.id, orgName: 'Texas Forward', userId, displayName, ...extra };
}

/** Plain JS (no loader needed in the worker): POST every request at once, report when each was sent and answered. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const out = await Promise.all(workerData.requests.map(async (r) => {
    const sentAt = Date.now();
    try {
      const res = await fetch(workerData.url + '/slack/events', { method: 'POST', headers: { 'content-type': r.contentType, 'x-slack-request-timestamp': String(r.ts), 'x-slack-signature': r.signature }, body: r.body });
      await res.text();
      return { sentAt, doneAt: Date.now(), status: String(res.status) };
    } catch (err) {
      return { sentAt, doneAt: Date.now(), status: 'error ' + String(err && err.cause ? err.cause.code || err.cause : err) };
    }
  }));
  parentPort.postMessage(out);
})();
`;

interface Sent {
  sentAt: number;
  doneAt: number;
  status: string;
}

function pressFromWorker(url: string, requests: (SlackRequest & { ts: number; signature: string })[]): Promise<Sent[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, requests }, execArgv: [] });
    worker.once('message', (m: Sent[]) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export async function httpClaims(opts: { claimers: number; contacts: number; waitMs?: number; log?: (line: string) => void }): Promise<HttpClaimFigures> {
  const log = opts.log ?? console.log;
  const app = await startSlackApp();
  try {
    const { orgId, campaignId } = await timed(`slack app + ${opts.contacts.toLocaleString('en-US')} contacts`, async () => {
      app.fake.addUser({ id: OWNER, name: 'Olivia Owner', isAdmin: true });
      await app.handle({ kind: 'command', actor: actor(OWNER, 'Olivia Owner', { isPlatformAdmin: true }), interactionId: 'bench-setup', text: 'setup' });
      const org = await app.store.orgs.findByExternal('slack', TEAM.id);
      const owner = org ? await app.store.members.findByPlatformUser(org.id, OWNER) : null;
      if (!org || !owner) throw new Error('bench: setup did not create the org and its owner');
      const created = await app.engine.campaigns.create(org.id, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, survey: SURVEY }, owner.id);
      if (!created.ok) throw new Error(`bench: campaign create failed: ${created.reason}`);
      await insertContacts(app.store, org.id, created.campaign.id, opts.contacts);
      const started = await app.engine.campaigns.start(org.id, created.campaign.id, owner.id);
      if (!started.ok) throw new Error(`bench: campaign start failed: ${started.reason}`);
      for (let i = 0; i < opts.claimers; i += 1) app.fake.addUser({ id: volunteerId(i), name: `Volunteer ${i}`, locale: 'en-US' });
      return { orgId: org.id, campaignId: created.campaign.id };
    }, log);
    await app.settle();
    app.fake.reset(); // calls and response posts only; the users stay

    const responseIds = new Map<string, number>();
    const requests = Array.from({ length: opts.claimers }, (_, i) => {
      const responseUrl = app.fake.responseUrl();
      responseIds.set(responseUrl.slice(responseUrl.lastIndexOf('/') + 1), i);
      return blockActions({ user: volunteerId(i), actionId: ACTION.claim, value: campaignId, channel: CHANNEL, messageTs: '1795000000.000100', responseUrl });
    });
    const byUser = new Map(Array.from({ length: opts.claimers }, (_, i) => [volunteerId(i), i] as const));
    const sentAt: number[] = new Array<number>(opts.claimers).fill(0); // filled from the client's report
    const cardAt: (number | undefined)[] = new Array<number | undefined>(opts.claimers).fill(undefined);
    let arrived = 0;
    let seenResponses = 0;
    let seenEphemeral = 0;
    const arrive = (i: number | undefined, at: number): void => {
      if (i === undefined || cardAt[i] !== undefined) return;
      cardAt[i] = at;
      arrived += 1;
    };
    // Watches the fake: a response_url post is timed when seen (every 2 ms), a Web API call by its own `at`.
    const watch = (): void => {
      const now = Date.now();
      for (; seenResponses < app.fake.responses.length; seenResponses += 1) arrive(responseIds.get(app.fake.responses[seenResponses]!.id), now);
      const eph = app.fake.calls('chat.postEphemeral');
      for (; seenEphemeral < eph.length; seenEphemeral += 1) arrive(byUser.get(String(eph[seenEphemeral]!.args.user)), eph[seenEphemeral]!.at);
    };
    const watcher = setInterval(watch, 2);
    // Server-side times, from the node HTTP server under fastify: when each request's headers were
    // read, and when its answer was written (the ack leaving this process).
    const bySignature = new Map<string, number>();
    const serverIn: (number | undefined)[] = [];
    const serverOut: (number | undefined)[] = [];
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      const i = bySignature.get(String(req.headers['x-slack-signature']));
      if (i === undefined) return;
      serverIn[i] = Date.now();
      res.once('finish', () => void (serverOut[i] = Date.now()));
    };
    app.server.server.on('request', onRequest);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu = process.cpuUsage();

    // The presses come from a worker thread (its own event loop, as Slack is its own machine), so an
    // answer is timed when it reaches the client, not when this busy loop gets round to reading it.
    const t0 = Date.now();
    const ts = app.nowSec();
    const signed = requests.map((r) => ({ ...r, ts, signature: sign(SIGNING_SECRET, ts, r.body) }));
    signed.forEach((r, i) => bySignature.set(r.signature, i));
    const sent = await pressFromWorker(app.url, signed);
    const statuses: Record<string, number> = {};
    const ack: number[] = [];
    for (const [i, r] of sent.entries()) {
      sentAt[i] = r.sentAt;
      ack.push(r.doneAt - r.sentAt);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    const deadline = Date.now() + (opts.waitMs ?? 60_000);
    while (arrived < opts.claimers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    clearInterval(watcher);
    watch();
    loop.disable();
    const cpuUsed = process.cpuUsage(cpu);
    app.server.server.off('request', onRequest);
    const gap = (from: (i: number) => number | undefined, to: (i: number) => number | undefined): number[] =>
      sent.flatMap((_, i) => {
        const a = from(i);
        const b = to(i);
        return a === undefined || b === undefined ? [] : [b - a];
      }).sort((x, y) => x - y);
    const totalMs = Date.now() - t0;
    const card = cardAt.flatMap((at, i) => (at === undefined ? [] : [at - (sentAt[i] as number)]));
    const counts = await app.store.contacts.countByStatus(orgId, campaignId);
    return {
      presses: opts.claimers, statuses, ack: ack.sort((a, b) => a - b), card: card.sort((a, b) => a - b), missing: opts.claimers - card.length, totalMs, claimedInStore: counts.assigned ?? 0,
      toServer: gap((i) => sentAt[i], (i) => serverIn[i]),
      inServer: gap((i) => serverIn[i], (i) => serverOut[i]),
      toClient: gap((i) => serverOut[i], (i) => sent[i]?.doneAt),
      loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
    };
  } finally {
    await app.close();
  }
}

function line(what: string, values: readonly number[], goalMs: number, presses: number): string {
  const within = values.filter((v) => v <= goalMs).length;
  return `${what}: p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(values.at(-1) ?? Number.NaN)}; within ${goalMs / 1000} s: ${within}/${presses} (${((within / presses) * 100).toFixed(1)}%)`;
}

export function printHttp(f: HttpClaimFigures): void {
  console.log(`  http: ${f.presses} signed Slack Claim presses at once, one web process (client in a worker thread); HTTP statuses ${JSON.stringify(f.statuses)}`);
  console.log(`    ${line('ack (HTTP answer)', f.ack, ACK_GOAL_MS, f.presses)}`);
  console.log(`    ${line('card at fake Slack', f.card, CARD_GOAL_MS, f.presses)}${f.missing > 0 ? `; ${f.missing} cards never arrived` : ''}`);
  const split = (what: string, v: readonly number[]): string => `${what} p50 ${ms(percentile(v, 50))} / p99 ${ms(percentile(v, 99))}`;
  console.log(`    where the ack time goes: ${split('client -> server read the request', f.toServer)}; ${split('read -> ack written', f.inServer)}; ${split('written -> client', f.toClient)}`);
  console.log(`    app event-loop delay during the presses: p99 ${ms(f.loopDelayMs.p99)}, max ${ms(f.loopDelayMs.max)}; CPU ${f.cpuSeconds.toFixed(2)} s over ${(f.totalMs / 1000).toFixed(2)} s wall (app, fake Slack and client share this process)`);
  console.log(`    all cards within ${(f.totalMs / 1000).toFixed(2)} s of the first press; contacts assigned in the store ${f.claimedInStore.toLocaleString('en-US')}`);
}
