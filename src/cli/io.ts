// What a CLI command needs from the process: output streams and a translator.
import type { TFunction } from 'i18next';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Translator fixed to the user's language (keys are `ns:key`). */
  t: TFunction;
}

/** Exit codes: 0 done, 1 the input could not be used, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
