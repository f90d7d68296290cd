// R7.3 / R7.4: Ed25519 over X-Signature-Timestamp + raw body, checked before parsing; 401 and
// nothing else on failure; PING answered {type:1}; stale timestamps refused.
import { afterEach, describe, expect, it } from 'vitest';
import { discordPublicKey, verifyDiscordSignature } from '../../../src/adapters/discord/index.js';
import { startDiscordApp, type DiscordApp } from './support/discord-app.js';
import { commandPayload, OWNER, signBody } from './support/payloads.js';

// A fixed vector: the key pair of the 32-byte seed 0x07 * 32 signs '1763391600' + '{"type":1}'.
const PUBLIC_KEY = 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c';
const TIMESTAMP = '1763391600';
const BODY = Buffer.from('{"type":1}');
const SIGNATURE = '38ab2611ec18a8c33090ab01f4c4bd43a59abee44c30ef6f0a5b3c08256f428fab59f5ed4fc3349ad71449dbaacbc28e2b8b7b05cdd984af264795c154020702';
const AT = Number(TIMESTAMP) * 1000;

describe('Discord request signatures (R7.3, R7.4)', () => {
  const key = discordPublicKey(PUBLIC_KEY);

  it('accepts the fixed vector and refuses a tampered body, timestamp or signature', () => {
    expect(verifyDiscordSignature(key, { signature: SIGNATURE, timestamp: TIMESTAMP }, BODY, AT)).toEqual({ ok: true });
    expect(verifyDiscordSignature(key, { signature: SIGNATURE, timestamp: TIMESTAMP }, Buffer.from('{"type":2}'), AT)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyDiscordSignature(key, { signature: SIGNATURE, timestamp: '1763391601' }, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' });
    const flipped = `${SIGNATURE.slice(0, -1)}${SIGNATURE.endsWith('2') ? '3' : '2'}`;
    expect(verifyDiscordSignature(key, { signature: flipped, timestamp: TIMESTAMP }, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses missing or malformed headers and timestamps more than 300 s away', () => {
    expect(verifyDiscordSignature(key, { signature: undefined, timestamp: TIMESTAMP }, BODY, AT).ok).toBe(false);
    expect(verifyDiscordSignature(key, { signature: SIGNATURE, timestamp: undefined }, BODY, AT)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyDiscordSignature(key, { signature: 'zz', timestamp: TIMESTAMP }, BODY, AT)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyDiscordSignature(key, { signature: SIGNATURE, timestamp: TIMESTAMP }, BODY, AT + 301_000)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyDiscordSignature(key, { signature: SIGNATURE, timestamp: TIMESTAMP }, BODY, AT + 299_000)).toEqual({ ok: true });
    expect(() => discordPublicKey('abc')).toThrow(/64 hex/);
  });
});

describe('POST /discord/interactions', () => {
  let app: DiscordApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers PING with {type: 1} (R7.3)', async () => {
    app = await startDiscordApp();
    const res = await app.interact({ id: '1', application_id: '1200000000000000001', type: 1, token: 'ping-token', version: 1 });
    expect(res).toEqual({ status: 200, body: { type: 1 } });
  });

  it('a bad, missing, stale or tampered signature gets 401 and nothing happens (R7.3, R7.4)', async () => {
    app = await startDiscordApp();
    const a = app;
    const setup = commandPayload(OWNER, ['setup'], { name: 'Texas Forward' });
    const stale = String(Math.floor(a.clock.now().getTime() / 1000) - 301);
    const attempts = [
      await a.interact(setup, { signature: '0'.repeat(128) }),
      await a.interact(setup, { signature: null }),
      await a.interact(setup, { timestamp: stale, signature: signBody(a.key.privateKey, stale, JSON.stringify(setup)) }),
      await a.interact(setup, { tamper: (body) => body.replace('Texas Forward', 'Evil Corp') }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    await a.settle();
    expect(await a.store.orgs.findByExternal('discord', setup.guild_id)).toBeNull();
    expect(a.fake.calls).toEqual([]);
    // The same request, signed right, goes through.
    expect((await a.interact(setup)).status).toBe(200);
    expect((await a.store.orgs.findByExternal('discord', setup.guild_id))?.name).toBe('Texas Forward');
  });

  it('answers 400 to signed JSON that is not an interaction', async () => {
    app = await startDiscordApp();
    expect((await app.interact({ hello: 'world' })).status).toBe(400);
  });
});
