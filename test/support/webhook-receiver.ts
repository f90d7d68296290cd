// A webhook receiver on 127.0.0.1 for tests: records every request, verifies its signature the
// way the README tells org developers to (HMAC-SHA256 of `<t>.<raw body>`, constant-time), and
// answers with whatever status the test chooses (503 during an "outage").
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; timestamp: string; org: string; campaign?: string; contact?: string; data: Record<string, unknown> };
  /** The signature checked against the secret the test set (null when no secret was set). */
  verified: boolean | null;
  status: number;
}

/** The README's verification, verbatim in spirit: parse t and v1, recompute, compare in constant time. */
export function verifyTextbankSignature(secret: string, header: string | undefined, rawBody: string, nowSec: number, toleranceSec = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  const got = String(parts.v1 ?? '');
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests answered 2xx, in arrival order. */
  accepted(): Received[];
  /** Status for the next requests (default 200). */
  answer: (r: Omit<Received, 'status'>) => number;
  secret?: string;
  /** Seconds "now" for the signature tolerance (tests with a fake clock set it). */
  nowSec: () => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hook'): Promise<WebhookReceiver> {
  const rx: WebhookReceiver = {
    url: '',
    port: 0,
    received: [],
    accepted: () => rx.received.filter((r) => r.status >= 200 && r.status < 300),
    answer: () => 200,
    nowSec: () => Math.floor(Date.now() / 1000),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'];
      try {
        body = JSON.parse(raw) as Received['body'];
      } catch {
        body = { id: '', type: '', timestamp: '', org: '', data: {} };
      }
      const header = req.headers['textbank-signature'];
      const verified = rx.secret ? verifyTextbankSignature(rx.secret, Array.isArray(header) ? header[0] : header, raw, rx.nowSec()) : null;
      const partial = { headers: req.headers, raw, body, verified };
      const status = rx.answer(partial);
      rx.received.push({ ...partial, status });
      res.writeHead(status, { 'content-type': 'text/plain', ...(status >= 300 && status < 400 ? { location: 'http://169.254.169.254/latest/meta-data/' } : {}) });
      res.end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rx.port = (server.address() as AddressInfo).port;
  rx.url = `http://127.0.0.1:${rx.port}${path}`;
  rx.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return rx;
}
