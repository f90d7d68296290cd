// The `textbank` command line: `npm run textbank -- <command> [args]`.
import { createI18n } from '../app/i18n.js';
import { resolveLang } from '../core/i18n/lang.js';
import { checkCsvCommand } from './check-csv.js';
import { EXIT, type CliIo } from './io.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  'check-csv': checkCsvCommand,
};

export interface CliProcess {
  stdout: CliIo['stdout'];
  stderr: CliIo['stderr'];
  env: Record<string, string | undefined>;
}

/** Runs one command and returns the exit code. Language: TEXTBANK_LANG, else LC_ALL/LANG, else English. */
export async function runCli(argv: readonly string[], proc: CliProcess): Promise<number> {
  const lang = resolveLang(proc.env.TEXTBANK_LANG, proc.env.LC_ALL, proc.env.LANG);
  const i18n = await createI18n(lang);
  const io: CliIo = { stdout: proc.stdout, stderr: proc.stderr, t: i18n.t(lang) };
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${io.t('import:cli.usage')}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`${io.t('import:cli.unknownCommand', { command: name })}\n`);
    return EXIT.usage;
  }
  return command(args, io);
}
