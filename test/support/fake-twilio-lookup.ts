/**
 * A local fake of Twilio Lookup v2 on 127.0.0.1 (no network). It answers
 * `GET /v2/PhoneNumbers/{PhoneNumber}?Fields=line_type_intelligence` the way Twilio documents it:
 * HTTP Basic auth with the Account SID and Auth Token (401 with code 20003 otherwise), the phone
 * number in E.164 in the path, and `{ phone_number, valid, validation_errors,
 * line_type_intelligence: { type, carrier_name, error_code, mobile_country_code,
 * mobile_network_code } }`. A request without `Fields=line_type_intelligence` gets
 * `line_type_intelligence: null` (the free basic lookup). Numbers are scripted with `script`.
 */
import { createServer, type Server } from 'node:http';

export const FAKE_LOOKUP_SID = `AC${'fedcba9876543210'.repeat(2)}`;
export const FAKE_LOOKUP_TOKEN = 'fake-lookup-auth-token-0123456789';

export type LookupScript =
  | { type: string; carrier?: string }
  | { invalid: true }
  | { ltiError: number }
  | { status: number; code?: number; times?: number };

export interface FakeLookupRequest {
  path: string;
  phone: string;
  fields: string | null;
  auth: { user: string; pass: string } | null;
}

export interface FakeTwilioLookup {
  url: string;
  requests: FakeLookupRequest[];
  script(phone: string, reply: LookupScript): void;
  close(): Promise<void>;
}

export async function startFakeTwilioLookup(): Promise<FakeTwilioLookup> {
  const scripts = new Map<string, LookupScript>();
  const requests: FakeLookupRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/v2\/PhoneNumbers\/([^/]+)$/.exec(url.pathname);
    const header = req.headers.authorization ?? '';
    const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : null;
    const auth = decoded ? { user: decoded.split(':')[0] ?? '', pass: decoded.split(':').slice(1).join(':') } : null;
    const phone = m ? decodeURIComponent(m[1] as string) : '';
    requests.push({ path: url.pathname, phone, fields: url.searchParams.get('Fields'), auth });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string): void => send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    if (req.method !== 'GET' || !m) return error(404, 20404, 'The requested resource was not found');
    if (auth?.user !== FAKE_LOOKUP_SID || auth.pass !== FAKE_LOOKUP_TOKEN) return error(401, 20003, 'Authenticate');
    const scripted = scripts.get(phone);
    if (scripted && 'status' in scripted) {
      if (scripted.times !== undefined) {
        scripted.times -= 1;
        if (scripted.times <= 0) scripts.delete(phone);
      }
      return scripted.code === undefined ? send(scripted.status, { oops: true }) : error(scripted.status, scripted.code, 'scripted');
    }
    const valid = !(scripted && 'invalid' in scripted);
    const lti = url.searchParams.get('Fields') === 'line_type_intelligence'
      ? scripted && 'ltiError' in scripted
        ? { type: null, carrier_name: null, error_code: scripted.ltiError, mobile_country_code: null, mobile_network_code: null }
        : valid
          ? { type: scripted && 'type' in scripted ? scripted.type : 'mobile', carrier_name: scripted && 'type' in scripted ? (scripted.carrier ?? null) : 'Fake Wireless', error_code: null, mobile_country_code: '311', mobile_network_code: '480' }
          : null
      : null;
    return send(200, {
      calling_country_code: '1',
      country_code: 'US',
      phone_number: phone,
      national_format: phone,
      valid,
      validation_errors: valid ? [] : ['TOO_SHORT'],
      caller_name: null,
      line_type_intelligence: lti,
      url: `${url.origin}${url.pathname}`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (phone, reply) => void scripts.set(phone, reply),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
