import { describe, expect, it } from 'vitest';
import { Fifo } from '../../../src/adapters/queue/in-process-fifo.js';

describe('Fifo (in-process queue waiting list)', () => {
  it('keeps first-in first-out order across compactions, with a correct size', () => {
    const f = new Fifo<number>();
    const out: number[] = [];
    let next = 0;
    // interleave pushes and shifts so the head passes the compaction threshold many times
    for (let round = 0; round < 50; round += 1) {
      for (let i = 0; i < 100; i += 1) f.push(next++);
      for (let i = 0; i < 60; i += 1) out.push(f.shift()!);
      expect(f.size).toBe(next - out.length);
    }
    while (f.size > 0) out.push(f.shift()!);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(f.shift()).toBeUndefined();
  });

  it('clear() returns what was left, in order, and empties the list', () => {
    const f = new Fifo<string>();
    for (const s of ['a', 'b', 'c']) f.push(s);
    f.shift();
    expect(f.clear()).toEqual(['b', 'c']);
    expect(f.size).toBe(0);
  });
});
