// Deliverability guardrails: outcome classes, the verdict on a window, one alert per crossing,
// the first-text pause of one campaign and its Resume (R4.7, R6.3).
import { describe, expect, it } from 'vitest';
import { EngineConfig } from '../../../src/core/engine-config.js';
import { silentLogger, type EngineDeps } from '../../../src/core/campaigns/engine-deps.js';
import type { Message } from '../../../src/core/model/message.js';
import { classifyOutcome, DeliverabilityGuardrail, deliverabilityOf, evaluateWindow, isDailyCap, setCampaignInitialsPaused, DeliverabilitySettings } from '../../../src/core/deliverability/index.js';
import { harness, interaction, ORG_SERVICE, startedCampaign, type Harness } from '../engine/harness.js';

const counts = (size: number, carrierViolation: number, unreachable = 0) => ({ size, ok: size - carrierViolation - unreachable, carrierViolation, unreachable, other: 0 });
const DEFAULTS = deliverabilityOf({});

describe('classifyOutcome', () => {
  it('R4.7: delivered is ok; 30007 is a carrier violation; 30003/30005/30006 are unreachable destinations; other carrier codes are other', () => {
    expect(classifyOutcome('delivered')).toBe('ok');
    expect(classifyOutcome('undelivered', '30007')).toBe('carrier_violation');
    for (const code of ['30003', '30005', '30006']) expect(classifyOutcome('failed', code)).toBe('unreachable');
    expect(classifyOutcome('failed', '21211')).toBe('other');
    expect(classifyOutcome('failed')).toBe('other');
  });

  it('non-terminal statuses, our own refusals and daily caps are not carrier outcomes', () => {
    for (const s of ['queued', 'sending', 'sent', 'received'] as const) expect(classifyOutcome(s)).toBeNull();
    expect(classifyOutcome('failed', 'outside_window')).toBeNull();
    expect(classifyOutcome('failed', 'opted_out_local')).toBeNull();
    expect(classifyOutcome('failed', '63038')).toBeNull();
    expect(isDailyCap('63038')).toBe(true);
    expect(isDailyCap('30023')).toBe(true);
    expect(isDailyCap('30007')).toBe(false);
  });
});

describe('evaluateWindow', () => {
  it('defaults: warn above 3%, pause above 8% of the last 200, nothing judged under 50 outcomes', () => {
    expect(DEFAULTS).toEqual({ warnPercent: 3, pausePercent: 8, window: 200 });
    expect(evaluateWindow(counts(49, 49), DEFAULTS).level).toBe('none');
    expect(evaluateWindow(counts(100, 3), DEFAULTS).level).toBe('none'); // exactly 3% is not above it
    expect(evaluateWindow(counts(100, 4), DEFAULTS)).toMatchObject({ level: 'warn', cause: 'carrier_violation', violationPercent: 4 });
    expect(evaluateWindow(counts(100, 8), DEFAULTS).level).toBe('warn');
    expect(evaluateWindow(counts(100, 9), DEFAULTS)).toMatchObject({ level: 'pause', cause: 'carrier_violation' });
    expect(evaluateWindow(counts(200, 1, 17), DEFAULTS)).toMatchObject({ level: 'pause', cause: 'unreachable', unreachablePercent: 8.5 });
  });

  it('org settings move the thresholds; the warning must stay below the pause', () => {
    const strict = { warnPercent: 2, pausePercent: 5, window: 50 };
    expect(evaluateWindow(counts(50, 1), strict).level).toBe('none');
    expect(evaluateWindow(counts(50, 2), strict).level).toBe('warn');
    expect(evaluateWindow(counts(50, 3), strict).level).toBe('pause');
    expect(evaluateWindow(counts(50, 3), DEFAULTS).level).toBe('warn');
    expect(DeliverabilitySettings.safeParse({ warnPercent: 8, pausePercent: 3, window: 200 }).success).toBe(false);
    expect(DeliverabilitySettings.safeParse({ warnPercent: 3, pausePercent: 8, window: 20 }).success).toBe(false);
  });
});

function depsOf(h: Harness): EngineDeps {
  return { store: h.store, queue: h.queue, sms: h.carrier, clock: h.clock, config: EngineConfig.parse({}), log: silentLogger };
}

function outbound(h: Harness, campaignId: string, i: number): Message {
  return { id: `m${i}`, orgId: h.org.id, campaignId, direction: 'outbound', kind: 'initial', orgNumber: ORG_SERVICE } as Message;
}

describe('DeliverabilityGuardrail', () => {
  it('R6.3: warns once per crossing (not on every status), alerts again after the share fell back and crossed again; two workers post one warning', async () => {
    const h = await harness();
    const alerts: { level: string; scope: string }[] = [];
    h.queue.process('deliverability.alert', async (p) => void alerts.push(p as { level: string; scope: string }));
    const c = await startedCampaign(h, 1);
    const a = new DeliverabilityGuardrail(depsOf(h));
    const b = new DeliverabilityGuardrail(depsOf(h));
    let n = 0;
    const feed = async (g: DeliverabilityGuardrail, k: number, status: 'delivered' | 'undelivered', code?: string) => {
      for (let i = 0; i < k; i += 1) await g.record(outbound(h, c.id, (n += 1)), status, code);
    };
    await feed(a, 46, 'delivered');
    await feed(a, 4, 'undelivered', '30007'); // 4 of 50 = 8%: warn, not pause
    await h.queue.drain();
    // The sender's window crossed with the campaign's: one warning for one burst.
    expect(alerts.map((x) => [x.level, x.scope])).toEqual([['warn', 'campaign']]);
    // Concurrent outcomes while still above the warning share: no second warning from either worker.
    await Promise.all([feed(a, 3, 'delivered'), feed(b, 3, 'delivered')]);
    await h.queue.drain();
    expect(alerts).toHaveLength(1);
    // Back under 3%: 4 of 200 after many deliveries; then a new burst crosses again.
    await feed(a, 150, 'delivered');
    await feed(b, 6, 'undelivered', '30007');
    await h.queue.drain();
    expect(alerts.map((x) => x.level)).toEqual(['warn', 'warn']);
    expect((await h.store.campaigns.get(h.org.id, c.id))?.initialsPause).toBeUndefined();
  });

  it('above the pause share the campaign\'s first texts stop (replies are not touched); an organizer\'s Resume restarts them on a fresh window; a volunteer cannot resume', async () => {
    const h = await harness();
    h.queue.process('deliverability.alert', async () => undefined);
    const c = await startedCampaign(h, 1);
    const g = new DeliverabilityGuardrail(depsOf(h));
    for (let i = 0; i < 45; i += 1) await g.record(outbound(h, c.id, i), 'delivered');
    for (let i = 0; i < 5; i += 1) expect(await g.record(outbound(h, c.id, 100 + i), 'failed', '30005')).toBe(i === 4 ? 'paused' : 'none');
    expect((await h.store.campaigns.get(h.org.id, c.id))?.initialsPause).toMatchObject({ paused: true, by: 'guardrail', reason: { cause: 'unreachable', percent: 10, scope: 'campaign' } });
    expect(await setCampaignInitialsPaused(h, h.org.id, c.id, h.volunteers[0]!.id, false)).toMatchObject({ ok: false, reason: 'engine:auth.forbidden' });
    const resumed = await setCampaignInitialsPaused(h, h.org.id, c.id, h.organizer.id, false);
    expect(resumed).toMatchObject({ ok: true, changed: true, campaign: { initialsPause: { paused: false, by: h.organizer.id } } });
    expect(await h.store.deliverability.get(h.org.id, `campaign:${c.id}`)).toMatchObject({ size: 0, warned: false, paused: false });
    expect(await h.store.audit.list(h.org.id, { action: 'campaign.initials_resumed' })).toHaveLength(1);
    const claim = await h.engine.claims.claim(h.org.id, c.id, h.volunteers[0]!.id);
    if (!claim.ok || !claim.next) throw new Error('claim');
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'slack' });
    expect(r.ok).toBe(true);
  });
});
