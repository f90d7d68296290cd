import { describe, expect, it } from 'vitest';
import { soak } from '../../bench/soak.bench.js';

describe('soak benchmark (smoke)', () => {
  it.each(['memory', 'process'] as const)('runs for a few seconds at a low rate (store: %s), delivers every text, takes replies and prints its table and verdicts', async (store) => {
    const lines: string[] = [];
    const r = await soak({ minutes: 3 / 60, rate: 10, replies: 0.5, queue: 'in-process', store, sampleSeconds: 1, log: (l) => lines.push(l) });
    if ('skip' in r) throw new Error(r.skip);
    expect(r.errors).toBe(0);
    expect(r.sent).toBe(30);
    expect(r.delivered).toBe(30);
    expect(r.replies).toBeGreaterThan(0);
    expect(r.samples.length).toBeGreaterThanOrEqual(3);
    const out = lines.join('\n');
    expect(out).toContain('RSS MB');
    expect(out).toContain('lag p99 ms');
    expect(out).toMatch(/event-loop lag p99: [\d.]+ ms \(goal < 50 ms\): goal (met|NOT met)/);
    expect(out).toContain('RSS growth after the first minute: run too short to tell');
    if (store === 'process') expect(out).toMatch(/the store process \(the database's stand-in, keeping every text\) ended at \d+ MB RSS/);
  }, 60_000);
});
