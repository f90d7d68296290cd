// The deliverability guardrail end to end in the composed sandbox app (compose.ts, real HTTP on
// 127.0.0.1, the simulated carrier's own status callbacks): the demo campaign, "Simulate carrier
// filtering" on the phones panel, a volunteer pressing Send; once 50 outcomes are in, the burst of
// 30007s pauses the campaign's first texts, the warning is posted in #campaign and #review, the
// next Send is refused, and the organizer's Resume lets Send work again (R4.7, R6.3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/config.js';
import { appStoreEnv } from '../support/with-mongo.js';
import { createLogger } from '../../src/app/logger.js';
import { SANDBOX_WORKSPACE } from '../../src/app/wire-sandbox.js';
import { CARRIER_FILTER_TEXTS } from '../../src/adapters/web/plugin.js';
import { fixedStartClock } from './support/sandbox-app.js';

/** Tuesday 2026-11-17 17:00Z: inside texting hours for every sample voter (R2.3). */
const TUESDAY = new Date('2026-11-17T17:00:00Z');
const dataDir = mkdtempSync(join(tmpdir(), 'textbank-deliverability-'));
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&#96;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
interface Msg { id: string; html: string }
const buttons = (m: Msg) => [...m.html.matchAll(/data-action-id="([^"]+)"(?: data-value="([^"]*)")?/g)].map((x) => ({ id: unescape(x[1]!), value: x[2] === undefined ? undefined : unescape(x[2]) }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deliverability guardrail in the sandbox', () => {
  it('simulated carrier filtering pauses the demo\'s first texts, warns #campaign and #review, refuses Send; Resume lets Send work again (R4.7)', async () => {
    const app = await composeApp({
      config: loadConfig({ ...appStoreEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1:9' }),
      role: 'all',
      logger: createLogger('silent'),
      clock: fixedStartClock(TUESDAY),
    });
    apps.push(app);
    const carrier = app.simulated!;
    const base = (await app.server.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const post = async (path: string, body: unknown) => {
      const r = await call(path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const state = async (memberId: string, channelId?: string) =>
      (await fetch(`${base}/sandbox/api/state?memberId=${memberId}${channelId ? `&channelId=${channelId}` : ''}`).then((r) => r.json())) as { messages: Msg[]; channels: { id: string; kind: string }[]; carrierFilterLeft: number | null };
    const messages = async (memberId: string, channelId: string) => (await state(memberId, channelId)).messages;
    const command = (memberId: string, text: string) => post('command', { memberId, channelId: 'campaign', text });
    /** Every message Val sees (campaign channel and her DM with the bot, where the cards are). */
    const valSees = async () => {
      const dmId = (await state('U-val')).channels.find((c) => c.kind === 'dm')?.id;
      return [...(await messages('U-val', 'campaign')), ...(dmId ? await messages('U-val', dmId) : [])];
    };
    const sendCard = async (): Promise<Msg | undefined> => (await valSees()).filter((m) => buttons(m).some((b) => b.id === 'send')).at(-1);
    const pressSend = async (card: Msg) => {
      const send = buttons(card).find((b) => b.id === 'send')!;
      return post('action', { memberId: 'U-val', messageId: card.id, actionId: 'send', value: send.value });
    };
    const claim = async () => {
      const claimPost = (await messages('U-val', 'campaign')).find((m) => buttons(m).some((b) => b.id === 'claim'))!;
      await post('action', { memberId: 'U-val', messageId: claimPost.id, actionId: 'claim', value: buttons(claimPost).find((b) => b.id === 'claim')!.value });
    };
    /** Waits until the carrier accepted `n` texts and every status callback reached the app. */
    const settle = async (n: number) => {
      for (let i = 0; i < 200 && carrier.sent().length < n; i += 1) await sleep(20);
      expect(carrier.sent()).toHaveLength(n);
      await carrier.flush();
      await sleep(50);
    };
    /** The guardrail's pause warnings: the ones carrying the organizers' Resume button. */
    const alertsIn = async (channelId: string) => (await messages('U-olivia', channelId)).filter((m) => buttons(m).some((b) => b.id === 'deliverability_resume'));

    await command('U-olivia', '/textbank setup');
    await command('U-olivia', '/textbank sandbox demo');
    const org = (await app.store.orgs.findByExternal('sandbox', SANDBOX_WORKSPACE))!;
    const campaign = (await app.store.campaigns.findBySlug(org.id, 'demo'))!;
    expect(campaign.counters.contacts).toBe(60);

    // The phones panel offers the control (the composed sandbox has the simulated carrier).
    expect((await state('U-olivia')).carrierFilterLeft).toBe(0);
    const refused = await call('carrier-filter', { texts: -1 });
    expect(refused.status).toBe(400);
    const on = await post('carrier-filter', { texts: CARRIER_FILTER_TEXTS, lang: 'es' });
    expect(on).toMatchObject({ ok: true, left: CARRIER_FILTER_TEXTS });
    expect(on.message).toBe(`El operador simulado filtrará los próximos ${CARRIER_FILTER_TEXTS} textos (error 30007).`);
    expect((await state('U-olivia')).carrierFilterLeft).toBe(CARRIER_FILTER_TEXTS);

    // Val sends 49 first texts: 10 come back undelivered (30007), and nothing is judged yet.
    let sent = 0;
    const sendNext = async () => {
      let card = await sendCard();
      if (!card) {
        await claim();
        card = await sendCard();
      }
      expect(card, 'a card with Send').toBeDefined();
      await pressSend(card!);
      sent += 1;
    };
    while (sent < 49) await sendNext();
    await settle(49);
    expect(carrier.filtering()).toBe(0);
    const undelivered = carrier.callbacks().filter((c) => c.status === 'undelivered');
    expect(undelivered).toHaveLength(CARRIER_FILTER_TEXTS);
    expect(undelivered.every((c) => c.errorCode === '30007')).toBe(true);
    expect((await app.store.campaigns.get(org.id, campaign.id))?.initialsPause?.paused).not.toBe(true);
    expect(await alertsIn('campaign')).toHaveLength(0);

    // The 50th outcome makes the window judged: 10 of 50 (20%) is above the 8% pause share.
    await sendNext();
    await settle(50);
    for (let i = 0; i < 100 && (await alertsIn('review')).length === 0; i += 1) await sleep(20);
    expect((await app.store.campaigns.get(org.id, campaign.id))?.initialsPause).toMatchObject({ paused: true, by: 'guardrail' });
    const inCampaign = await alertsIn('campaign');
    const inReview = await alertsIn('review');
    expect(inCampaign).toHaveLength(1);
    expect(inReview).toHaveLength(1);
    expect(inCampaign[0]!.html).toContain('20% of this campaign&#39;s last 50 texts were texts blocked by carriers as spam (error 30007)');
    // The campaign post says so too.
    expect(JSON.stringify(await messages('U-olivia', 'campaign'))).toContain('First texts of this campaign are paused');

    // The next Send is refused and texts nobody.
    let card = await sendCard();
    if (!card) {
      await claim();
      card = await sendCard();
    }
    const before = carrier.attempts().length;
    await pressSend(card!);
    await sleep(100);
    expect(carrier.attempts()).toHaveLength(before);
    expect(JSON.stringify(await valSees())).toContain('are paused because too many recent texts were blocked or could not be delivered');

    // A volunteer cannot resume; the organizer's Resume in #review lets Send work again.
    const resume = buttons(inReview[0]!).find((b) => b.id === 'deliverability_resume');
    expect(resume).toBeDefined();
    await post('action', { memberId: 'U-val', messageId: inCampaign[0]!.id, actionId: resume!.id, value: resume!.value });
    expect((await app.store.campaigns.get(org.id, campaign.id))?.initialsPause?.paused).toBe(true);
    await post('action', { memberId: 'U-olivia', messageId: inReview[0]!.id, actionId: resume!.id, value: resume!.value });
    expect((await app.store.campaigns.get(org.id, campaign.id))?.initialsPause?.paused).not.toBe(true);
    await pressSend((await sendCard())!);
    await settle(51);
    expect(carrier.callbacks().at(-1)).toMatchObject({ status: 'delivered' });

    // Turning filtering on and off again from the page.
    await post('carrier-filter', { texts: 3 });
    expect(await post('carrier-filter', { texts: 0 })).toMatchObject({ left: 0, message: 'Carrier filtering is off: texts are delivered again.' });
  }, 120_000);
});
