/**
 * The composition seam for SMS (src/app/choose-sms.ts): Twilio credentials -> the Twilio
 * gateway (pointed at the fake via TWILIO_API_URL, StatusCallback = PUBLIC_URL/twilio/status,
 * R4.5) and a `routes` function that mounts the signed webhooks; otherwise the simulated carrier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSms, type CarrierEvents } from '../../../src/app/choose-sms.js';
import { loadConfig } from '../../../src/app/config.js';
import { createI18n } from '../../../src/app/i18n.js';
import { buildServer } from '../../../src/app/server.js';
import { createLogger } from '../../../src/app/logger.js';
import type { TwilioInbound, TwilioStatus } from '../../../src/adapters/twilio/index.js';
import { postSigned, startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';

const clock = { now: () => new Date('2026-03-02T15:00:00Z') };
const events: CarrierEvents = { onStatus: async () => undefined, onInbound: async () => undefined };
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(async () => {
  await fake.close();
});

describe('chooseSms', () => {
  it('Twilio credentials -> Twilio gateway (service sender, status callback under PUBLIC_URL) and signed routes', async () => {
    const t = (await createI18n('en')).t('en');
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_MESSAGING_SERVICE_SID: `MG${'c'.repeat(32)}`,
      TWILIO_API_URL: fake.url,
      PUBLIC_URL: 'https://tb.example.org/',
    });
    const choice = chooseSms(config, clock, events, t);
    expect(choice.sms.kind).toBe('twilio');
    expect(choice.simulated).toBeUndefined();
    expect(choice.line).toBe('SMS: Twilio (real texts are sent).');

    const before = fake.requests.length;
    const sent = await choice.sms.send({ to: '+12025550143', body: 'hi', idempotencyKey: 'm1' });
    expect(sent.providerId).toMatch(/^SM/);
    expect(fake.requests[before]!.params).toMatchObject({ MessagingServiceSid: `MG${'c'.repeat(32)}`, StatusCallback: 'https://tb.example.org/twilio/status' });

    const server = await buildServer({ logger: createLogger('silent'), probes: [] });
    const inbound: TwilioInbound[] = [];
    const statuses: TwilioStatus[] = [];
    await choice.routes!(server, { onInbound: async (m) => void inbound.push(m), onStatus: async (s) => void statuses.push(s) });
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const params = { MessageSid: sent.providerId, From: '+12025550143', To: '+12025550100', Body: 'STOP' };
      const ok = await postSigned(`${base}/twilio/inbound`, params, { authToken: fake.authToken, signUrl: 'https://tb.example.org/twilio/inbound' });
      const bad = await postSigned(`${base}/twilio/inbound`, params, { authToken: 'wrong-token-000000000000', signUrl: 'https://tb.example.org/twilio/inbound' });
      const st = await postSigned(`${base}/twilio/status`, { MessageSid: sent.providerId, MessageStatus: 'delivered' }, { authToken: fake.authToken, signUrl: 'https://tb.example.org/twilio/status' });
      expect([ok.status, bad.status, st.status]).toEqual([200, 403, 204]);
      expect(inbound.map((m) => [m.providerId, m.body, m.at.toISOString()])).toEqual([[sent.providerId, 'STOP', '2026-03-02T15:00:00.000Z']]);
      expect(statuses.map((s) => s.status)).toEqual(['delivered']);
    } finally {
      await server.close();
    }
  });

  it('no credentials -> the simulated carrier, unchanged, with no routes', async () => {
    const t = (await createI18n('en')).t('en');
    const choice = chooseSms(loadConfig({}), clock, events, t);
    expect(choice.sms.kind).toBe('simulated');
    expect(choice.simulated).toBeDefined();
    expect(choice.routes).toBeUndefined();
  });
});
