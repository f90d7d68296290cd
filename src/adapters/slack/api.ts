/**
 * The Slack Web API calls the adapter makes, over the official WebClient (which honours
 * `slackApiUrl`, so tests point it at a local fake). Small typed results; Slack errors throw,
 * and refusals a person can fix (bot not in the channel, archived, missing scope, rate limited)
 * throw ChatDeliveryError. DM channel ids are cached per member; auth.test is asked once (and
 * again after a failure), and `knownAuth` reads its answer without waiting.
 * Ack first, then work: `ackBeforeCalls` runs a piece of interaction work so that the first Web
 * API call it makes acks the Slack request before the call goes out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { webApi } from '@slack/bolt';
import type { types as SlackTypes } from '@slack/bolt';
import type { Clock } from '../../core/ports.js';
import { delivering } from './chat-errors.js';
import { boltLogger, type SlackLog } from './log.js';
import type { SlackHosts } from './hosts.js';
import type { RenderedMessage } from './render.js';
import { TtlCache } from './ttl-cache.js';

export interface SlackUser {
  id: string;
  name: string;
  locale?: string;
  isAdmin: boolean;
  isBot: boolean;
  teamId?: string;
}
export interface SlackFile {
  id: string;
  name: string;
  url: string;
  size?: number;
}
export interface UploadInput {
  name: string;
  content: Buffer | string;
  title?: string;
}

export interface BotIdentity {
  userId: string;
  botId?: string;
  teamId?: string;
}

export interface SlackApi {
  authTest(): Promise<BotIdentity>;
  /** auth.test's answer if it already came; never waits. */
  knownAuth(): BotIdentity | undefined;
  /**
   * Runs `work`; before the first Web API call (or response_url post) made inside it, `ack` is
   * awaited, so nothing remote happens before the Slack request is acknowledged.
   */
  ackBeforeCalls<T>(ack: () => Promise<void>, work: () => Promise<T>): Promise<T>;
  postMessage(channel: string, message: RenderedMessage, threadTs?: string): Promise<{ channel: string; ts: string }>;
  update(channel: string, ts: string, message: RenderedMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: RenderedMessage, threadTs?: string): Promise<void>;
  openDm(user: string): Promise<string>;
  openView(triggerId: string, view: SlackTypes.ModalView): Promise<void>;
  userInfo(user: string): Promise<SlackUser | null>;
  teamInfo(team: string): Promise<{ name: string; domain?: string } | null>;
  fileInfo(id: string): Promise<SlackFile | null>;
  /** CSV files this member shared in this channel since `sinceSec` (newest first). */
  recentCsvFiles(channel: string, user: string, sinceSec: number): Promise<SlackFile[]>;
  uploadFile(channel: string, file: UploadInput, comment?: string): Promise<void>;
  /** POSTs a message body to an interaction's response_url. */
  respond(responseUrl: string, body: Record<string, unknown>): Promise<void>;
}

export interface SlackApiOptions {
  token: string;
  /** Web API base (SLACK_API_URL), default https://slack.com/api/. */
  apiUrl?: string;
  hosts: SlackHosts;
  clock: Clock;
  log: SlackLog;
  /**
   * Retries of a failed call (default 8). A 429 is waited out for its Retry-After and then uses
   * one retry (that is how the WebClient counts), so this is also how many rate limits in a row
   * a call survives before it throws (and its queue job retries).
   */
  retries?: number;
  /** Most seconds one Retry-After of a response_url is waited (default 30). */
  maxRetryAfterSec?: number;
  /** Operator counters: every Web API request (retries included) and every rate-limited answer. */
  counters?: SlackApiCounters;
}

export interface SlackApiCounters {
  call(): void;
  rateLimited(): void;
}

const RESPONSE_URL_ATTEMPTS = 6;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A WebClient that counts its requests: every method is bound to `apiCall` when it is built. */
function countingClient(counters: SlackApiCounters | undefined): typeof webApi.WebClient {
  if (!counters) return webApi.WebClient;
  return class CountingWebClient extends webApi.WebClient {
    override apiCall(method: string, options?: Record<string, unknown>): Promise<webApi.WebAPICallResult> {
      counters.call();
      return super.apiCall(method, options);
    }
  };
}

export function createSlackApi(opts: SlackApiOptions): SlackApi {
  const WebClient = countingClient(opts.counters);
  const client = new WebClient(opts.token, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/` } : {}),
    logger: boltLogger(opts.log),
    retryConfig: { retries: opts.retries ?? 8, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    // Rate-limited calls wait for Slack's Retry-After and go again; they never fail at once.
    rejectRateLimitedCalls: false,
    timeout: 15_000,
  });
  client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterSec: number, req: { url?: string }) => {
    opts.counters?.rateLimited();
    opts.log.warn({ retryAfterSec, method: req.url?.split('/').pop() }, 'slack: rate limited; waiting for Retry-After');
  });
  const dms = new TtlCache<string, string>({ max: 2_000, ttlMs: 24 * 3_600_000, clock: opts.clock });
  let auth: Promise<BotIdentity> | undefined;
  let known: BotIdentity | undefined;
  const pendingAck = new AsyncLocalStorage<() => Promise<void>>();

  /** Acks the interaction being worked on (if any) before a remote call. */
  async function remote(): Promise<void> {
    const ack = pendingAck.getStore();
    if (ack) await ack();
  }

  const blocksOf = (m: RenderedMessage) => (m.blocks.length > 0 ? { blocks: m.blocks } : {});

  /** POSTs outside the WebClient (uploads, response_url), waiting out a 429's Retry-After like it does. */
  async function post(url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      opts.counters?.call();
      const res = await fetch(url, { method: 'POST', body, headers, redirect: 'error' });
      await res.arrayBuffer();
      if (res.ok) return;
      const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
      if (res.status !== 429 || attempt >= RESPONSE_URL_ATTEMPTS) throw new Error(`Slack answered HTTP ${res.status}`);
      opts.counters?.rateLimited();
      const waitSec = Math.min(Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1, opts.maxRetryAfterSec ?? 30);
      opts.log.warn({ retryAfterSec: waitSec, attempt }, 'slack: rate limited; waiting for Retry-After');
      await new Promise((r) => setTimeout(r, waitSec * 1000));
    }
  }

  function toFile(f: Record<string, unknown> | undefined): SlackFile | null {
    const id = str(f?.id);
    const url = str(f?.url_private_download) ?? str(f?.url_private);
    if (!f || !id || !url) return null;
    const size = typeof f.size === 'number' ? f.size : undefined;
    return { id, name: str(f.name) ?? str(f.title) ?? `${id}.csv`, url, ...(size !== undefined ? { size } : {}) };
  }

  return {
    authTest() {
      auth ??= client.auth.test().then(
        (r) => {
          known = { userId: r.user_id ?? '', ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.team_id ? { teamId: r.team_id } : {}) };
          return known;
        },
        (err: unknown) => {
          auth = undefined;
          throw err;
        },
      );
      return auth;
    },
    knownAuth: () => known,
    ackBeforeCalls: (ack, work) => pendingAck.run(ack, work),
    async postMessage(channel, message, threadTs) {
      await remote();
      const r = await delivering(channel, () => client.chat.postMessage({ channel, text: message.text, ...blocksOf(message), ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false, unfurl_media: false }));
      if (!r.ts) throw new Error('chat.postMessage returned no ts');
      return { channel: r.channel ?? channel, ts: r.ts };
    },
    async update(channel, ts, message) {
      await remote();
      await delivering(channel, () => client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }));
    },
    async postEphemeral(channel, user, message, threadTs) {
      await remote();
      await delivering(channel, () => client.chat.postEphemeral({ channel, user, text: message.text, ...blocksOf(message), ...(threadTs ? { thread_ts: threadTs } : {}) }));
    },
    async openDm(user) {
      const cached = dms.get(user);
      if (cached) return cached;
      await remote();
      const r = await delivering(undefined, () => client.conversations.open({ users: user }));
      const id = r.channel?.id;
      if (!id) throw new Error('conversations.open returned no channel');
      dms.set(user, id);
      return id;
    },
    async openView(triggerId, view) {
      await remote();
      await client.views.open({ trigger_id: triggerId, view });
    },
    async userInfo(user) {
      await remote();
      const r = await client.users.info({ user, include_locale: true });
      const u = r.user;
      if (!u?.id) return null;
      const name = str(u.profile?.display_name) ?? str(u.profile?.real_name) ?? str(u.real_name) ?? str(u.name) ?? u.id;
      return {
        id: u.id,
        name,
        ...(u.locale ? { locale: u.locale } : {}),
        isAdmin: u.is_admin === true || u.is_owner === true || u.is_primary_owner === true,
        isBot: u.is_bot === true,
        ...(u.team_id ? { teamId: u.team_id } : {}),
      };
    },
    async teamInfo(team) {
      await remote();
      const r = await client.team.info({ team });
      const name = str(r.team?.name);
      return name ? { name, ...(r.team?.domain ? { domain: r.team.domain } : {}) } : null;
    },
    async fileInfo(id) {
      await remote();
      const r = await client.files.info({ file: id });
      return toFile(r.file as Record<string, unknown> | undefined);
    },
    async recentCsvFiles(channel, user, sinceSec) {
      await remote();
      const r = await client.files.list({ channel, user, ts_from: String(sinceSec), count: 10 });
      return (r.files ?? [])
        .map((f) => ({ f, file: toFile(f as Record<string, unknown>) }))
        .filter(({ f, file }) => file && (f.filetype === 'csv' || /\.csv$/i.test(file.name)))
        .sort((a, b) => (b.f.created ?? 0) - (a.f.created ?? 0))
        .map(({ file }) => file as SlackFile);
    },
    async uploadFile(channel, file, comment) {
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
      await remote();
      const target = await client.files.getUploadURLExternal({ filename: file.name, length: bytes.length });
      if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal returned no upload_url');
      if (!opts.hosts.isUploadUrl(target.upload_url)) throw new Error('refusing an upload URL outside Slack');
      await post(target.upload_url, new Uint8Array(bytes), { 'content-type': 'application/octet-stream' });
      await delivering(channel, () =>
        client.files.completeUploadExternal({
          files: [{ id: target.file_id as string, title: file.title ?? file.name }],
          channel_id: channel,
          ...(comment ? { initial_comment: comment } : {}),
        }),
      );
    },
    async respond(responseUrl, body) {
      if (!opts.hosts.isResponseUrl(responseUrl)) throw new Error('refusing a response_url outside Slack');
      await remote();
      await post(responseUrl, JSON.stringify(body), { 'content-type': 'application/json' });
    },
  };
}
