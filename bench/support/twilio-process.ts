// The fake Twilio (test/support/fake-twilio.ts) in a process of its own: in production the
// carrier's API and its status callbacks run on Twilio's machines, so a benchmark of the app's
// sends/s should not charge their CPU to the app's process. The parent asks over IPC how many
// texts were accepted and waits for the callbacks to be posted.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeTwilioOptions } from '../../test/support/fake-twilio.js';

interface Ask { id: number; op: 'accepted' | 'flush' | 'cpu' }
interface Answer { id: number; accepted?: number; failedCallbacks?: number; cpuSeconds?: number; url?: string; accountSid?: string; authToken?: string }

export interface TwilioProcess {
  url: string;
  accountSid: string;
  authToken: string;
  /** Texts the fake accepted so far. */
  accepted(): Promise<number>;
  /** Resolves once every scheduled status callback was posted; the count our server did not answer 2xx. */
  flushCallbacks(): Promise<number>;
  /** CPU seconds (user + system) the fake's process has used so far: Twilio's share of the machine. */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

export async function fakeTwilioProcess(opts: FakeTwilioOptions): Promise<TwilioProcess> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(opts)], { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (a: Answer) => void>();
  let seq = 0;
  const ready = new Promise<Answer>((resolve, reject) => {
    waiting.set(0, resolve);
    child.once('exit', (code) => reject(new Error(`fake Twilio process exited (${code})`)));
  });
  child.on('message', (raw) => {
    const a = raw as Answer;
    waiting.get(a.id)?.(a);
    waiting.delete(a.id);
  });
  const ask = (op: Ask['op']): Promise<Answer> =>
    new Promise((resolve) => {
      const id = ++seq;
      waiting.set(id, resolve);
      child.send({ id, op } satisfies Ask);
    });
  const hello = await ready;
  return {
    url: hello.url ?? '',
    accountSid: hello.accountSid ?? '',
    authToken: hello.authToken ?? '',
    accepted: async () => (await ask('accepted')).accepted ?? 0,
    flushCallbacks: async () => (await ask('flush')).failedCallbacks ?? 0,
    cpuSeconds: async () => (await ask('cpu')).cpuSeconds ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

async function serve(optsJson: string): Promise<void> {
  const { startFakeTwilio } = await import('../../test/support/fake-twilio.js');
  const fake = await startFakeTwilio(JSON.parse(optsJson) as FakeTwilioOptions);
  const send = (a: Answer): void => void process.send?.(a);
  process.on('message', (raw) => {
    const { id, op } = raw as Ask;
    if (op === 'accepted') send({ id, accepted: fake.messages.length });
    else if (op === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ id, cpuSeconds: (user + system) / 1e6 });
    } else void fake.flushCallbacks().then(() => send({ id, failedCallbacks: fake.callbacks.filter((c) => typeof c.status !== 'number' || c.status >= 300).length }));
  });
  process.once('disconnect', () => void fake.close().then(() => process.exit(0)));
  send({ id: 0, url: fake.url, accountSid: fake.accountSid, authToken: fake.authToken });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[2] ?? '{}');
