// The operator variables in the config schema: METRICS_TOKEN, ADMIN_TOKEN, ADMIN_QUEUES_WRITE.
import { describe, expect, it } from 'vitest';
import { ConfigError, SECRET_KEYS, loadConfig } from '../../src/app/config.js';
import { redactUrl } from '../../src/app/logger.js';

function problems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('operator configuration', () => {
  it('defaults: no tokens (metrics open, dashboard refused) and a read-only dashboard', () => {
    const c = loadConfig({});
    expect(c.METRICS_TOKEN).toBeUndefined();
    expect(c.ADMIN_TOKEN).toBeUndefined();
    expect(c.ADMIN_QUEUES_WRITE).toBe(false);
    expect(loadConfig({ METRICS_TOKEN: '', ADMIN_TOKEN: ' ', ADMIN_QUEUES_WRITE: '' }).ADMIN_TOKEN).toBeUndefined();
  });

  it('reads the tokens and the write opt-in', () => {
    const c = loadConfig({ METRICS_TOKEN: 'm'.repeat(24), ADMIN_TOKEN: 'a'.repeat(24), ADMIN_QUEUES_WRITE: 'TRUE' });
    expect(c.METRICS_TOKEN).toBe('m'.repeat(24));
    expect(c.ADMIN_TOKEN).toBe('a'.repeat(24));
    expect(c.ADMIN_QUEUES_WRITE).toBe(true);
  });

  it('refuses short tokens and a write flag that is not true or false, naming the variable', () => {
    const found = problems({ METRICS_TOKEN: 'short', ADMIN_TOKEN: 'also-short', ADMIN_QUEUES_WRITE: 'yes' });
    expect(found.map((p) => p.variable).sort()).toEqual(['ADMIN_QUEUES_WRITE', 'ADMIN_TOKEN', 'METRICS_TOKEN']);
    expect(found.find((p) => p.variable === 'ADMIN_QUEUES_WRITE')?.message).toBe('expected true or false');
    expect(found.find((p) => p.variable === 'METRICS_TOKEN')?.message).toMatch(/at least 16 characters/);
  });

  it('counts both tokens as secrets, and request logs mask ?token=', () => {
    expect(SECRET_KEYS).toContain('METRICS_TOKEN');
    expect(SECRET_KEYS).toContain('ADMIN_TOKEN');
    expect(redactUrl('/admin/queues?token=abc123&x=1')).toBe('/admin/queues?token=[redacted]&x=1');
    expect(redactUrl('/admin/queues/?a=1&TOKEN=abc#top')).toBe('/admin/queues/?a=1&TOKEN=[redacted]#top');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
