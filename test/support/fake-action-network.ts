/**
 * A local fake of the Action Network API v2 (OSDI) on 127.0.0.1 (no network), checking what
 * Action Network documents:
 * - every call carries `OSDI-API-Token`; a missing or wrong token is 401 { error }.
 * - `GET /api/v2/tags?page=N` pages tags 25 at most (HAL: total_pages, page, per_page,
 *   _links.next, _embedded['osdi:tags']); `POST /api/v2/tags { name }` creates one.
 * - `POST /api/v2/people` is the person signup helper: { person: { given_name, family_name,
 *   email_addresses[{ address }], phone_numbers[{ number, number_type, status }],
 *   postal_addresses[{ postal_code }] }, add_tags: [names] }, parsed with a strict zod schema.
 *   A person needs an email or a phone; people are matched by email, then phone, so a repeat
 *   answers the same identifier. A tag name that does not exist is ignored, as Action Network
 *   does. A new phone joins the mobile list 'unsubscribed' unless a status is passed; an existing
 *   one changes only when a status is passed.
 * Every request is recorded; `failNext(status, times)` answers the next requests with an error.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export const AN_FAKE_TOKEN = 'an-fake-token-0123456789';
const PER_PAGE = 25;

export interface FakeAnPerson {
  id: string;
  given_name?: string;
  family_name?: string;
  emails: string[];
  phone?: { number: string; status: 'subscribed' | 'unsubscribed' };
  postal_code?: string;
  tags: string[];
}

export interface AnRecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  token: string | undefined;
  body: unknown;
}

export interface FakeActionNetwork {
  /** Base URL to give the client (ends with /api/v2). */
  url: string;
  requests: AnRecordedRequest[];
  people: FakeAnPerson[];
  tags: string[];
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

const SignupBody = z
  .object({
    person: z
      .object({
        given_name: z.string().optional(),
        family_name: z.string().optional(),
        email_addresses: z.array(z.object({ address: z.email(), primary: z.boolean().optional(), status: z.enum(['subscribed', 'unsubscribed']).optional() }).strict()).optional(),
        phone_numbers: z
          .array(
            z
              .object({
                number: z.string().regex(/^\d{7,15}$/, 'number must be digits with the country code'),
                number_type: z.literal('Mobile').optional(),
                primary: z.boolean().optional(),
                status: z.enum(['subscribed', 'unsubscribed']).optional(),
              })
              .strict(),
          )
          .max(1, 'Action Network keeps one phone number per activist')
          .optional(),
        postal_addresses: z.array(z.object({ postal_code: z.string().optional(), locality: z.string().optional(), region: z.string().optional(), country: z.string().optional() }).strict()).optional(),
        custom_fields: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    add_tags: z.array(z.string().min(1)).optional(),
    remove_tags: z.array(z.string().min(1)).optional(),
  })
  .strict();

const TagBody = z.object({ name: z.string().min(1) }).strict();

export async function startFakeActionNetwork(opts: { token?: string; tags?: string[] } = {}): Promise<FakeActionNetwork> {
  const token = opts.token ?? AN_FAKE_TOKEN;
  const requests: AnRecordedRequest[] = [];
  const people: FakeAnPerson[] = [];
  const tags = [...(opts.tags ?? [])];
  let failures: { status: number; left: number } | undefined;
  let base = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/hal+json' });
    res.end(JSON.stringify(body));
  };

  const personResource = (p: FakeAnPerson) => ({
    identifiers: [`action_network:${p.id}`],
    given_name: p.given_name,
    family_name: p.family_name,
    email_addresses: p.emails.map((address, i) => ({ address, primary: i === 0, status: 'subscribed' })),
    phone_numbers: p.phone ? [{ number: p.phone.number, number_type: 'Mobile', primary: true, status: p.phone.status }] : [],
    postal_addresses: p.postal_code ? [{ postal_code: p.postal_code, primary: true }] : [],
    _links: { self: { href: `${base}/api/v2/people/${p.id}` } },
  });

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return json(res, 400, { error: 'JSON could not be parsed' });
    }
    const sent = req.headers['osdi-api-token'];
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, token: typeof sent === 'string' ? sent : undefined, body });
    if (sent !== token) return json(res, 401, { error: 'API Key invalid or not present' });
    if (failures && failures.left > 0) {
      failures.left -= 1;
      return json(res, failures.status, { error: failures.status === 429 ? 'Too many requests' : 'Service unavailable' });
    }
    const p = url.pathname;
    if (req.method === 'GET' && p === '/api/v2/tags') {
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const perPage = Math.min(PER_PAGE, Number(url.searchParams.get('per_page') ?? PER_PAGE));
      const totalPages = Math.max(1, Math.ceil(tags.length / perPage));
      const items = tags.slice((page - 1) * perPage, page * perPage).map((name) => ({ identifiers: [`action_network:tag-${name.length}-${tags.indexOf(name)}`], name }));
      return json(res, 200, {
        total_pages: totalPages,
        per_page: perPage,
        page,
        total_records: tags.length,
        _links: { self: { href: `${base}${p}?page=${page}` }, ...(page < totalPages ? { next: { href: `${base}${p}?page=${page + 1}` } } : {}) },
        _embedded: { 'osdi:tags': items },
      });
    }
    if (req.method === 'POST' && p === '/api/v2/tags') {
      const parsed = TagBody.safeParse(body);
      if (!parsed.success) return json(res, 400, { error: parsed.error.issues[0]?.message ?? 'bad tag' });
      if (!tags.includes(parsed.data.name)) tags.push(parsed.data.name);
      return json(res, 200, { identifiers: [`action_network:tag-${tags.indexOf(parsed.data.name)}`], name: parsed.data.name });
    }
    if (req.method === 'POST' && p === '/api/v2/people') {
      const parsed = SignupBody.safeParse(body);
      if (!parsed.success) return json(res, 400, { error: parsed.error.issues.map((i) => i.message).join('; ') });
      const { person, add_tags } = parsed.data;
      const email = person.email_addresses?.[0]?.address.toLowerCase();
      const phone = person.phone_numbers?.[0];
      if (!email && !phone) return json(res, 400, { error: 'Either an email address or a phone number is required' });
      let found = (email && people.find((x) => x.emails.includes(email))) || (phone && people.find((x) => x.phone?.number === phone.number)) || undefined;
      if (!found) {
        found = { id: randomUUID(), emails: [], tags: [] };
        people.push(found);
      }
      if (person.given_name !== undefined) found.given_name = person.given_name;
      if (person.family_name !== undefined) found.family_name = person.family_name;
      if (email && !found.emails.includes(email)) found.emails.push(email);
      if (phone) found.phone = { number: phone.number, status: phone.status ?? (found.phone?.number === phone.number ? found.phone.status : 'unsubscribed') };
      if (person.postal_addresses?.[0]?.postal_code) found.postal_code = person.postal_addresses[0].postal_code;
      for (const name of add_tags ?? []) if (tags.includes(name) && !found.tags.includes(name)) found.tags.push(name);
      return json(res, 200, personResource(found));
    }
    return json(res, 404, { error: 'Not found' });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) json(res, 500, { error: 'fake Action Network failed' });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api/v2`,
    requests,
    people,
    tags,
    failNext(status, times = 1) {
      failures = { status, left: times };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
