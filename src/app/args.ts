import { z } from 'zod';

export const Role = z.enum(['web', 'worker', 'all']);
export type ProcessRole = z.infer<typeof Role>;

/** `--role web|worker|all` (default all). Throws with a message saying what is expected. */
export function parseArgs(argv: string[]): { role: ProcessRole } {
  let role: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--role') role = argv[++i];
    else if (a.startsWith('--role=')) role = a.slice('--role='.length);
    else throw new Error(`Unknown argument "${a}". Usage: npm start -- [--role web|worker|all]`);
  }
  const parsed = Role.safeParse(role ?? 'all');
  if (!parsed.success) throw new Error(`--role must be web, worker or all (got "${role}")`);
  return { role: parsed.data };
}
