// Entry point of `npm run discord:register [-- --guild <id> ...] [--print]` (a composition point,
// like src/cli.ts): reads .env and the environment, then registers /textbank in each guild where
// it changed (the logic lives in register.ts; the wiring in src/app/wire-discord.ts).
import { config as loadDotenv } from 'dotenv';
import { runDiscordRegister } from '../../app/wire-discord.js';

loadDotenv({ quiet: true });
process.exitCode = await runDiscordRegister(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
