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
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
export type { Logger };
