// Entry point of `npm run textbank -- <command>` (see src/cli/main.ts for the commands).
import { runCli } from './cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
