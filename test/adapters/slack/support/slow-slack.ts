// A slow Slack: an HTTP proxy on 127.0.0.1 in front of the fake Slack that holds every Web API
// call (/api/*) for `delayMs` before forwarding it, and records when each call arrived. Other
// paths (response_url posts, the file host) pass straight through. Used to prove "ack first,
// then work": requests are acknowledged long before any Web API answer could come back.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface SlowSlack {
  url: string;
  apiUrl: string;
  /** Web API calls as they arrived at the proxy (before the delay). */
  arrivals: { method: string; at: number }[];
  setDelay(ms: number): void;
  /** The same URL on the proxy's origin (a response_url the app will accept). */
  viaProxy(fakeUrl: string): string;
  close(): Promise<void>;
}

export async function startSlowSlack(target: string, delayMs = 0): Promise<SlowSlack> {
  let delay = delayMs;
  const arrivals: SlowSlack['arrivals'] = [];
  const upstream = new URL(target);
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    out.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      if (!path.startsWith('/api/')) return forward(req, res, body);
      arrivals.push({ method: path.slice('/api/'.length).split('?')[0] ?? '', at: Date.now() });
      setTimeout(() => forward(req, res, body), delay);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    arrivals,
    setDelay: (ms) => void (delay = ms),
    viaProxy: (fakeUrl) => fakeUrl.replace(target, url),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
