import { describe, expect, it } from 'vitest';
import { checkBaseUrl, createLimiter, reasonForStatus, retryAfterMs } from '../../../src/adapters/crm/http.js';
import { loadConfig } from '../../../src/app/config.js';
import { anErrorDetail } from '../../../src/adapters/crm/action-network.js';
import { vanErrorDetail } from '../../../src/adapters/crm/van-schemas.js';

describe('CRM HTTP plumbing', () => {
  it('maps statuses onto the port reasons: only 429 and 5xx are retryable', () => {
    expect(reasonForStatus(400)).toEqual({ reason: 'invalid', retryable: false });
    expect(reasonForStatus(401)).toEqual({ reason: 'unauthorized', retryable: false });
    expect(reasonForStatus(403)).toEqual({ reason: 'unauthorized', retryable: false });
    expect(reasonForStatus(404)).toEqual({ reason: 'not_found', retryable: false });
    expect(reasonForStatus(409)).toEqual({ reason: 'rejected', retryable: false });
    expect(reasonForStatus(429)).toEqual({ reason: 'rate_limited', retryable: true });
    expect(reasonForStatus(500)).toEqual({ reason: 'unavailable', retryable: true });
    expect(reasonForStatus(503)).toEqual({ reason: 'unavailable', retryable: true });
  });

  it('error details keep no phone number or email a CRM echoed back', () => {
    const echoed = 'Phone +12025550143 / 2025550143 for ada@example.org is not valid';
    const van = vanErrorDetail({ errors: [{ code: 'INVALID_PARAMETER', text: echoed, properties: ['phones'] }] }, 'fallback');
    expect(van).toBe('INVALID_PARAMETER: Phone [number] / [number] for [email] is not valid (phones)');
    expect(anErrorDetail({ error: echoed }, 'fallback')).toBe('Phone [number] / [number] for [email] is not valid');
    expect(vanErrorDetail('<html>', 'fallback')).toBe('fallback');
  });

  it('reads Retry-After as seconds or a date, capped at a minute', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('600')).toBe(60_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('accepts https base URLs and plain http only on 127.0.0.1 (the key rides on every call)', () => {
    expect(checkBaseUrl('https://api.securevan.com/v4/', 'VAN')).toBe('https://api.securevan.com/v4');
    expect(checkBaseUrl('http://127.0.0.1:4000/v4', 'VAN')).toBe('http://127.0.0.1:4000/v4');
    expect(() => checkBaseUrl('http://api.securevan.com/v4', 'VAN')).toThrow(/https/);
    expect(() => checkBaseUrl('not a url', 'VAN')).toThrow(/not a URL/);
  });

  it('VAN_API_URL and ACTION_NETWORK_API_URL follow the same rule at startup', () => {
    expect(loadConfig({ VAN_API_URL: 'http://127.0.0.1:9999/v4', ACTION_NETWORK_API_URL: 'https://actionnetwork.org/api/v2' })).toMatchObject({
      VAN_API_URL: 'http://127.0.0.1:9999/v4',
      ACTION_NETWORK_API_URL: 'https://actionnetwork.org/api/v2',
    });
    expect(() => loadConfig({ VAN_API_URL: 'http://example.org/v4' })).toThrow(/VAN_API_URL/);
    expect(() => loadConfig({ ACTION_NETWORK_API_URL: 'ftp://127.0.0.1/x' })).toThrow(/ACTION_NETWORK_API_URL/);
  });

  it('the limiter keeps at most N calls in flight and at most M starts per second', async () => {
    const limit = createLimiter(2, 3);
    let inFlight = 0;
    let most = 0;
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(async () => {
          starts.push(Date.now() - t0);
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(starts.filter((s) => s < 900)).toHaveLength(3);
    expect(starts.at(-1)).toBeGreaterThanOrEqual(950);
  });
});
