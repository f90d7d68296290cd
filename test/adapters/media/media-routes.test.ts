// The media routes over real HTTP on 127.0.0.1: stored media served with its type, nosniff and
// caching; unknown ids 404; voter media proxied from a local fake of Twilio's media host that
// checks the basic-auth header, follows its redirect, refuses bodies over 5 MB, types an MMS
// does not carry and stored addresses that are not Twilio's.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { mediaRoutes } from '../../../src/adapters/media/media-routes.js';
import { createTwilioMediaFetcher } from '../../../src/adapters/twilio/twilio-media.js';

const SID = `AC${'1'.repeat(32)}`;
const TOKEN = 'secret-token-0123456789';
const AUTH = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let twilio: Server;
let twilioUrl = '';
const seen: { path: string; auth?: string }[] = [];

beforeAll(async () => {
  twilio = createServer((req: IncomingMessage, res) => {
    const path = req.url ?? '';
    seen.push({ path, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    if (path.startsWith('/2010-04-01/')) {
      if (req.headers.authorization !== AUTH) return res.writeHead(401).end();
      const name = path.split('/').at(-1);
      return res.writeHead(302, { location: `${twilioUrl}/cdn/${name}` }).end();
    }
    if (path === '/cdn/ME_png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (path === '/cdn/ME_html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
    if (path === '/cdn/ME_big') {
      // No content-length: the limit must hold while streaming.
      res.writeHead(200, { 'content-type': 'video/mp4', 'transfer-encoding': 'chunked' });
      const chunk = Buffer.alloc(256 * 1024, 7);
      for (let i = 0; i < 24; i += 1) res.write(chunk);
      return res.end();
    }
    return res.writeHead(404).end();
  });
  await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => twilio.close(() => r())));

async function app() {
  const store = createMemoryStore();
  const server = Fastify();
  const fetchInbound = createTwilioMediaFetcher({ accountSid: SID, authToken: TOKEN, apiUrl: twilioUrl, allowHttpHosts: ['127.0.0.1'] });
  await server.register(mediaRoutes, { store, fetchInbound });
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  return { store, server, base: base.replace('localhost', '127.0.0.1') };
}

describe('media routes', () => {
  it('serves stored media with its type, nosniff and long caching; unknown ids are 404', async () => {
    const { store, server, base } = await app();
    try {
      const org = await store.orgs.create({ platform: 'sandbox', externalId: 'w', name: 'Org' });
      const m = await store.media.create(org.id, { contentType: 'image/png', bytes: PNG, sha256: 'abc' });
      const res = await fetch(`${base}/media/${m.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
      expect((await fetch(`${base}/media/${m.id}`, { headers: { 'if-none-match': '"abc"' } })).status).toBe(304);
      expect((await fetch(`${base}/media/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
      expect((await fetch(`${base}/media/..%2F..%2Fetc`)).status).toBe(404);
      const card = await store.media.create(org.id, { contentType: 'text/vcard', bytes: new TextEncoder().encode('BEGIN:VCARD'), sha256: 'v' });
      expect((await fetch(`${base}/media/${card.id}`)).headers.get('content-disposition')).toBe('attachment');
      // Voter media is not served as stored media (it has no bytes here).
      const remote = await store.media.createRemote(org.id, { contentType: 'image/png', remoteUrl: `${twilioUrl}/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME_png` });
      expect((await fetch(`${base}/media/${remote.id}`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('proxies voter media from Twilio with basic auth, following its redirect; refuses other types, over 5 MB and non-Twilio addresses', async () => {
    const { store, server, base } = await app();
    try {
      const org = await store.orgs.create({ platform: 'sandbox', externalId: 'w', name: 'Org' });
      const at = (name: string) => `${twilioUrl}/2010-04-01/Accounts/${SID}/Messages/MM1/Media/${name}`;
      const png = await store.media.createRemote(org.id, { contentType: 'image/png', remoteUrl: at('ME_png') });
      seen.length = 0;
      const res = await fetch(`${base}/media/in/${png.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
      expect(seen[0]).toEqual({ path: `/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME_png`, auth: AUTH });
      expect(seen[1]?.path).toBe('/cdn/ME_png');

      const html = await store.media.createRemote(org.id, { contentType: 'text/html', remoteUrl: at('ME_html') });
      expect((await fetch(`${base}/media/in/${html.id}`)).status).toBe(415);
      const big = await store.media.createRemote(org.id, { contentType: 'video/mp4', remoteUrl: at('ME_big') });
      expect((await fetch(`${base}/media/in/${big.id}`)).status).toBe(413);
      // A stored address that is not Twilio's API host is never fetched.
      const elsewhere = await store.media.createRemote(org.id, { contentType: 'image/png', remoteUrl: 'https://evil.example/x.png' });
      expect((await fetch(`${base}/media/in/${elsewhere.id}`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('without the credentials Twilio refuses, and the proxy answers 502 (never the carrier URL)', async () => {
    const store = createMemoryStore();
    const server = Fastify();
    await server.register(mediaRoutes, { store, fetchInbound: createTwilioMediaFetcher({ accountSid: SID, authToken: 'wrong-token-000000000', apiUrl: twilioUrl, allowHttpHosts: ['127.0.0.1'] }) });
    const base = (await server.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    try {
      const org = await store.orgs.create({ platform: 'sandbox', externalId: 'w', name: 'Org' });
      const png = await store.media.createRemote(org.id, { contentType: 'image/png', remoteUrl: `${twilioUrl}/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME_png` });
      const res = await fetch(`${base}/media/in/${png.id}`);
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain('twilio');
    } finally {
      await server.close();
    }
  });
});
