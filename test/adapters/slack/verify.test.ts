// R7.2 / R7.4 with fixed vectors: Slack's documented example request, then the same request
// tampered in body, timestamp and signature, and the 5-minute window both ways.
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../../src/adapters/slack/verify.js';

// From https://api.slack.com/authentication/verifying-requests-from-slack
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIG = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW = Number(TS) * 1000;

const check = (o: Partial<{ rawBody: string; timestamp: string | undefined; signature: string | undefined; nowMs: number; signingSecret: string }> = {}) =>
  verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: TS, signature: SIG, nowMs: NOW, ...o });

describe('verifySlackSignature (R7.2)', () => {
  it("accepts Slack's documented example", () => {
    expect(check()).toEqual({ ok: true });
  });

  it('refuses a tampered body, timestamp or signature (R7.4)', () => {
    expect(check({ rawBody: BODY.replace('roadrunner', 'coyote') })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ timestamp: String(Number(TS) + 1) })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signature: SIG.replace('a2114', 'a2115') })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signature: SIG.replace('v0=', 'v1=') })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signingSecret: 'f'.repeat(32) })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses missing headers and non-numeric timestamps', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(check({ timestamp: '12ab' })).toEqual({ ok: false, reason: 'bad_timestamp' });
  });

  it('allows 300 s of skew either way and no more', () => {
    expect(check({ nowMs: NOW + 300_000 })).toEqual({ ok: true });
    expect(check({ nowMs: NOW + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ nowMs: NOW - 300_000 })).toEqual({ ok: true });
    expect(check({ nowMs: NOW - 301_000 })).toEqual({ ok: false, reason: 'future' });
  });
});
