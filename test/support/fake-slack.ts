/**
 * A local fake of the Slack Web API on 127.0.0.1 for tests (no network). It records every call
 * (method, arguments with JSON fields decoded, the bearer token) and answers like Slack:
 * auth.test, chat.postMessage / postEphemeral / update, views.open, conversations.open,
 * users.info, team.info, files.info, files.list, files.getUploadURLExternal + the upload POST
 * + files.completeUploadExternal. It also plays Slack's file host (`url_private_download`,
 * served only with the bot token) and the response_url sink (POSTs recorded). `fail()` scripts
 * Slack errors. Point the WebClient at `apiUrl` (SLACK_API_URL).
 * Rate limits (off unless configured, `rateLimit()` or the `rateLimits` option) answer the way
 * Slack's "Rate limits" page documents: HTTP 429 with `Retry-After` in whole seconds and
 * `{ ok: false, error: 'ratelimited' }`, per method, per channel for chat.postMessage (about one
 * message per second per channel), and for response_url posts; a response_url may also be
 * limited to Slack's 5 uses. Refused calls go to `limited`, never to `calls`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
}
/** A fixed window: at most `max` calls per `windowMs`. */
export interface SlackWindow {
  max: number;
  windowMs: number;
}
/** Slack's rate limits, scaled down so tests run fast. */
export interface SlackRateLimits {
  /** Per Web API method (Slack: per method, per app, per workspace; tiers). */
  methods?: Record<string, SlackWindow>;
  /** chat.postMessage per channel (Slack: about 1 message per second per channel). */
  postMessagePerChannel?: SlackWindow;
  /** POSTs to one response_url. */
  responseUrl?: SlackWindow;
  /** A share of calls answered 429 whatever the windows say: every `everyNth` call of `methods` (and response_url posts when `responseUrl`). */
  share?: { everyNth: number; methods?: string[]; responseUrl?: boolean };
  /** Uses a response_url allows (Slack: 5 within 30 minutes); later posts get 404 `used_url`. */
  responseUrlMaxUses?: number;
  /** Retry-After seconds (default: until the window frees, at least 1). */
  retryAfterSec?: number;
}
/** A call answered 429, with the Retry-After it was given. `method` is `response_url` for response posts. */
export interface LimitedCall extends SlackCall {
  retryAfterSec: number;
}
export interface FakeSlackUser {
  id: string;
  name: string;
  realName?: string;
  locale?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isBot?: boolean;
}
export interface FakeSlackFile {
  id: string;
  name: string;
  content: Buffer;
  user?: string;
  channel?: string;
  created?: number;
}
export interface Upload {
  fileId: string;
  filename: string;
  bytes: Buffer;
  headers: IncomingMessage['headers'];
}
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
}
export interface Download {
  fileId: string;
  authorization: string | undefined;
  status: number;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  token: string;
  team: { id: string; name: string; domain: string };
  calls(method?: string): SlackCall[];
  uploads: Upload[];
  responses: ResponsePost[];
  downloads: Download[];
  /** Calls answered 429 (not in `calls`). */
  limited: LimitedCall[];
  /** Turns rate limiting on (or off with null) from now on. */
  rateLimit(limits: SlackRateLimits | null): void;
  addUser(u: FakeSlackUser): void;
  addFile(f: Omit<FakeSlackFile, 'content'> & { content: string | Buffer }): FakeSlackFile;
  /** The file's `url_private_download` (served only with the bot token). */
  fileUrl(id: string): string;
  /** A fresh response_url on this fake. */
  responseUrl(): string;
  /** Answer `method` with `{ ok: false, error }` (the next `times` calls; default all). */
  fail(method: string, error: string, times?: number): void;
  /** Waits until a recorded call (or response post) matches; throws after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Waits until no new call arrived for `quietMs`. */
  quiet(quietMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeArgs(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  const flat: Record<string, unknown> = contentType?.includes('application/json') ? (JSON.parse(text || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
  for (const [k, v] of Object.entries(flat)) {
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        flat[k] = JSON.parse(v) as unknown;
      } catch {
        // keep the string
      }
    }
  }
  return flat;
}

/** Fixed-window counters and the share counter behind the fake's 429 answers. */
function createLimiter() {
  let limits: SlackRateLimits | null = null;
  const windows = new Map<string, { start: number; count: number }>();
  const shareCounts = new Map<string, number>();
  const uses = new Map<string, number>();
  const retryAfter = (w: SlackWindow | undefined, start: number, now: number): number =>
    limits?.retryAfterSec ?? Math.max(1, Math.ceil(((w ? start + w.windowMs : now) - now) / 1000));
  function windowCheck(key: string, w: SlackWindow | undefined, now: number): number | undefined {
    if (!w) return undefined;
    let cur = windows.get(key);
    if (!cur || now - cur.start >= w.windowMs) {
      cur = { start: now, count: 0 };
      windows.set(key, cur);
    }
    if (cur.count >= w.max) return retryAfter(w, cur.start, now);
    cur.count += 1;
    return undefined;
  }
  function shareCheck(key: string, applies: boolean, now: number): number | undefined {
    const share = limits?.share;
    if (!share || !applies || share.everyNth < 1) return undefined;
    const n = (shareCounts.get(key) ?? 0) + 1;
    shareCounts.set(key, n);
    return n % share.everyNth === 0 ? retryAfter(undefined, now, now) : undefined;
  }
  return {
    set(l: SlackRateLimits | null) {
      limits = l;
      windows.clear();
      shareCounts.clear();
    },
    /** Seconds to wait when this Web API call is refused, else undefined. */
    method(method: string, args: Record<string, unknown>): number | undefined {
      if (!limits) return undefined;
      const now = Date.now();
      const shared = shareCheck(`m:${method}`, limits.share?.methods?.includes(method) === true, now);
      if (shared !== undefined) return shared;
      const perMethod = windowCheck(`m:${method}`, limits.methods?.[method], now);
      if (perMethod !== undefined || method !== 'chat.postMessage') return perMethod;
      return windowCheck(`c:${String(args.channel)}`, limits.postMessagePerChannel, now);
    },
    /** 429 seconds, 'used' when the response_url has no uses left, else undefined. */
    response(id: string): number | 'used' | undefined {
      if (!limits) return undefined;
      const now = Date.now();
      const shared = shareCheck('response_url', limits.share?.responseUrl === true, now);
      if (shared !== undefined) return shared;
      const windowed = windowCheck(`r:${id}`, limits.responseUrl, now);
      if (windowed !== undefined) return windowed;
      const used = (uses.get(id) ?? 0) + 1;
      uses.set(id, used);
      return limits.responseUrlMaxUses !== undefined && used > limits.responseUrlMaxUses ? 'used' : undefined;
    },
  };
}

export async function startFakeSlack(opts: { token?: string; team?: { id: string; name: string; domain: string }; rateLimits?: SlackRateLimits } = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-fake-bot-token';
  const team = opts.team ?? { id: 'T0TEXAS', name: 'Texas Forward', domain: 'texasforward' };
  const calls: SlackCall[] = [];
  const uploads: Upload[] = [];
  const responses: ResponsePost[] = [];
  const downloads: Download[] = [];
  const limited: LimitedCall[] = [];
  const limiter = createLimiter();
  if (opts.rateLimits) limiter.set(opts.rateLimits);
  const users = new Map<string, FakeSlackUser>();
  const files = new Map<string, FakeSlackFile>();
  const failures = new Map<string, { error: string; times: number }>();
  const pendingUploads = new Map<string, string>();
  let seq = 0;
  let tsSeq = 0;
  let base = '';
  let lastCallAt = Date.now();
  const nextTs = () => `1795000000.${String(++tsSeq).padStart(6, '0')}`;

  const fileJson = (f: FakeSlackFile) => ({
    id: f.id, name: f.name, title: f.name, filetype: f.name.endsWith('.csv') ? 'csv' : 'text', size: f.content.length, user: f.user, created: f.created ?? 0,
    url_private: `${base}/files-pri/${team.id}-${f.id}/${encodeURIComponent(f.name)}`,
    url_private_download: `${base}/files-pri/${team.id}-${f.id}/download/${encodeURIComponent(f.name)}`,
  });

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const failure = failures.get(method);
    if (failure && failure.times !== 0) {
      failure.times -= 1;
      return { ok: false, error: failure.error };
    }
    switch (method) {
      case 'auth.test':
        return { ok: true, url: `https://${team.domain}.slack.com/`, team: team.name, user: 'textbank', team_id: team.id, user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage': {
        const ts = nextTs();
        return { ok: true, channel: args.channel, ts, message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', text: args.text, ts, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}) } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'views.open':
        return { ok: true, view: { id: `V${++seq}`, type: 'modal', callback_id: (args.view as { callback_id?: string } | undefined)?.callback_id } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? '').replace(/^U/, '')}` } };
      case 'users.info': {
        const u = users.get(String(args.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id, team_id: team.id, name: u.name.toLowerCase().replace(/\s+/g, '.'), real_name: u.realName ?? u.name,
            profile: { display_name: u.name, real_name: u.realName ?? u.name },
            is_admin: u.isAdmin === true, is_owner: u.isOwner === true, is_bot: u.isBot === true,
            ...(args.include_locale === 'true' || args.include_locale === true ? { locale: u.locale ?? 'en-US' } : {}),
          },
        };
      }
      case 'team.info':
        return { ok: true, team: { id: team.id, name: team.name, domain: team.domain } };
      case 'files.info': {
        const f = files.get(String(args.file));
        return f ? { ok: true, file: fileJson(f) } : { ok: false, error: 'file_not_found' };
      }
      case 'files.list': {
        const since = Number(args.ts_from ?? 0);
        const list = [...files.values()].filter((f) => (!args.channel || f.channel === args.channel) && (!args.user || f.user === args.user) && (f.created ?? 0) >= since);
        return { ok: true, files: list.map(fileJson), paging: { count: 100, total: list.length, page: 1, pages: 1 } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        pendingUploads.set(fileId, String(args.filename));
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const list = (args.files as { id: string; title?: string }[] | undefined) ?? [];
        if (!list.every((f) => uploads.some((u) => u.fileId === f.id))) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    const send = (status: number, payload: unknown, type = 'application/json', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
    };
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const args = decodeArgs(body, req.headers['content-type']);
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : typeof args.token === 'string' ? args.token : null;
      lastCallAt = Date.now();
      const wait = bearer === token ? limiter.method(method, args) : undefined;
      if (wait !== undefined) {
        limited.push({ method, args, token: bearer, at: Date.now(), retryAfterSec: wait });
        return send(429, { ok: false, error: 'ratelimited' }, 'application/json', { 'retry-after': String(wait) });
      }
      calls.push({ method, args, token: bearer, at: Date.now() });
      if (bearer !== token) return send(200, { ok: false, error: 'invalid_auth' });
      return send(200, answer(method, args));
    }
    const upload = /^\/upload\/(F\d+)$/.exec(url.pathname);
    if (req.method === 'POST' && upload) {
      const fileId = upload[1] as string;
      const filename = pendingUploads.get(fileId);
      if (!filename) return send(404, 'unknown upload', 'text/plain');
      uploads.push({ fileId, filename, bytes: body, headers: req.headers });
      lastCallAt = Date.now();
      return send(200, `OK - ${body.length}`, 'text/plain');
    }
    const response = /^\/response\/(\w+)$/.exec(url.pathname);
    if (req.method === 'POST' && response) {
      lastCallAt = Date.now();
      const wait = limiter.response(response[1] as string);
      if (wait === 'used') return send(404, 'used_url', 'text/plain');
      if (wait !== undefined) {
        limited.push({ method: 'response_url', args: { id: response[1] }, token: null, at: Date.now(), retryAfterSec: wait });
        return send(429, 'rate_limited', 'text/plain', { 'retry-after': String(wait) });
      }
      responses.push({ id: response[1] as string, body: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown> });
      lastCallAt = Date.now();
      return send(200, 'ok', 'text/plain');
    }
    const download = /^\/files-pri\/[^/]+-(F\w+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
    if (req.method === 'GET' && download) {
      const f = files.get(download[1] as string);
      const ok = req.headers.authorization === `Bearer ${token}`;
      downloads.push({ fileId: download[1] as string, authorization: req.headers.authorization, status: f && ok ? 200 : ok ? 404 : 403 });
      if (!ok) return send(403, 'forbidden', 'text/plain');
      if (!f) return send(404, 'not found', 'text/plain');
      return send(200, f.content, 'text/csv');
    }
    send(404, { ok: false, error: 'not_found' });
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    token,
    team,
    calls: (method) => (method ? calls.filter((c) => c.method === method) : [...calls]),
    uploads,
    responses,
    downloads,
    limited,
    rateLimit: (l) => limiter.set(l),
    addUser: (u) => void users.set(u.id, u),
    addFile(f) {
      const file = { ...f, content: Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8') };
      files.set(f.id, file);
      return file;
    },
    fileUrl(id) {
      const f = files.get(id);
      if (!f) throw new Error(`fake Slack: no file ${id}`);
      return fileJson(f).url_private_download;
    },
    responseUrl: () => `${base}/response/r${++seq}`,
    fail: (method, error, times = -1) => void failures.set(method, { error, times }),
    async waitFor(probe, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = probe();
        if (hit !== undefined && hit !== null && hit !== false) return hit;
        if (Date.now() > deadline) throw new Error('fake Slack: timed out waiting for a call');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async quiet(quietMs = 150) {
      lastCallAt = Math.max(lastCallAt, Date.now());
      while (Date.now() - lastCallAt < quietMs) await new Promise((r) => setTimeout(r, 20));
    },
    reset() {
      calls.length = 0;
      uploads.length = 0;
      responses.length = 0;
      downloads.length = 0;
      limited.length = 0;
      failures.clear();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
