import { z } from 'zod';

/** Empty strings in .env files mean "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const url = (what: string, protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected ${what} (${protocols.map((p) => `${p}//...`).join(' or ')})` },
  );

const httpUrl = url('an http(s) URL', ['http:', 'https:']);
const crmUrl = httpUrl.refine((v) => {
  const u = new URL(v);
  return u.protocol === 'https:' || u.hostname === '127.0.0.1';
}, { message: 'expected an https URL (http only on 127.0.0.1, for tests)' });

/** Every variable the app reads. `.env.example` documents each one; keep them in step. */
export const ConfigSchema = z
  .object({
    PORT: z.preprocess(
      (v) => (v === undefined || v === '' ? 3000 : v),
      z.coerce.number({ message: 'expected a whole number between 1 and 65535' }).int('expected a whole number between 1 and 65535').min(1, 'expected a whole number between 1 and 65535').max(65535, 'expected a whole number between 1 and 65535'),
    ),
    HOST: z.preprocess((v) => (v === undefined || v === '' ? '127.0.0.1' : v), z.string()),
    PUBLIC_URL: optional(httpUrl),
    LINK_BASE_URL: optional(httpUrl),
    MONGODB_URI: optional(url('a MongoDB connection string', ['mongodb:', 'mongodb+srv:'])),
    REDIS_URL: optional(url('a Redis URL', ['redis:', 'rediss:'])),
    DATA_DIR: z.preprocess((v) => (v === undefined || v === '' ? '.data' : v), z.string()),
    SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-')),
    SLACK_SIGNING_SECRET: optional(z.string().regex(/^[0-9a-f]{32}$/i, 'expected the 32-character hex signing secret from the Slack app page')),
    SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'expected an app-level token starting with xapp- (Socket Mode)')),
    SLACK_API_URL: optional(httpUrl),
    DISCORD_TOKEN: optional(z.string().min(20, 'expected the bot token from the Discord developer portal')),
    DISCORD_APP_ID: optional(z.string().regex(/^\d{17,20}$/, 'expected the numeric application id (17-20 digits)')),
    DISCORD_PUBLIC_KEY: optional(z.string().regex(/^[0-9a-f]{64}$/i, 'expected the 64-character hex public key')),
    DISCORD_API_URL: optional(httpUrl),
    TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-f]{32}$/i, 'expected an account SID: AC followed by 32 hex characters')),
    TWILIO_AUTH_TOKEN: optional(z.string().min(16, 'expected the auth token from the Twilio console')),
    TWILIO_MESSAGING_SERVICE_SID: optional(z.string().regex(/^MG[0-9a-f]{32}$/i, 'expected a Messaging Service SID: MG followed by 32 hex characters')),
    TWILIO_FROM_NUMBER: optional(z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number such as +12025550143')),
    TWILIO_API_URL: optional(httpUrl),
    // Read by the twilio SDK's own HTTP client; when either is set, Twilio requests go through it.
    HTTP_PROXY: optional(z.string()),
    TWILIO_CA_BUNDLE: optional(z.string()),
    // CRM API base URL overrides (tests point them at local fakes): https, or http on 127.0.0.1 only (the API key rides on every call).
    VAN_API_URL: optional(crmUrl),
    ACTION_NETWORK_API_URL: optional(crmUrl),
    // Number lookup (Twilio Lookup v2 line type intelligence with the Twilio credentials; simulated otherwise).
    LOOKUP_UNIT_PRICE: z.preprocess(
      (v) => (v === undefined || v === '' ? '0.008' : v),
      z.coerce.number({ message: 'expected the price of one lookup in US dollars, e.g. 0.008' }).min(0, 'expected a price of 0 or more (US dollars per lookup)').max(10, 'expected the price of one lookup in US dollars (at most 10)'),
    ),
    LOOKUP_API_URL: optional(crmUrl),
    LOOKUP_RATE_PER_SECOND: z.preprocess(
      (v) => (v === undefined || v === '' ? '25' : v),
      z.coerce.number({ message: 'expected a number of lookups per second above 0' }).positive('expected a number of lookups per second above 0').max(1000, 'expected at most 1000 lookups per second'),
    ),
    SMS_SEGMENTS_PER_SECOND: optional(z.coerce.number({ message: 'expected a number of segments per second above 0' }).positive('expected a number above 0 (segments per second, R4.4)')),
    METRICS_PORT: optional(z.coerce.number({ message: 'expected a port number between 1 and 65535' }).int('expected a whole port number').min(1, 'expected a port number between 1 and 65535').max(65535, 'expected a port number between 1 and 65535')),
    METRICS_TOKEN: optional(z.string().min(16, 'expected a long random string (at least 16 characters), sent by the scraper as a Bearer token')),
    ADMIN_TOKEN: optional(z.string().min(16, 'expected a long random string (at least 16 characters) that opens /admin/queues')),
    ADMIN_QUEUES_WRITE: z.preprocess(
      (v) => (v === undefined || v === '' ? 'false' : typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['true', 'false'], { message: 'expected true or false' }).transform((v) => v === 'true'),
    ),
    // Reply assistant (OpenAI-compatible chat completions); off unless ASSISTANT_URL is set. Voter text rides on each call: https, or http on this machine only.
    ASSISTANT_URL: optional(httpUrl.refine((v) => {
      const u = new URL(v);
      return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    }, { message: 'expected the https base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 (http only on 127.0.0.1 or localhost)' })),
    ASSISTANT_API_KEY: optional(z.string().min(8, 'expected the API key of the assistant service (sent as a Bearer token)')),
    ASSISTANT_MODEL: optional(z.string().min(1).max(200, 'expected a model name such as gpt-4o-mini')),
    // Test only: lets webhooks reach a receiver on this machine over http (127.0.0.1, ::1). Never in production.
    WEBHOOK_ALLOW_HTTP_LOOPBACK: z.preprocess(
      (v) => (v === undefined || v === '' ? 'false' : typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['true', 'false'], { message: 'expected true or false (test only)' }).transform((v) => v === 'true'),
    ),
    SECRET_KEY: optional(z.string().min(32, 'expected a long random string (at least 32 characters); it seals CRM keys and webhook secrets at rest')),
    DEFAULT_LOCALE: z.preprocess((v) => (v === undefined || v === '' ? 'en' : v), z.enum(['en', 'es'], { message: 'expected en or es' })),
    LOG_LEVEL: z.preprocess(
      (v) => (v === undefined || v === '' ? 'info' : v),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected one of fatal, error, warn, info, debug, trace, silent' }),
    ),
  })
  .superRefine((c, ctx) => {
    const twilio = [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN].filter(Boolean).length;
    if (twilio === 1) {
      const missing = c.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'required when the other Twilio credential is set' });
    }
    if (twilio === 2 && !c.TWILIO_MESSAGING_SERVICE_SID && !c.TWILIO_FROM_NUMBER) {
      ctx.addIssue({ code: 'custom', path: ['TWILIO_MESSAGING_SERVICE_SID'], message: 'set a Messaging Service SID (recommended, R4.5) or TWILIO_FROM_NUMBER' });
    }
    if (twilio === 2 && !c.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'required with Twilio: the public https URL Twilio calls back (inbound texts and status)' });
    }
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (c.ASSISTANT_URL && !c.ASSISTANT_MODEL) {
      ctx.addIssue({ code: 'custom', path: ['ASSISTANT_MODEL'], message: 'required with ASSISTANT_URL: the model name the assistant service expects, e.g. gpt-4o-mini' });
    }
    if (!c.ASSISTANT_URL && (c.ASSISTANT_API_KEY || c.ASSISTANT_MODEL)) {
      ctx.addIssue({ code: 'custom', path: ['ASSISTANT_URL'], message: 'required with ASSISTANT_API_KEY or ASSISTANT_MODEL: the base URL of the OpenAI-compatible API (the reply assistant is off without it)' });
    }
    if (c.DISCORD_TOKEN && (!c.DISCORD_APP_ID || !c.DISCORD_PUBLIC_KEY)) {
      ctx.addIssue({ code: 'custom', path: [c.DISCORD_APP_ID ? 'DISCORD_PUBLIC_KEY' : 'DISCORD_APP_ID'], message: 'required with DISCORD_TOKEN' });
    }
  });

export type Config = z.infer<typeof ConfigSchema> & {
  /** PUBLIC_URL, or http://localhost:PORT when unset. */
  publicUrl: string;
  /** LINK_BASE_URL (the org-owned domain tracked links go out on, R3.5), or PUBLIC_URL/l. */
  linkBaseUrl: string;
  /** True when a real SMS provider is configured (never use the in-memory store then). */
  realSms: boolean;
};

/** Names of variables whose values must never be printed. */
export const SECRET_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'TWILIO_AUTH_TOKEN', 'MONGODB_URI', 'REDIS_URL', 'METRICS_TOKEN', 'ADMIN_TOKEN', 'SECRET_KEY', 'ASSISTANT_API_KEY'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Configuration error:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\n` +
        'Fix the variable(s) above in your environment or .env file (see .env.example).',
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming each bad variable and what is expected. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(config)'), message: i.message })),
    );
  }
  const c = parsed.data;
  return {
    ...c,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    linkBaseUrl: (c.LINK_BASE_URL ?? `${(c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '')}/l`).replace(/\/+$/, ''),
    realSms: Boolean(c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN),
  };
}
