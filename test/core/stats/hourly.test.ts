// Hourly tallies for the stats chart: keys per UTC hour, read back as a gap-free series.
import { describe, expect, it } from 'vitest';
import { hourlyKey, hourlySeries, MAX_HOURS } from '../../../src/core/stats/hourly.js';

describe('hourly stats series', () => {
  it('keys a moment by its UTC hour, with no character a Mongo field name refuses', () => {
    const key = hourlyKey('sent', new Date('2026-12-03T14:59:59.999-05:00'));
    expect(key).toBe('sent:2026-12-03T19');
    expect(key).not.toMatch(/[.$]/);
  });

  it('fills the hours between the first and the last counted hour with zeros, in order', () => {
    const series = hourlySeries({ 'replies:2026-12-03T17': 2, 'sent:2026-12-03T14': 5, 'sent:2026-12-03T17': 1, 'junk': 9, 'sent:not-an-hour': 3 });
    expect(series).toEqual([
      { hour: '2026-12-03T14', sent: 5, replies: 0 },
      { hour: '2026-12-03T15', sent: 0, replies: 0 },
      { hour: '2026-12-03T16', sent: 0, replies: 0 },
      { hour: '2026-12-03T17', sent: 1, replies: 2 },
    ]);
    expect(hourlySeries({})).toEqual([]);
  });

  it('crosses midnight and month ends, and keeps the most recent hours of a very long campaign', () => {
    expect(hourlySeries({ 'sent:2026-11-30T23': 1, 'sent:2026-12-01T00': 1 }).map((p) => p.hour)).toEqual(['2026-11-30T23', '2026-12-01T00']);
    const long = hourlySeries({ 'sent:2026-01-01T00': 1, 'sent:2026-12-01T00': 4 });
    expect(long).toHaveLength(MAX_HOURS);
    expect(long.at(-1)).toEqual({ hour: '2026-12-01T00', sent: 4, replies: 0 });
  });
});
