import { describe, expect, it } from 'vitest';
import { engineTestStore } from '../engine/harness.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../../../src/adapters/simulated-sms/index.js';
import { createEngine } from '../../../src/core/engine.js';
import { countsAsClick } from '../../../src/core/links/preview-agents.js';
import { initialDestinations } from '../../../src/core/links/link-service.js';
import { isLinkCode, newLinkCode, LINK_CODE_LENGTH } from '../../../src/core/links/link-code.js';

const clock = { now: () => new Date('2030-03-04T15:00:00Z') };

describe('link codes', () => {
  it('are 10 base62 characters (about 59.5 random bits) and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, newLinkCode);
    expect(codes.every(isLinkCode)).toBe(true);
    expect(new Set(codes).size).toBe(2000);
    expect(LINK_CODE_LENGTH * Math.log2(62)).toBeGreaterThan(48);
    expect(isLinkCode('abc')).toBe(false);
    expect(isLinkCode('abcdefghi-')).toBe(false);
  });
});

describe('countsAsClick', () => {
  it.each([
    ['GET', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1', true],
    ['GET', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0 Mobile Safari/537.36', true],
    ['HEAD', 'Mozilla/5.0 (iPhone) Safari/604.1', false],
    ['GET', 'facebookexternalhit/1.1 Facebot Twitterbot/1.0', false],
    ['GET', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', false],
    ['GET', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', false],
    ['GET', 'Mozilla/5.0 (compatible; bingbot/2.0)', false],
    ['GET', 'LinkedInBot/1.0', false],
    ['GET', 'SkypeUriPreview Preview/0.5', false],
    ['GET', 'Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Applebot/0.1', false],
    ['GET', '', false],
  ])('%s %j -> %s', (method, ua, counted) => {
    expect(countsAsClick(method, ua)).toBe(counted);
  });
});

describe('LinkService.forInitial', () => {
  it('gives the contact one link per destination of its script (A/B variants included), the same on every call', async () => {
    const store = await engineTestStore(clock);
    const sms = createSimulatedCarrier({ clock, statusDelayMs: 0, onStatus: async () => undefined });
    const engine = createEngine({ store, queue: createInProcessQueue({ clock }), sms, clock, config: { linkBaseUrl: 'https://go.example.org/l/' } });
    const org = await store.orgs.create({ platform: 'slack', externalId: 'T1', name: 'Org A' });
    const scripts = {
      en: { initial: 'A {link:https://a.example/x} {link:https://a.example/x}', followUps: [], variants: [{ id: 'B' as const, initial: 'B {link:https://b.example}' }] },
      es: { initial: 'C {link:https://c.example}', followUps: [] },
    };
    const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm1', scripts });
    await store.contacts.insertMany(org.id, campaign.id, [{ phone: '+12025550101', firstName: 'Ana', lastName: 'A', windowKey: 'ET' }]);
    const contact = (await store.contacts.findByPhone(org.id, campaign.id, '+12025550101'))!;
    expect(initialDestinations(org, campaign, contact)).toEqual(['https://a.example/x', 'https://b.example']);
    const links = await engine.links.forInitial(org, campaign, contact);
    expect(Object.keys(links)).toEqual(['https://a.example/x', 'https://b.example']);
    for (const url of Object.values(links)) expect(url).toMatch(/^https:\/\/go\.example\.org\/l\/[0-9A-Za-z]{10}$/);
    expect(await engine.links.forInitial(org, campaign, contact)).toEqual(links);
    expect(await engine.links.open('not-a-code', { method: 'GET', userAgent: 'x' })).toBeNull();
  });
});
