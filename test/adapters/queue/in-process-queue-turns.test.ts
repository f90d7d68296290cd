import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';

describe('in-process queue: handlers start on a later event-loop turn', () => {
  it('a caller enqueueing in a loop that never yields to I/O finishes its loop before any job starts', async () => {
    const queue = createInProcessQueue();
    const order: string[] = [];
    queue.process('sms.send', async (payload) => void order.push(`run ${String((payload as { i: number }).i)}`), { concurrency: 8 });
    for (let i = 0; i < 20; i += 1) {
      await queue.enqueue('sms.send', { i });
      await Promise.resolve(); // an in-memory store's await: a microtask, never an I/O turn
    }
    order.push('loop done');
    await queue.drain();
    expect(order[0]).toBe('loop done');
    expect(order.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `run ${i}`));
    await queue.close();
  });
});
