// The tracked-link redirect over real HTTP on 127.0.0.1: 302 to the stored destination only,
// 404 for unknown or malformed codes (never repeating them), HEAD and link previews redirected but
// not counted, and a contact's first click counted once (stats tallies, contact, one event).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createInProcessQueue } from '../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../../src/adapters/simulated-sms/index.js';
import { buildServer, type HttpServer } from '../../src/app/server.js';
import { linkRoutePath, registerLinkRoutes } from '../../src/app/link-routes.js';
import { createLogger } from '../../src/app/logger.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import { linkTallyScope } from '../../src/core/links/link-service.js';
import { variantScope } from '../../src/core/stats/variant-tallies.js';
import type { DomainEvent, Store } from '../../src/core/ports.js';

const NOW = new Date('2030-03-04T15:00:00Z');
const clock = { now: () => new Date(NOW) };
const DEST = 'https://example.org/rsvp?utm_source=text';

describe('GET|HEAD /l/:code', () => {
  let store: Store;
  let engine: Engine;
  let server: HttpServer;
  let base = '';
  const events: DomainEvent[] = [];
  let orgId = '';
  let campaignId = '';
  let contactId = '';
  let code = '';

  beforeAll(async () => {
    store = createMemoryStore({ clock });
    const queue = createInProcessQueue({ clock });
    const sms = createSimulatedCarrier({ clock, statusDelayMs: 0, onStatus: async () => undefined, onInbound: async () => undefined });
    engine = createEngine({ store, queue, sms, clock, config: { linkBaseUrl: 'https://go.example.org/l' }, events: { publish: async (e) => void events.push(e) } });
    const org = await store.orgs.create({ platform: 'slack', externalId: 'T1', name: 'Org A' });
    const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm1' });
    await store.contacts.insertMany(org.id, campaign.id, [{ phone: '+12025550101', firstName: 'Ana', lastName: 'A', windowKey: 'ET', variant: 'b' }]);
    const contact = (await store.contacts.findByPhone(org.id, campaign.id, '+12025550101'))!;
    [orgId, campaignId, contactId] = [org.id, campaign.id, contact.id];
    code = (await store.links.ensure(orgId, { campaignId, contactId, url: DEST })).code;
    server = await buildServer({ logger: createLogger('silent'), probes: [] });
    registerLinkRoutes(server, engine.links, { linkBaseUrl: 'https://go.example.org/l', notFound: { title: 'Link not found', text: 'This link does not exist.' } });
    base = (await server.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: 'manual', ...init, headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1', ...(init.headers ?? {}) } });
  const clicks = async () => ({ contact: await store.contacts.get(orgId, contactId), link: await store.links.resolve(code), tallies: await store.tallies.get(orgId, linkTallyScope(campaignId)) });

  it('the route lives at LINK_BASE_URL\'s path', () => {
    expect(linkRoutePath('https://go.example.org/l/')).toBe('/l/:code');
    expect(linkRoutePath('https://go.example.org')).toBe('/:code');
    expect(linkRoutePath('https://example.org/r/x')).toBe('/r/x/:code');
  });

  it('HEAD and link previews are redirected but not counted', async () => {
    const head = await get(`/l/${code}`, { method: 'HEAD' });
    expect(head.status).toBe(302);
    expect(head.headers.get('location')).toBe(DEST);
    for (const ua of ['facebookexternalhit/1.1 Facebot Twitterbot/1.0', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'WhatsApp/2.23.20.0', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'TelegramBot (like TwitterBot)', 'curl/8.5.0', '']) {
      const res = await get(`/l/${code}`, { headers: { 'user-agent': ua } });
      expect(res.status, ua).toBe(302);
      expect(res.headers.get('location')).toBe(DEST);
    }
    const after = await clicks();
    expect(after.link?.clicks).toBe(0);
    expect(after.contact?.linkClickedAt).toBeUndefined();
    expect(after.tallies).toEqual({});
    expect(events).toEqual([]);
  });

  it('a voter\'s GET answers 302 to the stored destination, no-store, and counts the first click once', async () => {
    const res = await get(`/l/${code}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(DEST);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await get(`/l/${code}`);
    const after = await clicks();
    expect(after.link).toMatchObject({ clicks: 2, firstClickedAt: NOW });
    expect(after.contact).toMatchObject({ linkClicks: 2, linkClickedAt: NOW });
    expect(after.tallies).toEqual({ clicks: 2, clickers: 1 });
    // The contact's arm: its variant within its language (en, the default).
    expect(await store.tallies.get(orgId, variantScope(campaignId))).toEqual({ 'en/b/clicked': 1 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: `link.clicked:${contactId}`, type: 'link.clicked', orgId, campaignId, contactId, data: { campaign: 'gotv', url: DEST, variant: 'b' } });
  });

  it.each(['/l/ZZZZZZZZZZ', '/l/short', '/l/<script>alert(1)</script>', '/l/' + 'a'.repeat(90), '/l/abc%2F..%2Fx', `/l/${'x'.repeat(10)}?to=https://evil.example`])('%s is a 404 that names no code and redirects nowhere', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('location')).toBeNull();
    const body = await res.text();
    expect(body).not.toContain('script>alert');
    expect(body).not.toContain('evil.example');
  });

  it('a query string cannot change where a known code goes', async () => {
    const res = await get(`/l/${code}?url=https://evil.example&next=https://evil.example`, { headers: { 'user-agent': 'curl/8' } });
    expect(res.headers.get('location')).toBe(DEST);
  });
});
