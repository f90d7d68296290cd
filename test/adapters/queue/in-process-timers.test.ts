// The in-process queue's one-timer set of delayed jobs: order, re-arming, clearing, long delays.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DueTimers } from '../../../src/adapters/queue/in-process-timers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DueTimers', () => {
  it('fires items in time order, equal times in the order added, each once, with real timers', async () => {
    const fired: string[] = [];
    const timers = new DueTimers<string>((s) => fired.push(s));
    timers.add(60, 'c');
    timers.add(20, 'a1');
    timers.add(20, 'a2');
    timers.add(0, 'now');
    timers.add(40, 'b');
    expect(timers.size).toBe(5);
    await sleep(100);
    expect(fired).toEqual(['now', 'a1', 'a2', 'b', 'c']);
    expect(timers.size).toBe(0);
  });

  it('an earlier item added later re-arms the timer; items added while firing are kept', async () => {
    const fired: string[] = [];
    const timers: DueTimers<string> = new DueTimers<string>((s) => {
      fired.push(s);
      if (s === 'first') timers.add(10, 'added by first');
    });
    timers.add(10_000, 'late');
    timers.add(10, 'first');
    await sleep(80);
    expect(fired).toEqual(['first', 'added by first']);
    expect(timers.size).toBe(1);
    expect(timers.clear()).toEqual(['late']);
    await sleep(20);
    expect(fired).toHaveLength(2);
  });

  it('clear drops every waiting item: nothing fires after it', async () => {
    const fired: number[] = [];
    const timers = new DueTimers<number>((n) => fired.push(n));
    for (let i = 0; i < 1000; i += 1) timers.add(5 + (i % 7), i);
    expect(timers.clear()).toHaveLength(1000);
    await sleep(30);
    expect(fired).toEqual([]);
  });

  it('a delay past the 24.8-day timer limit waits (re-arming), instead of firing at once', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const fired: string[] = [];
      const timers = new DueTimers<string>((s) => fired.push(s), () => now);
      const day = 86_400_000;
      timers.add(40 * day, 'in 40 days');
      timers.add(1_000, 'in a second');
      now += 1_000;
      vi.advanceTimersByTime(1_000);
      expect(fired).toEqual(['in a second']);
      now += 30 * day;
      vi.advanceTimersByTime(30 * day);
      expect(fired).toEqual(['in a second']);
      now += 10 * day;
      vi.advanceTimersByTime(10 * day);
      expect(fired).toEqual(['in a second', 'in 40 days']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('thousands of delayed items hold one Node timer, not one each', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const timers = new DueTimers<number>(() => undefined);
    for (let i = 0; i < 5000; i += 1) timers.add(60_000 + i, i);
    expect(spy.mock.calls.length).toBe(1);
    timers.clear();
  });
});
