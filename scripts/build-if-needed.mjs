// `npm start` runs this first: compile src/ to dist/ when dist is missing or older than any source file.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

const stamp = 'dist/.build-stamp';
const stale =
  !existsSync(stamp) || !existsSync('dist/main.js') ||
  Math.max(newest('src'), statSync('tsconfig.json').mtimeMs, statSync('tsconfig.build.json').mtimeMs, statSync('package-lock.json').mtimeMs) > statSync(stamp).mtimeMs;
if (stale) {
  console.log('Building Textbank (first start or sources changed)...');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
