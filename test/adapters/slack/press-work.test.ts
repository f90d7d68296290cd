import { describe, expect, it } from 'vitest';
import { createPressWork } from '../../../src/adapters/slack/press-work.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('press work after the ack', () => {
  it('runs at most `concurrency` presses at once, the rest in arrival order, and passes results and errors through', async () => {
    const work = createPressWork(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const press = (i: number) =>
      work(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.push(r));
        running -= 1;
        if (i === 3) throw new Error('press 3 failed');
        return i * 10;
      });
    const results = [0, 1, 2, 3, 4].map((i) => press(i).catch((e: unknown) => (e as Error).message));
    await tick();
    expect(started).toEqual([0, 1]);
    while (started.length < 5 || gates.length > 0) {
      gates.shift()?.();
      await tick();
      await tick();
    }
    expect(await Promise.all(results)).toEqual([0, 10, 20, 'press 3 failed', 40]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
