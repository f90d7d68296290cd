/** The logger the Slack adapter takes (pino-compatible), and its adapter for Bolt/WebClient. */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

export interface SlackLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLog: SlackLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Bolt and the WebClient log through ours (their messages are strings). */
export function boltLogger(log: SlackLog): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...m: unknown[]) => log.debug({ slack: true }, text(m)),
    info: (...m: unknown[]) => log.info({ slack: true }, text(m)),
    warn: (...m: unknown[]) => log.warn({ slack: true }, text(m)),
    error: (...m: unknown[]) => log.error({ slack: true }, text(m)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
