/** MMS through the Twilio SmsGateway against the local fake Twilio API (real HTTP, the real SDK): MediaUrl goes out as Twilio documents it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsError } from '../../../src/core/errors.js';
import { createTwilioGateway } from '../../../src/adapters/twilio/twilio-gateway.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';

const MG = `MG${'a'.repeat(32)}`;
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(async () => {
  await fake.close();
});

const gateway = () => createTwilioGateway({ accountSid: fake.accountSid, authToken: fake.authToken, messagingServiceSid: MG, apiBaseUrl: fake.url });

describe('Twilio MMS', () => {
  it('sends the media address as MediaUrl with the body', async () => {
    const url = 'https://textbank.example.org/media/AbCdEfGhIjKlMnOpQrStUv';
    const res = await gateway().send({ to: '+12025550111', body: 'Hi from Org A. Reply STOP to opt out.', idempotencyKey: 'm1', mediaUrls: [url] });
    const sent = fake.messages.find((m) => m.sid === res.providerId);
    expect(sent?.params.MediaUrl).toBe(url);
    expect(sent?.params.Body).toBe('Hi from Org A. Reply STOP to opt out.');
  });

  it('sends no MediaUrl for a plain text', async () => {
    const res = await gateway().send({ to: '+12025550111', body: 'Plain text', idempotencyKey: 'm2' });
    expect(fake.messages.find((m) => m.sid === res.providerId)?.params.MediaUrl).toBeUndefined();
  });

  it('a media address Twilio refuses comes back as an SmsError with its code (21620)', async () => {
    const err = await gateway().send({ to: '+12025550111', body: 'x', idempotencyKey: 'm3', mediaUrls: ['not a url'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsError);
    expect((err as SmsError).smsCode).toBe('21620');
  });
});
