/**
 * Starts the real entry point as a child process, as `npm start` would, but through tsx's loader
 * (no build): `node --import tsx` keeps our process the direct child, so signals reach it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Env without anything that would change adapter choices. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, MONGOMS_MAX_RETRIES: '0', ...extra };
  return env;
}

function run(extraEnv: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: cleanEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

describe('startup', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ MONGODB_URI: 'not-a-uri' }, 'MONGODB_URI'],
  ])('with %o exits non-zero naming the variable', async (env, variable) => {
    const p = run(env);
    const code = await p.exited;
    expect(code).not.toBe(0);
    expect(p.output()).toContain(`${variable}:`);
    expect(p.output()).toMatch(/expected/);
  });

  it('a bad --role is refused with what is expected', async () => {
    const p = run({}, ['--role', 'boss']);
    expect(await p.exited).not.toBe(0);
    expect(p.output()).toContain('--role must be web, worker or all');
  });

  it('with no configuration starts, says which store, queue and carrier it chose, answers /healthz, and stops on SIGTERM', async () => {
    const port = await freePort();
    const p = run({ PORT: String(port), LOG_LEVEL: 'warn', DATA_DIR: resolve(ROOT, '.data', `test-${process.pid}`) });
    const deadline = Date.now() + 45_000;
    while (!p.output().includes('listening') && Date.now() < deadline) {
      if (p.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const out = p.output();
    expect(out).toMatch(/^Store: .*$/m);
    expect(out).toMatch(/^Queue: in-process.*$/m);
    expect(out).toMatch(/^SMS: simulated carrier.*$/m);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('Shutting down');
  }, 60_000);
});
