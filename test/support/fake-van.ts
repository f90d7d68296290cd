/**
 * A local fake of the NGP VAN / EveryAction API v4 on 127.0.0.1 (no network), checking what the
 * real API documents:
 * - HTTP Basic auth, user = application name, password = `<apiKey>|<dbMode>`; anything else is
 *   401 with VAN's error envelope { errors: [{ code, text }] }.
 * - `POST /v4/echoes`; paged `GET /v4/surveyQuestions` and `/v4/activistCodes` ({ items,
 *   nextPageLink, count }, `$top` at most 200, `$skip`); bare arrays from
 *   `/v4/canvassResponses/resultCodes` and `/contactTypes`.
 * - `POST /v4/people/find` answers a match with 302 + Location (body { vanId, status: 'Matched' })
 *   and no match with 404 { vanId: null, status: 'Unmatched' }.
 * - `POST /v4/people/{vanId}/canvassResponses`: the body is parsed with a strict zod schema of the
 *   documented shape (canvassContext, resultCodeId XOR responses of SurveyResponse/ActivistCode);
 *   unknown ids, an SMS contact without a phone, or an unknown person are refused like VAN does;
 *   success is 204 No Content.
 * Every request is recorded; `failNext(status, times)` answers the next requests with an error
 * (429/503...), optionally with Retry-After; `delayMs` holds answers (timeouts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export interface FakeVanOptions {
  appName?: string;
  apiKey?: string;
  mode?: 0 | 1;
  /** Items per page the server returns at most (below the client's $top, to force paging). */
  pageSize?: number;
  surveyQuestions?: { surveyQuestionId: number; name: string; responses: { surveyResponseId: number; name: string }[] }[];
  activistCodes?: { activistCodeId: number; name: string }[];
  resultCodes?: { resultCodeId: number; name: string }[];
  contactTypes?: { contactTypeId: number; name: string }[];
  /** People VAN knows: vanId and the phone (digits, as VAN stores them) /people/find matches on. */
  people?: { vanId: number; phone: string }[];
}

export interface VanRecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeVan {
  /** Base URL to give the client (ends with /v4). */
  url: string;
  requests: VanRecordedRequest[];
  /** Accepted canvass responses, in order. */
  canvassed: { vanId: number; body: CanvassBody }[];
  /** Answer `times` requests with `status`, after letting `skip` more requests through (default 0). */
  failNext(status: number, times?: number, opts?: { retryAfter?: string; skip?: number }): void;
  delayMs: number;
  close(): Promise<void>;
}

const Id = z.number().int().positive();

const CanvassContext = z
  .object({
    contactTypeId: Id.optional(),
    inputTypeId: Id.optional(),
    dateCanvassed: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    phone: z.object({ dialingPrefix: z.string().regex(/^\d{1,3}$/), phoneNumber: z.string().regex(/^\d{4,14}$/) }).strict().optional(),
    phoneId: Id.optional(),
    omitActivistCodeContactHistory: z.boolean().optional(),
  })
  .strict();

const ScriptResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('SurveyResponse'), surveyQuestionId: Id, surveyResponseId: Id }).strict(),
  z.object({ type: z.literal('ActivistCode'), activistCodeId: Id, action: z.enum(['Apply', 'Remove']) }).strict(),
]);

export const CanvassBody = z
  .object({ canvassContext: CanvassContext.optional(), resultCodeId: Id.nullish(), responses: z.array(ScriptResponse).nullish() })
  .strict()
  .refine((b) => (b.resultCodeId == null) !== (b.responses == null || b.responses.length === 0), {
    message: 'Specify either resultCodeId or responses, not both and not neither',
    path: ['resultCodeId'],
  });
export type CanvassBody = z.infer<typeof CanvassBody>;

const FindBody = z
  .object({
    vanId: Id.optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    phones: z.array(z.object({ phoneNumber: z.string().regex(/^\d{7,15}$/) }).strict()).optional(),
    emails: z.array(z.object({ email: z.email() }).strict()).optional(),
    addresses: z.array(z.object({ zipOrPostalCode: z.string() }).strict()).optional(),
  })
  .strict();

const EchoBody = z.object({ message: z.string().optional() }).strict();

export const VAN_DEFAULTS = {
  appName: 'textbank-test',
  apiKey: 'van-fake-key-0123',
  surveyQuestions: [
    { surveyQuestionId: 101, name: 'Support', responses: [{ surveyResponseId: 1001, name: 'Yes' }, { surveyResponseId: 1002, name: 'No' }] },
    { surveyQuestionId: 102, name: 'Vote plan', responses: [{ surveyResponseId: 1011, name: 'Early' }] },
    { surveyQuestionId: 103, name: 'Issue', responses: [{ surveyResponseId: 1021, name: 'Housing' }] },
  ],
  activistCodes: [
    { activistCodeId: 201, name: 'Volunteer' },
    { activistCodeId: 202, name: 'Donor' },
    { activistCodeId: 203, name: 'Host' },
  ],
  resultCodes: [
    { resultCodeId: 20, name: 'Wrong Number' },
    { resultCodeId: 23, name: 'Moved' },
    { resultCodeId: 25, name: 'Deceased' },
    { resultCodeId: 130, name: 'Do Not Text' },
  ],
  contactTypes: [
    { contactTypeId: 1, name: 'Phone' },
    { contactTypeId: 2, name: 'Walk' },
    { contactTypeId: 37, name: 'SMS Text' },
  ],
  people: [{ vanId: 100479, phone: '12025550143' }],
};

const PHONE_CONTACT_TYPES = new Set([1, 37]);

function vanErrors(res: ServerResponse, status: number, code: string, text: string, properties?: string[]): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code, text, ...(properties ? { properties } : {}) }] }));
}

export async function startFakeVan(options: FakeVanOptions = {}): Promise<FakeVan> {
  const appName = options.appName ?? VAN_DEFAULTS.appName;
  const apiKey = options.apiKey ?? VAN_DEFAULTS.apiKey;
  const mode = options.mode ?? 0;
  const expectedAuth = `Basic ${Buffer.from(`${appName}:${apiKey}|${mode}`).toString('base64')}`;
  const pageSize = options.pageSize ?? 50;
  const questions = options.surveyQuestions ?? VAN_DEFAULTS.surveyQuestions;
  const codes = options.activistCodes ?? VAN_DEFAULTS.activistCodes;
  const results = options.resultCodes ?? VAN_DEFAULTS.resultCodes;
  const contactTypes = options.contactTypes ?? VAN_DEFAULTS.contactTypes;
  const people = options.people ?? VAN_DEFAULTS.people;
  const requests: VanRecordedRequest[] = [];
  const canvassed: FakeVan['canvassed'] = [];
  let failures: { status: number; left: number; skip: number; retryAfter?: string } | undefined;
  let base = '';

  const page = <T>(res: ServerResponse, path: string, query: URLSearchParams, all: T[]) => {
    const top = Number(query.get('$top') ?? 50);
    if (!Number.isInteger(top) || top < 1 || top > 200) return vanErrors(res, 400, 'INVALID_PARAMETER', "'$top' must be between 1 and 200", ['$top']);
    const skip = Number(query.get('$skip') ?? 0);
    const size = Math.min(top, pageSize);
    const items = all.slice(skip, skip + size);
    const next = new URLSearchParams(query);
    next.set('$skip', String(skip + size));
    const nextPageLink = skip + size < all.length ? `${base}${path}?${next.toString()}` : null;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, nextPageLink, count: all.length }));
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return vanErrors(res, 400, 'INVALID_PARAMETER', 'The request body is not JSON');
    }
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body });
    if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (req.headers.authorization !== expectedAuth) return vanErrors(res, 401, 'UNAUTHORIZED', 'Authorization has been denied for this request.');
    if (failures && failures.left > 0 && failures.skip > 0) failures.skip -= 1;
    else if (failures && failures.left > 0) {
      failures.left -= 1;
      res.writeHead(failures.status, { 'content-type': 'application/json', ...(failures.retryAfter ? { 'retry-after': failures.retryAfter } : {}) });
      res.end(JSON.stringify({ errors: [{ code: failures.status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVICE_UNAVAILABLE', text: 'Try again later' }] }));
      return;
    }
    if (req.method !== 'GET' && req.headers['content-type']?.startsWith('application/json') !== true) {
      return vanErrors(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
    }
    const p = url.pathname;
    if (req.method === 'POST' && p === '/v4/echoes') {
      const parsed = EchoBody.safeParse(body ?? {});
      if (!parsed.success) return vanErrors(res, 400, 'INVALID_PARAMETER', parsed.error.message);
      return json(res, 200, { message: parsed.data.message ?? null, dateSent: new Date().toISOString(), delayInMilliseconds: null });
    }
    if (req.method === 'GET' && p === '/v4/surveyQuestions') return page(res, p, url.searchParams, questions);
    if (req.method === 'GET' && p === '/v4/activistCodes') return page(res, p, url.searchParams, codes);
    if (req.method === 'GET' && p === '/v4/canvassResponses/resultCodes') return json(res, 200, results);
    if (req.method === 'GET' && p === '/v4/canvassResponses/contactTypes') return json(res, 200, contactTypes);
    if (req.method === 'POST' && p === '/v4/people/find') {
      const parsed = FindBody.safeParse(body);
      if (!parsed.success) return vanErrors(res, 400, 'INVALID_PARAMETER', parsed.error.message);
      const phones = new Set((parsed.data.phones ?? []).map((x) => x.phoneNumber));
      const match = people.find((x) => phones.has(x.phone) || x.vanId === parsed.data.vanId);
      if (!match) return json(res, 404, { vanId: null, status: 'Unmatched' });
      return json(res, 302, { vanId: match.vanId, status: 'Matched' }, { location: `/v4/people/${match.vanId}` });
    }
    const canvass = /^\/v4\/people\/(\d+)\/canvassResponses$/.exec(p);
    if (req.method === 'POST' && canvass) {
      const vanId = Number(canvass[1]);
      if (!people.some((x) => x.vanId === vanId)) return vanErrors(res, 404, 'NOT_FOUND', 'The specified person does not exist');
      const parsed = CanvassBody.safeParse(body);
      if (!parsed.success) return vanErrors(res, 400, 'INVALID_PARAMETER', parsed.error.issues.map((i) => i.message).join('; '), parsed.error.issues.map((i) => i.path.join('.')));
      const b = parsed.data;
      const ctx = b.canvassContext;
      if (ctx?.contactTypeId !== undefined && !contactTypes.some((t) => t.contactTypeId === ctx.contactTypeId)) return vanErrors(res, 400, 'INVALID_PARAMETER', 'Invalid contactTypeId', ['canvassContext.contactTypeId']);
      if (ctx?.contactTypeId !== undefined && PHONE_CONTACT_TYPES.has(ctx.contactTypeId) && !ctx.phone && !ctx.phoneId) return vanErrors(res, 400, 'INVALID_PARAMETER', 'A phone is required for phone and SMS contacts', ['canvassContext.phone']);
      if (b.resultCodeId != null && !results.some((r) => r.resultCodeId === b.resultCodeId)) return vanErrors(res, 400, 'INVALID_PARAMETER', 'Invalid resultCodeId', ['resultCodeId']);
      for (const r of b.responses ?? []) {
        if (r.type === 'SurveyResponse') {
          const q = questions.find((x) => x.surveyQuestionId === r.surveyQuestionId);
          if (!q || !q.responses.some((x) => x.surveyResponseId === r.surveyResponseId)) return vanErrors(res, 400, 'INVALID_PARAMETER', 'Invalid survey response', ['responses.surveyResponseId']);
        } else if (!codes.some((c) => c.activistCodeId === r.activistCodeId)) {
          return vanErrors(res, 400, 'INVALID_PARAMETER', 'Invalid activistCodeId', ['responses.activistCodeId']);
        }
      }
      canvassed.push({ vanId, body: b });
      res.writeHead(204);
      res.end();
      return;
    }
    return vanErrors(res, 404, 'NOT_FOUND', 'No such endpoint');
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) vanErrors(res, 500, 'INTERNAL_ERROR', 'fake VAN failed');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeVan = {
    url: `${base}/v4`,
    requests,
    canvassed,
    delayMs: 0,
    failNext(status, times = 1, opts = {}) {
      failures = { status, left: times, skip: opts.skip ?? 0, ...(opts.retryAfter ? { retryAfter: opts.retryAfter } : {}) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
