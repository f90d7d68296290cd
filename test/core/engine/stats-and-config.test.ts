import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../../../src/adapters/simulated-sms/simulated-carrier.js';
import { ENGINE_REASONS } from '../../../src/core/campaigns/result.js';
import { KNOWN_SMS_ERROR_CODES, smsErrorAction } from '../../../src/core/compliance/sms-errors.js';
import { createEngine } from '../../../src/core/engine.js';
import { EngineConfig } from '../../../src/core/engine-config.js';
import { contactsFor, fakeClock, SCRIPTS } from './harness.js';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const locale = (lng: string) => JSON.parse(readFileSync(new URL(`../../../locales/${lng}/engine.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('engine locales, config and the R4.7 table', () => {
  it('every reason the engine returns exists in en and es, with the same keys and placeholders', () => {
    const en = locale('en');
    const es = locale('es');
    expect(keys(es).sort()).toEqual(keys(en).sort());
    const enKeys = new Set(keys(en));
    for (const reason of ENGINE_REASONS) expect(enKeys.has(reason.replace(/^engine:/, '')), reason).toBe(true);
    const flat = (o: Record<string, unknown>) => Object.fromEntries(keys(o).map((k) => [k, k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string]));
    const fe = flat(en);
    const fs = flat(es);
    for (const k of Object.keys(fe)) {
      const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(vars(fs[k]!), k).toEqual(vars(fe[k]!));
      if (k !== 'sms.help' && k !== 'sms.help_no_contact' && k !== 'sms.opt_out_confirmation') expect(fs[k], k).not.toBe(fe[k]);
    }
  });

  it('R1.6/R1.9: the voter-facing texts only confirm / inform, name the org and stay short', () => {
    for (const lng of ['en', 'es']) {
      const sms = locale(lng).sms as Record<string, string>;
      for (const text of Object.values(sms)) {
        expect(text.startsWith('{{orgName}}')).toBe(true);
        expect(text.length).toBeLessThanOrEqual(160);
        expect(text).not.toMatch(/https?:|www\./);
      }
      expect(sms.help).toContain('{{helpContact}}');
      expect(sms.help).toMatch(/STOP/);
    }
  });

  it('config defaults', () => {
    expect(EngineConfig.parse({})).toMatchObject({ sendOptOutConfirmation: true, carrierHandlesKeywordReplies: false, sweepAfterMs: 60_000, sendAttempts: 3, confirmationMaxDelayMs: 300_000 });
    expect(() => EngineConfig.parse({ sendAttempts: 0 })).toThrow();
  });

  it('R4.7 table: codes map to their actions; unknown codes fail with the gateway hint', () => {
    expect(smsErrorAction('21610')).toEqual({ action: 'opt_out', permanent: true });
    expect(smsErrorAction('21211')).toEqual({ action: 'mark_invalid', permanent: true });
    expect(smsErrorAction('30005')).toEqual({ action: 'mark_invalid', permanent: true });
    expect(smsErrorAction('21614')).toEqual({ action: 'mark_landline', permanent: true });
    expect(smsErrorAction('30006')).toEqual({ action: 'mark_landline', permanent: true });
    expect(smsErrorAction('30004')).toEqual({ action: 'do_not_contact', permanent: true });
    expect(smsErrorAction('30007')).toEqual({ action: 'count_spam', permanent: true });
    expect(smsErrorAction('30003')).toEqual({ action: 'retry_later', permanent: false });
    expect(smsErrorAction('30034')).toEqual({ action: 'halt_service', permanent: true });
    expect(smsErrorAction('99999', false)).toEqual({ action: 'fail', permanent: false });
    expect(smsErrorAction(undefined)).toEqual({ action: 'fail', permanent: true });
    expect(KNOWN_SMS_ERROR_CODES).toContain('21408');
  });

  it('stats of an untouched campaign read counters and empty tallies, and name a missing campaign', async () => {
    const clock = fakeClock();
    const store = createMemoryStore({ clock });
    const queue = createInProcessQueue({ clock });
    const sms = createSimulatedCarrier({ clock, onStatus: () => undefined });
    const engine = createEngine({ store, queue, sms, clock, registerHandlers: false });
    const org = await store.orgs.create({ platform: 'sandbox', externalId: 'S', name: 'Org' });
    const owner = await store.members.upsert(org.id, { platformUserId: 'o', displayName: 'O', role: 'owner' });
    const c = await engine.campaigns.create(org.id, { slug: 'c', name: 'C', scripts: SCRIPTS }, owner.id);
    if (!c.ok) throw new Error(c.reason);
    await store.contacts.insertMany(org.id, c.campaign.id, contactsFor(4));
    const stats = await engine.stats.campaignStats(org.id, c.campaign.id);
    expect(stats).toMatchObject({ ok: true, stats: { contacts: 4, contactsByStatus: { pending: 4 }, replyRate: 0, volunteers: [], failedByCode: {} } });
    expect(await engine.stats.campaignStats(org.id, 'nope')).toMatchObject({ ok: false, reason: 'engine:campaign.not_found' });
    await queue.close();
  });
});
