/**
 * A local fake of the Discord REST API (v10) on 127.0.0.1, for tests (no network, no Discord).
 * Point DISCORD_API_URL (discord.js REST `api`) at `${fake.url}/api`. It answers the calls the
 * adapter makes like Discord does, and records every one:
 * - interaction callbacks `POST /interactions/{id}/{token}/callback` (204) and webhook edits and
 *   follow-ups `PATCH|POST /webhooks/{app}/{token}[/messages/@original]` (no bot token needed);
 * - channel messages (JSON or multipart with `payload_json` + `files[n]`), message edits,
 *   threads (`POST /channels/{id}/threads`, members, `PATCH` to unarchive), channel lookups;
 * - DMs (`POST /users/@me/channels`), the bot's guilds, guild members, guild commands GET/PUT;
 * - `GET /gateway/bot` once `setGateway(url)` names a local websocket gateway.
 * Posting into an archived thread fails with 50083 like Discord. Bot routes without
 * `Authorization: Bot <token>` get 401. `serveFile` puts a file on a fake CDN URL.
 * Rate limits (off unless configured: `rateLimit()` or the `rateLimits` option) follow Discord's
 * "Rate Limits" page: per route and per top-level resource (a channel's messages, a webhook
 * token's messages), `X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket` on every answer of a
 * limited route, and on excess HTTP 429 with `Retry-After`, `X-RateLimit-Scope` (and
 * `X-RateLimit-Global` for a global limit) and the body `{ message, retry_after, global }` with
 * seconds as a float. Refused calls go to `limited`, never to `calls`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const FAKE_BOT_TOKEN = 'fake-discord-bot-token-0123456789';
export const FAKE_APP_ID = '1200000000000000001';

export interface DiscordFile {
  field: string;
  name: string;
  content: Buffer;
}

export interface DiscordCall {
  method: string;
  /** Path after /api/v10, without the query string. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON; for multipart, `payload_json` parsed (files are in `files`). */
  body: Record<string, unknown> | unknown[] | null;
  files: DiscordFile[];
  authorization: string | undefined;
  at: number;
}

/** A fixed window: at most `limit` requests per `windowMs` for one bucket and resource. */
export interface DiscordWindow {
  limit: number;
  windowMs: number;
}
export interface DiscordRateLimits {
  /** Messages created or edited per channel (Discord: e.g. 5 per 5 s per channel). */
  channelMessages?: DiscordWindow;
  /** Interaction webhook calls (@original edits, follow-ups) per interaction token. */
  webhooks?: DiscordWindow;
  /** A share of calls refused whatever the windows say: every `everyNth` call whose `METHOD path` matches `paths`. */
  share?: { everyNth: number; paths: RegExp; global?: boolean };
  /** retry_after (seconds, float) for share refusals (default 0.25). */
  retryAfterSec?: number;
}
export interface LimitedDiscordCall extends DiscordCall {
  retryAfterSec: number;
  global: boolean;
}

export interface FakeChannel {
  id: string;
  type: number;
  guild_id?: string;
  parent_id?: string;
  name?: string;
  archived?: boolean;
  recipient?: string;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  body: Record<string, unknown>;
  files: DiscordFile[];
  edits: number;
}

export interface FakeDiscord {
  url: string;
  /** Value for DISCORD_API_URL. */
  apiUrl: string;
  token: string;
  calls: DiscordCall[];
  channels: Map<string, FakeChannel>;
  messages: Map<string, FakeMessage>;
  threadMembers: Map<string, Set<string>>;
  commands: Map<string, Record<string, unknown>[]>;
  /** Requests answered 429 (not in `calls`). */
  limited: LimitedDiscordCall[];
  /** Turns rate limiting on (or off with null) from now on. */
  rateLimit(limits: DiscordRateLimits | null): void;
  /** Calls whose method matches and whose path matches the pattern. */
  of(method: string, path: RegExp): DiscordCall[];
  /** Every body that creates or edits a message (callbacks 4/7 included), for allowed_mentions checks. */
  messageBodies(): Record<string, unknown>[];
  addGuild(id: string, name: string, memberIds?: string[]): void;
  addChannel(channel: FakeChannel): void;
  archive(threadId: string): void;
  /** Serves `content` at `${url}/cdn/<name>`, after `delayMs`. */
  serveFile(name: string, content: string | Buffer, opts?: { delayMs?: number }): string;
  /** The next `times` requests matching fail with this Discord error. */
  failNext(method: string, path: RegExp, error: { status: number; code: number; message: string }, times?: number): void;
  /** A fresh snowflake (monotonic). */
  snowflake(): string;
  /** Answers `GET /gateway/bot` (bot token required) with this websocket URL; unset: 404. */
  setGateway(url: string | undefined): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: DiscordCall['body']; files: DiscordFile[] }> {
  const type = req.headers['content-type'] ?? '';
  if (!raw.length) return { body: null, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    const files: DiscordFile[] = [];
    let body: DiscordCall['body'] = null;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as Record<string, unknown>;
      } else {
        files.push({ field, name: value.name, content: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
}

interface Verdict {
  headers: Record<string, string>;
  /** Seconds to wait when refused. */
  refuse?: { retryAfter: number; global: boolean; scope: 'user' | 'shared' | 'global' };
}

/** Buckets (route + top-level resource, fixed windows) and the share counter behind the 429s. */
function createDiscordLimiter() {
  let limits: DiscordRateLimits | null = null;
  const windows = new Map<string, { start: number; count: number }>();
  let shareCount = 0;
  const round = (sec: number): string => String(Math.max(0.001, Math.round(sec * 1000) / 1000));
  function bucketOf(method: string, path: string): { key: string; bucket: string; w: DiscordWindow } | undefined {
    const channel = /^\/channels\/(\d+)\/messages(?:\/\d+)?$/.exec(path);
    if (channel && (method === 'POST' || method === 'PATCH') && limits?.channelMessages) return { key: `ch:${channel[1]}`, bucket: 'fake-channel-messages', w: limits.channelMessages };
    const hook = /^\/webhooks\/\d+\/([^/]+)/.exec(path);
    if (hook && limits?.webhooks) return { key: `wh:${hook[1]}`, bucket: 'fake-webhook-messages', w: limits.webhooks };
    return undefined;
  }
  return {
    set(l: DiscordRateLimits | null) {
      limits = l;
      windows.clear();
      shareCount = 0;
    },
    check(method: string, path: string): Verdict {
      if (!limits) return { headers: {} };
      const now = Date.now();
      const b = bucketOf(method, path);
      let headers: Record<string, string> = {};
      let refuse: Verdict['refuse'];
      if (b) {
        let cur = windows.get(b.key);
        if (!cur || now - cur.start >= b.w.windowMs) {
          cur = { start: now, count: 0 };
          windows.set(b.key, cur);
        }
        const resetAfter = (cur.start + b.w.windowMs - now) / 1000;
        if (cur.count >= b.w.limit) refuse = { retryAfter: resetAfter, global: false, scope: 'user' };
        else cur.count += 1;
        headers = {
          'x-ratelimit-limit': String(b.w.limit),
          'x-ratelimit-remaining': String(Math.max(0, b.w.limit - cur.count)),
          'x-ratelimit-reset': round(now / 1000 + resetAfter),
          'x-ratelimit-reset-after': round(resetAfter),
          'x-ratelimit-bucket': b.bucket,
        };
      }
      const share = limits.share;
      if (!refuse && share && share.everyNth >= 1 && share.paths.test(`${method} ${path}`)) {
        shareCount += 1;
        if (shareCount % share.everyNth === 0) {
          const retryAfter = limits.retryAfterSec ?? 0.25;
          refuse = { retryAfter, global: share.global === true, scope: share.global ? 'global' : 'shared' };
          if (b) headers = { ...headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': round(retryAfter), 'x-ratelimit-reset': round(now / 1000 + retryAfter) };
        }
      }
      if (refuse) {
        headers = { ...headers, 'retry-after': round(refuse.retryAfter), 'x-ratelimit-scope': refuse.scope, ...(refuse.global ? { 'x-ratelimit-global': 'true' } : {}) };
      }
      return { headers, ...(refuse ? { refuse } : {}) };
    },
  };
}

export async function startFakeDiscord(opts: { token?: string; applicationId?: string; rateLimits?: DiscordRateLimits } = {}): Promise<FakeDiscord> {
  const token = opts.token ?? FAKE_BOT_TOKEN;
  const appId = opts.applicationId ?? FAKE_APP_ID;
  const calls: DiscordCall[] = [];
  const limited: LimitedDiscordCall[] = [];
  const limiter = createDiscordLimiter();
  if (opts.rateLimits) limiter.set(opts.rateLimits);
  const channels = new Map<string, FakeChannel>();
  const messages = new Map<string, FakeMessage>();
  const threadMembers = new Map<string, Set<string>>();
  const commands = new Map<string, Record<string, unknown>[]>();
  const guilds = new Map<string, { id: string; name: string; members: Set<string> }>();
  const files = new Map<string, { content: Buffer; delayMs: number }>();
  const failures: { method: string; path: RegExp; error: { status: number; code: number; message: string }; times: number }[] = [];
  let seq = 1_300_000_000_000_000_000n;
  const snowflake = (): string => (seq += 1n).toString();
  let base = '';
  let gatewayUrl: string | undefined;

  const send = (res: ServerResponse, status: number, body?: unknown): void => {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: number, message: string) => send(res, status, { code, message });

  function createMessage(channelId: string, body: Record<string, unknown>, attached: DiscordFile[]): FakeMessage {
    const m: FakeMessage = { id: snowflake(), channel_id: channelId, body, files: attached, edits: 0 };
    messages.set(m.id, m);
    return m;
  }
  const messageJson = (m: FakeMessage) => ({ id: m.id, channel_id: m.channel_id, ...m.body, attachments: m.files.map((f) => ({ filename: f.name, size: f.content.length })) });

  type Route = [string, RegExp, (res: ServerResponse, m: RegExpExecArray, call: DiscordCall) => void | Promise<void>, boolean];
  const routes: Route[] = [
    ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (res) => send(res, 204), false],
    ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (res, m, call) => {
      if (m[1] !== appId) return error(res, 404, 10015, 'Unknown Webhook');
      send(res, 200, { id: `original-${m[2]?.slice(0, 8)}`, channel_id: '0', ...(call.body as object) });
    }, false],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (res, m, call) => {
      if (m[1] !== appId) return error(res, 404, 10015, 'Unknown Webhook');
      send(res, 200, messageJson(createMessage('webhook', call.body as Record<string, unknown>, call.files)));
    }, false],
    ['POST', /^\/channels\/(\d+)\/messages$/, (res, m, call) => {
      const channel = channels.get(m[1] as string);
      if (channel?.archived) return error(res, 400, 50083, 'Thread is archived');
      send(res, 200, messageJson(createMessage(m[1] as string, (call.body ?? {}) as Record<string, unknown>, call.files)));
    }, true],
    ['PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, (res, m, call) => {
      const found = messages.get(m[2] as string);
      if (!found || found.channel_id !== m[1]) return error(res, 404, 10008, 'Unknown Message');
      found.body = { ...found.body, ...(call.body as object) };
      found.edits += 1;
      send(res, 200, messageJson(found));
    }, true],
    ['POST', /^\/channels\/(\d+)\/threads$/, (res, m, call) => {
      const b = call.body as { name: string; type: number };
      const parent = channels.get(m[1] as string);
      const thread: FakeChannel = { id: snowflake(), type: b.type, parent_id: m[1] as string, name: b.name, archived: false, ...(parent?.guild_id ? { guild_id: parent.guild_id } : {}) };
      channels.set(thread.id, thread);
      threadMembers.set(thread.id, new Set());
      send(res, 201, { ...thread, thread_metadata: { archived: false } });
    }, true],
    ['PUT', /^\/channels\/(\d+)\/thread-members\/(\d+)$/, (res, m) => {
      threadMembers.get(m[1] as string)?.add(m[2] as string);
      send(res, 204);
    }, true],
    ['PATCH', /^\/channels\/(\d+)$/, (res, m, call) => {
      const channel = channels.get(m[1] as string);
      if (!channel) return error(res, 404, 10003, 'Unknown Channel');
      if (typeof (call.body as { archived?: unknown }).archived === 'boolean') channel.archived = (call.body as { archived: boolean }).archived;
      send(res, 200, channel);
    }, true],
    ['GET', /^\/channels\/(\d+)$/, (res, m) => {
      const channel = channels.get(m[1] as string);
      if (!channel) return error(res, 404, 10003, 'Unknown Channel');
      send(res, 200, channel);
    }, true],
    ['POST', /^\/users\/@me\/channels$/, (res, _m, call) => {
      const recipient = String((call.body as { recipient_id?: unknown }).recipient_id);
      let dm = [...channels.values()].find((c) => c.type === 1 && c.recipient === recipient);
      if (!dm) {
        dm = { id: snowflake(), type: 1, recipient };
        channels.set(dm.id, dm);
      }
      send(res, 200, { id: dm.id, type: 1, recipients: [{ id: recipient }] });
    }, true],
    ['GET', /^\/gateway\/bot$/, (res) =>
      gatewayUrl
        ? send(res, 200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } })
        : error(res, 404, 0, '404: Not Found'), true],
    ['GET', /^\/users\/@me\/guilds$/, (res) => send(res, 200, [...guilds.values()].map((g) => ({ id: g.id, name: g.name }))), true],
    ['GET', /^\/guilds\/(\d+)$/, (res, m) => {
      const g = guilds.get(m[1] as string);
      return g ? send(res, 200, { id: g.id, name: g.name }) : error(res, 404, 10004, 'Unknown Guild');
    }, true],
    ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, (res, m) => {
      const g = guilds.get(m[1] as string);
      return g?.members.has(m[2] as string) ? send(res, 200, { user: { id: m[2] } }) : error(res, 404, 10007, 'Unknown Member');
    }, true],
    ['GET', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (res, m) => send(res, 200, commands.get(m[2] as string) ?? []), true],
    ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (res, m, call) => {
      const list = (call.body as Record<string, unknown>[]).map((c) => ({ id: snowflake(), application_id: m[1], guild_id: m[2], version: snowflake(), default_member_permissions: null, nsfw: false, ...c }));
      commands.set(m[2] as string, list);
      send(res, 200, list);
    }, true],
  ];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname.startsWith('/cdn/')) {
        const file = files.get(decodeURIComponent(url.pathname.slice(5)));
        if (!file) return send(res, 404, { message: 'Not Found' });
        await sleep(file.delayMs);
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-length': String(file.content.length) }).end(file.content);
        return;
      }
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
      const raw = await readBody(req);
      const { body, files: attached } = await parseBody(req, raw);
      const call: DiscordCall = { method: req.method ?? 'GET', path, query: url.searchParams, body, files: attached, authorization: req.headers.authorization, at: Date.now() };
      const verdict = limiter.check(call.method, path);
      if (verdict.refuse) {
        const { retryAfter, global } = verdict.refuse;
        limited.push({ ...call, retryAfterSec: retryAfter, global });
        res.writeHead(429, { 'content-type': 'application/json', ...verdict.headers }).end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global }));
        return;
      }
      for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
      calls.push(call);
      const failure = failures.find((f) => f.method === call.method && f.path.test(path) && f.times > 0);
      if (failure) {
        failure.times -= 1;
        return error(res, failure.error.status, failure.error.code, failure.error.message);
      }
      for (const [method, pattern, handler, needsBot] of routes) {
        const m = method === call.method ? pattern.exec(path) : null;
        if (!m) continue;
        if (needsBot && call.authorization !== `Bot ${token}`) return error(res, 401, 0, '401: Unauthorized');
        return handler(res, m, call);
      }
      error(res, 404, 0, `404: Not Found (${call.method} ${path})`);
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const isMessageCall = (c: DiscordCall): boolean =>
    (c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) ||
    (c.method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(c.path)) ||
    /^\/webhooks\//.test(c.path);

  return {
    url: base,
    apiUrl: `${base}/api`,
    token,
    calls,
    channels,
    messages,
    threadMembers,
    commands,
    limited,
    rateLimit: (l) => limiter.set(l),
    of: (method, path) => calls.filter((c) => c.method === method && path.test(c.path)),
    messageBodies() {
      const out: Record<string, unknown>[] = [];
      for (const c of calls) {
        if (isMessageCall(c) && c.body) out.push(c.body as Record<string, unknown>);
        const cb = c.body as { type?: number; data?: Record<string, unknown> } | null;
        if (/\/callback$/.test(c.path) && cb && (cb.type === 4 || cb.type === 7) && cb.data) out.push(cb.data);
      }
      return out;
    },
    addGuild(id, name, memberIds = []) {
      guilds.set(id, { id, name, members: new Set(memberIds) });
    },
    addChannel(channel) {
      channels.set(channel.id, channel);
    },
    archive(threadId) {
      const c = channels.get(threadId);
      if (c) c.archived = true;
    },
    serveFile(name, content, o = {}) {
      files.set(name, { content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content, delayMs: o.delayMs ?? 0 });
      return `${base}/cdn/${encodeURIComponent(name)}`;
    },
    failNext(method, path, err, times = 1) {
      failures.push({ method, path, error: err, times });
    },
    snowflake,
    setGateway(u) {
      gatewayUrl = u;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
