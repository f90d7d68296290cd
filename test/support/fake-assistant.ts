/**
 * A local fake of an OpenAI-compatible chat-completions API on 127.0.0.1 (no network). It answers
 * `POST /v1/chat/completions` like the real thing: 401 without the expected Bearer key, 404 on
 * another path, 400 when the body is not a chat-completions request (model, messages with
 * role/content, response_format json_object), else 200 with `{ id, object: 'chat.completion',
 * choices: [{ index, message: { role: 'assistant', content }, finish_reason }] }` whose content is
 * what the test scripted. Every request is recorded (headers, path, parsed body).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_ASSISTANT_KEY = 'sk-fake-assistant-key-0123456789';

export interface AssistantScript {
  /** The message content the model "writes" (usually a JSON string). */
  content?: string | null;
  /** Answer with this HTTP status and an OpenAI-shaped error body instead. */
  status?: number;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  /** Send this raw body instead of a chat completion (malformed answers). */
  raw?: string;
}

export interface RecordedAssistantRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeAssistant {
  /** Base URL to configure, e.g. http://127.0.0.1:1234/v1 */
  url: string;
  requests: RecordedAssistantRequest[];
  script(next: AssistantScript): void;
  close(): Promise<void>;
}

function isChatRequest(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { model?: unknown; messages?: unknown; response_format?: { type?: unknown } };
  return (
    typeof b.model === 'string' && b.model !== '' &&
    Array.isArray(b.messages) && b.messages.length > 0 &&
    b.messages.every((m: unknown) => typeof m === 'object' && m !== null && ['system', 'user', 'assistant'].includes(String((m as { role?: unknown }).role)) && typeof (m as { content?: unknown }).content === 'string') &&
    b.response_format?.type === 'json_object'
  );
}

export async function startFakeAssistant(opts: { key?: string } = {}): Promise<FakeAssistant> {
  const key = opts.key ?? FAKE_ASSISTANT_KEY;
  const requests: RecordedAssistantRequest[] = [];
  let next: AssistantScript = { content: JSON.stringify({ intent: 'other', confidence: 0.5, draft: null }) };
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, payload: unknown, raw?: string): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(raw ?? JSON.stringify(payload));
      };
      const error = (status: number, message: string): void => send(status, { error: { message, type: 'invalid_request_error', code: null } });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return error(404, 'Unknown path');
      if (req.headers.authorization !== `Bearer ${key}`) return error(401, 'Incorrect API key provided');
      if (!isChatRequest(body)) return error(400, 'Not a chat completions request');
      const script = next;
      const answer = (): void => {
        if (script.status) return error(script.status, 'Scripted failure');
        if (script.raw !== undefined) return send(200, null, script.raw);
        send(200, {
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: (body as { model: string }).model,
          choices: [{ index: 0, message: { role: 'assistant', content: script.content ?? null }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      };
      if (script.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, script.delayMs);
        timers.add(timer);
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(s) {
      next = s;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
