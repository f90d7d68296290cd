// Tracked links end to end in the composed sandbox app (compose.ts, real HTTP on 127.0.0.1): a
// script with {link:...} sends each voter a distinct link on LINK_BASE_URL, the card shows the same
// link before Send, opening it redirects to the destination, stats show one click, a HEAD (a link
// preview) adds none, and the org's webhook gets `link.clicked` once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/config.js';
import { appStoreEnv } from '../support/with-mongo.js';
import { createLogger } from '../../src/app/logger.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { fixedStartClock } from './support/sandbox-app.js';
import { SANDBOX_WORKSPACE } from '../../src/app/wire-sandbox.js';

/** Tuesday 2026-11-17 17:00Z: inside texting hours for every sample voter (R2.3). */
const TUESDAY = new Date('2026-11-17T17:00:00Z');
const DEST = 'https://example.org/rsvp?e=1';
const dataDir = mkdtempSync(join(tmpdir(), 'textbank-links-'));
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&#96;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
interface Msg { id: string; html: string }
const buttons = (m: Msg) => [...m.html.matchAll(/data-action-id="([^"]+)"(?: data-value="([^"]*)")?/g)].map((x) => ({ id: unescape(x[1]!), value: x[2] === undefined ? undefined : unescape(x[2]) }));

describe('tracked links in the sandbox', () => {
  it('each voter gets a distinct link; a click redirects and counts once; HEAD counts none; one link.clicked', async () => {
    const rx = await startWebhookReceiver();
    const appClock = fixedStartClock(TUESDAY);
    try {
      const app = await composeApp({
        config: loadConfig({ ...appStoreEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true', PUBLIC_URL: 'http://127.0.0.1:9', LINK_BASE_URL: 'https://go.example.org/l' }),
        role: 'all',
        logger: createLogger('silent'),
        clock: appClock,
      });
      apps.push(app);
      const base = (await app.server.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status, await res.clone().text()).toBe(200);
        await res.arrayBuffer();
      };
      const messages = async (memberId: string): Promise<Msg[]> => {
        const res = await fetch(`${base}/sandbox/api/state?memberId=${memberId}&channelId=campaign`);
        return ((await res.json()) as { messages: Msg[] }).messages;
      };
      const command = (memberId: string, text: string) => post('command', { memberId, channelId: 'campaign', text });

      await command('U-olivia', '/textbank setup');
      await command('U-olivia', `/textbank webhooks add ${rx.url} link.clicked`);
      const secret = /whsec_[A-Za-z0-9_-]+/.exec(JSON.stringify(await messages('U-olivia')))?.[0];
      rx.secret = secret!;
      rx.nowSec = () => Math.floor(appClock.now().getTime() / 1000);
      await command('U-olivia', '/textbank sandbox demo');
      // The organizer adds a tracked link to the demo's first message (through the engine, as the script modal does).
      const state = await messages('U-olivia');
      expect(state.length).toBeGreaterThan(0);
      const sandboxOrg = await findSandboxOrg(app);
      const campaign = (await app.store.campaigns.findBySlug(sandboxOrg.id, 'demo'))!;
      const { en, es } = campaign.scripts;
      const owner = (await app.store.members.list(sandboxOrg.id)).find((m) => m.role === 'owner')!;
      const scripts = { en: { ...en!, initial: `${en!.initial} RSVP: {link:${DEST}}` }, es: { ...es!, initial: `${es!.initial} RSVP: {link:${DEST}}` } };
      const saved = await app.engine.campaigns.updateScripts(sandboxOrg.id, campaign.id, scripts, owner.id);
      expect(saved.ok, JSON.stringify(saved)).toBe(true);

      // Val claims and sends two texts; each card shows the voter's own link before Send.
      const claimPost = (await messages('U-val')).find((m) => buttons(m).some((b) => b.id === 'claim'))!;
      await post('action', { memberId: 'U-val', messageId: claimPost.id, actionId: 'claim', value: buttons(claimPost).find((b) => b.id === 'claim')!.value });
      const shown: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const dm = await fetch(`${base}/sandbox/api/state?memberId=U-val`).then((r) => r.json() as Promise<{ channels: { id: string; kind: string }[] }>);
        const dmId = dm.channels.find((c) => c.kind === 'dm')!.id;
        const all = [...(await messages('U-val')), ...((await fetch(`${base}/sandbox/api/state?memberId=U-val&channelId=${dmId}`).then((r) => r.json())) as { messages: Msg[] }).messages];
        const card = all.filter((m) => buttons(m).some((b) => b.id === 'send')).at(-1)!;
        shown.push(/https:\/\/go\.example\.org\/l\/([0-9A-Za-z]{10})/.exec(card.html)?.[1] ?? '');
        const send = buttons(card).find((b) => b.id === 'send')!;
        await post('action', { memberId: 'U-val', messageId: card.id, actionId: 'send', value: send.value });
      }
      for (let i = 0; i < 100 && app.simulated!.sent().length < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
      const sent = app.simulated!.sent();
      expect(sent).toHaveLength(2);
      const codes = sent.map((s) => /https:\/\/go\.example\.org\/l\/([0-9A-Za-z]{10})/.exec(s.body)?.[1]);
      expect(codes.every(Boolean), sent.map((x) => x.body).join('\n')).toBe(true);
      expect(new Set(codes).size).toBe(2);
      expect(shown).toEqual(codes);
      expect(sent.some((s) => s.body.includes('example.org/rsvp'))).toBe(false);

      // A preview fetch (HEAD) first: redirected, not counted. Then the voter opens it.
      const path = `/l/${codes[0]}`;
      const head = await fetch(`${base}${path}`, { method: 'HEAD', redirect: 'manual' });
      expect(head.status).toBe(302);
      const ua = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile' };
      const open = await fetch(`${base}${path}`, { redirect: 'manual', headers: ua });
      expect(open.status).toBe(302);
      expect(open.headers.get('location')).toBe(DEST);
      await fetch(`${base}${path}`, { method: 'HEAD', redirect: 'manual' });
      await fetch(`${base}${path}`, { redirect: 'manual', headers: ua });
      expect((await fetch(`${base}/l/0000000000`, { redirect: 'manual' })).status).toBe(404);

      const stats = await app.engine.stats.campaignStats(sandboxOrg.id, campaign.id);
      expect(stats.ok && stats.stats.links).toEqual({ clicks: 2, clickers: 1, clickRate: 0.5 });
      await command('U-olivia', '/textbank stats demo');
      expect(JSON.stringify(await messages('U-olivia'))).toContain('Link clicks: 1 of 2 texted voters clicked (50%)');

      for (let i = 0; i < 100 && rx.received.length === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0]).toMatchObject({ verified: true, body: { type: 'link.clicked', data: { campaign: 'demo', url: DEST } } });
    } finally {
      await rx.close();
    }
  }, 90_000);
});

async function findSandboxOrg(app: App) {
  const org = await app.store.orgs.findByExternal('sandbox', SANDBOX_WORKSPACE);
  if (!org) throw new Error('no sandbox org');
  return org;
}
