import { pino, type Logger, type LoggerOptions } from 'pino';

/** Paths whose values never reach a log line (tokens, signatures, phone numbers in bodies). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-signature-ed25519"]',
  '*.token',
  '*.authToken',
  '*.password',
  '*.secret',
  '*.signingSecret',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.SLACK_APP_TOKEN',
  '*.DISCORD_TOKEN',
  '*.TWILIO_AUTH_TOKEN',
  '*.MONGODB_URI',
  '*.REDIS_URL',
  '*.METRICS_TOKEN',
  '*.ADMIN_TOKEN',
  // CRM API keys as typed into the connect form, and their sealed form.
  '*.api_key',
  '*.apiKey',
  '*.sealedKey',
  '*.SECRET_KEY',
];

/** Masks secrets passed in a query string (the queue dashboard's `?token=` sign-in). */
export function redactUrl(url: unknown): unknown {
  return typeof url === 'string' ? url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]') : url;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer, with the URL's query-string secrets masked. */
const requestSerializer = (req: LoggedRequest) => ({
  method: req.method,
  url: redactUrl(req.url),
  version: req.headers?.['accept-version'],
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: requestSerializer } };
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
export type { Logger };
