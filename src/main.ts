/**
 * Entry point: `npm start [-- --role web|worker|all]`.
 * Reads .env (when present) and the environment, composes the app, prints one line per adapter
 * choice, serves HTTP, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { config as loadDotenv } from 'dotenv';
import { loadConfig, ConfigError } from './app/config.js';
import { parseArgs } from './app/args.js';
import { createLogger } from './app/logger.js';
import { composeApp } from './app/compose.js';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config;
  let role;
  try {
    config = loadConfig(process.env);
    role = parseArgs(process.argv.slice(2)).role;
  } catch (err) {
    console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  // A library's stray rejection (e.g. discord.js building a structure from an unexpected gateway
  // payload) must not take down every volunteer's session: the store is the outbox, so nothing a
  // press or an inbound text wrote is lost by carrying on. It is logged for the operator.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled promise rejection; still running');
  });
  let app;
  try {
    app = await composeApp({ config, role, logger });
  } catch (err) {
    console.error(`Textbank could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  for (const line of app.choices) console.log(line);
  const address = await app.start();
  const t = app.i18n.t(config.DEFAULT_LOCALE);
  console.log(t('common:startup.listening', { url: address ? (role === 'worker' ? `${address}/metrics` : config.publicUrl) : '(no HTTP: worker)', role }));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(t('common:startup.shutdown', { signal }));
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
