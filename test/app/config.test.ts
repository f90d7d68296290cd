import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';

const TWILIO = {
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  TWILIO_AUTH_TOKEN: 'secret-token-value-123',
  TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'b'.repeat(32),
  PUBLIC_URL: 'https://texts.example.org',
};

function problems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration (zod over the environment)', () => {
  it('needs nothing to run the sandbox', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.DEFAULT_LOCALE).toBe('en');
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.realSms).toBe(false);
    expect(c.MONGODB_URI).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '', SLACK_BOT_TOKEN: '  ' }).PORT).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /65535/],
    [{ PORT: '3.5' }, 'PORT', /whole number/],
    [{ MONGODB_URI: 'not-a-uri' }, 'MONGODB_URI', /MongoDB connection string/],
    [{ MONGODB_URI: 'http://localhost:27017' }, 'MONGODB_URI', /mongodb:\/\//],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\//],
    [{ PUBLIC_URL: 'texts.example.org' }, 'PUBLIC_URL', /http/],
    [{ DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE', /en or es/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
    [{ SLACK_BOT_TOKEN: 'abc' }, 'SLACK_BOT_TOKEN', /xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET', /required/],
    [{ DISCORD_TOKEN: 'x'.repeat(30) }, 'DISCORD_APP_ID', /required/],
    [{ DISCORD_PUBLIC_KEY: 'zz' }, 'DISCORD_PUBLIC_KEY', /64-character hex/],
    [{ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) }, 'TWILIO_AUTH_TOKEN', /required/],
    [{ TWILIO_ACCOUNT_SID: 'XX1' }, 'TWILIO_ACCOUNT_SID', /AC followed by 32 hex/],
    [{ ...TWILIO, TWILIO_MESSAGING_SERVICE_SID: '' }, 'TWILIO_MESSAGING_SERVICE_SID', /Messaging Service SID/],
    [{ ...TWILIO, PUBLIC_URL: '' }, 'PUBLIC_URL', /required with Twilio/],
  ])('rejects %o naming %s and what is expected', (env, variable, message) => {
    const p = problems(env as Record<string, string>);
    expect(p.map((x) => x.variable)).toContain(variable);
    expect(p.find((x) => x.variable === variable)?.message).toMatch(message);
  });

  it('the error message names the variable and points at .env.example, never echoing secret values', () => {
    try {
      loadConfig({ PORT: 'abc', TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 'short' });
      expect.unreachable();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT:');
      expect(msg).toContain('TWILIO_AUTH_TOKEN:');
      expect(msg).toContain('.env.example');
      expect(msg).not.toContain('short');
    }
  });

  it('recognises a real SMS provider', () => {
    const c = loadConfig(TWILIO);
    expect(c.realSms).toBe(true);
    expect(c.publicUrl).toBe('https://texts.example.org');
  });
});

describe('.env.example', () => {
  it('lists every variable of the schema, each with a comment above it', async () => {
    const { readFileSync } = await import('node:fs');
    const { ConfigSchema } = await import('../../src/app/config.js');
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = [...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    const shape = (ConfigSchema as unknown as { _def: { schema?: { shape: object } } })._def.schema?.shape ?? (ConfigSchema as unknown as { shape: object }).shape;
    expect(listed.sort()).toEqual(Object.keys(shape).sort());
    const lines = text.split('\n');
    for (const v of listed) {
      const i = lines.findIndex((l) => l.startsWith(`${v}=`));
      const above = lines.slice(0, i).reverse().find((l) => !/^[A-Z_]+=/.test(l));
      expect(above, `${v} needs a comment`).toMatch(/^#/);
    }
  });
});
