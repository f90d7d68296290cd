// MMS end to end in the composed sandbox app (compose.ts, real HTTP on 127.0.0.1): an organizer
// uploads a picture through the chat's file upload and attaches it to the script with
// `/textbank script media`; the volunteer's card says MMS and shows it; Send puts it on the
// voter's sandbox phone, served from /media/<id> as an image. A file that is not what its name
// says is refused in the organizer's language and changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/config.js';
import { appStoreEnv } from '../support/with-mongo.js';
import { createLogger } from '../../src/app/logger.js';
import { fixedStartClock } from './support/sandbox-app.js';
import { SANDBOX_WORKSPACE } from '../../src/app/wire-sandbox.js';
import { createServer } from 'node:net';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** Tuesday 2026-11-17 17:00Z: inside texting hours for every sample voter (R2.3). */
const TUESDAY = new Date('2026-11-17T17:00:00Z');
const dataDir = mkdtempSync(join(tmpdir(), 'textbank-mms-'));
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
interface Msg { id: string; html: string }
interface Phone { phone: string; texts: { from: string; body: string; media?: string[] }[] }
const buttons = (m: Msg) => [...m.html.matchAll(/data-action-id="([^"]+)"(?: data-value="([^"]*)")?/g)].map((x) => ({ id: unescape(x[1]!), value: x[2] === undefined ? undefined : unescape(x[2]) }));

describe('MMS in the sandbox', () => {
  it('a script with an image shows it on the voter sandbox phone, served from /media/<id> as an image', async () => {
    // PUBLIC_URL is this server: the sandbox's uploads and the media are fetched from it.
    const port = await freePort();
    const app = await composeApp({
      config: loadConfig({ ...appStoreEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: `http://127.0.0.1:${port}` }),
      role: 'all',
      logger: createLogger('silent'),
      clock: fixedStartClock(TUESDAY),
    });
    apps.push(app);
    const base = (await app.server.listen({ port, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, await res.clone().text()).toBe(200);
      await res.arrayBuffer();
    };
    const state = async (memberId: string, channelId?: string) =>
      (await (await fetch(`${base}/sandbox/api/state?memberId=${memberId}${channelId ? `&channelId=${channelId}` : ''}`)).json()) as { messages: Msg[]; phones: Phone[]; channels: { id: string; kind: string }[] };
    const upload = async (name: string, bytes: Uint8Array) => {
      const res = await fetch(`${base}/sandbox/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
      return ((await res.json()) as { uploadId: string }).uploadId;
    };
    const command = (memberId: string, text: string, attachments?: { uploadId: string }[]) => post('command', { memberId, channelId: 'campaign', text, ...(attachments ? { attachments } : {}) });

    await command('U-olivia', '/textbank setup');
    await command('U-olivia', '/textbank sandbox demo');
    const org = (await app.store.orgs.findByExternal('sandbox', SANDBOX_WORKSPACE))!;
    const before = (await app.store.campaigns.findBySlug(org.id, 'demo'))!;

    // A text file named like a picture: refused, and nothing changes.
    await command('U-olivia', '/textbank script media demo lang:en', [{ uploadId: await upload('flyer.png', new TextEncoder().encode('not a picture')) }]);
    expect(JSON.stringify((await state('U-olivia', 'campaign')).messages)).toContain('flyer.png is named like a PNG file but its content is not one');
    expect((await app.store.campaigns.findBySlug(org.id, 'demo'))!.scripts).toEqual(before.scripts);

    // A real picture, bigger than an MMS carries: attached to both languages' first message.
    const photo = await sharp({ create: { width: 1400, height: 1000, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();
    expect(photo.length).toBeGreaterThan(600 * 1024);
    for (const lang of ['en', 'es']) await command('U-olivia', `/textbank script media demo lang:${lang}`, [{ uploadId: await upload('rally.jpg', photo) }]);
    const after = (await app.store.campaigns.findBySlug(org.id, 'demo'))!;
    expect(after.scripts.en?.media?.contentType).toBe('image/jpeg');
    expect(after.scripts.es?.media?.contentType).toBe('image/jpeg');
    expect(JSON.stringify((await state('U-olivia', 'campaign')).messages)).toContain('Attached to the English first message');

    // The volunteer claims; the card says MMS and shows the picture; Send.
    const claimPost = (await state('U-val', 'campaign')).messages.find((m) => buttons(m).some((b) => b.id === 'claim'))!;
    await post('action', { memberId: 'U-val', messageId: claimPost.id, actionId: 'claim', value: buttons(claimPost).find((b) => b.id === 'claim')!.value });
    const dmId = (await state('U-val')).channels.find((c) => c.kind === 'dm')!.id;
    const all = [...(await state('U-val', 'campaign')).messages, ...(await state('U-val', dmId)).messages];
    const card = all.filter((m) => buttons(m).some((b) => b.id === 'send')).at(-1)!;
    expect(card.html).toContain('MMS');
    expect(card.html).toMatch(/<img src="http:\/\/127\.0\.0\.1:\d+\/media\/[A-Za-z0-9_-]{22}"/);
    await post('action', { memberId: 'U-val', messageId: card.id, actionId: 'send', value: buttons(card).find((b) => b.id === 'send')!.value });
    for (let i = 0; i < 100 && app.simulated!.sent().length < 1; i += 1) await new Promise((r) => setTimeout(r, 20));

    // The voter's phone has the text with the picture; the address serves a JPEG that fits an MMS.
    const phones = (await state('U-val')).phones;
    const text = phones.flatMap((p) => p.texts).find((x) => x.from === 'org')!;
    expect(text.media).toHaveLength(1);
    const url = text.media![0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[A-Za-z0-9_-]{22}$/);
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('max-age');
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes.length).toBeLessThanOrEqual(600 * 1024);
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
    // The carrier got the same address as MediaUrl.
    expect(app.simulated!.sent()[0]?.mediaUrls).toEqual([url]);
    expect((await fetch(`${base}/media/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    // The sandbox page itself carries the phone renderer for pictures.
    expect(await (await fetch(`${base}/sandbox/assets/sandbox.js`)).text().catch(() => '')).toContain('phone-media');
  }, 120_000);
});
