import { describe, expect, it } from 'vitest';
import { checkFrequency, DEFAULT_FREQUENCY_CAPS, type SendHistoryEntry } from '../../../src/core/rules.js';

const NOW = new Date('2026-07-13T15:00:00Z');
const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3600_000);
const sent = (campaignId: string, h: number, initial = true): SendHistoryEntry => ({ campaignId, at: hoursAgo(h), initial });

describe('checkFrequency (R6.3)', () => {
  it('R6.3 defaults are the spec numbers as written', () => {
    expect(DEFAULT_FREQUENCY_CAPS).toEqual({ perCampaign: 1, per24h: 3, per7d: 2 });
  });

  it('R6.3 GIVEN no history THEN ok', () => {
    expect(checkFrequency([], { campaignId: 'c1', at: NOW })).toEqual({ ok: true });
  });

  it('R6.3 GIVEN an initial message in this campaign THEN already_messaged_in_campaign, no retry', () => {
    expect(checkFrequency([sent('c1', 24 * 30)], { campaignId: 'c1', at: NOW })).toEqual({ ok: false, reason: 'already_messaged_in_campaign' });
  });

  it('R6.3 GIVEN only replies in this campaign THEN they are not initiations', () => {
    expect(checkFrequency([sent('c1', 1, false), sent('c2', 2, false), sent('c3', 3, false)], { campaignId: 'c1', at: NOW })).toEqual({ ok: true });
  });

  it('R6.3 GIVEN 2 initiations this week (default caps) THEN weekly_cap until the oldest is 7 days old', () => {
    const r = checkFrequency([sent('a', 100), sent('b', 10)], { campaignId: 'c', at: NOW });
    expect(r).toEqual({ ok: false, reason: 'weekly_cap', retryAt: new Date(hoursAgo(100).getTime() + 7 * 24 * 3600_000) });
  });

  it('R6.3 GIVEN 2 initiations but the older one 8 days ago THEN ok', () => {
    expect(checkFrequency([sent('a', 24 * 8), sent('b', 10)], { campaignId: 'c', at: NOW })).toEqual({ ok: true });
  });

  it('R6.3 GIVEN caps of 3/24h and 5/7d THEN the daily cap binds, retry when the oldest of the day ages out', () => {
    const caps = { perCampaign: 1, per24h: 3, per7d: 5 };
    const history = [sent('a', 23), sent('b', 5), sent('c', 1)];
    expect(checkFrequency(history, { campaignId: 'd', at: NOW }, caps)).toEqual({ ok: false, reason: 'daily_cap', retryAt: hoursAgo(-1) });
    expect(checkFrequency(history.slice(1), { campaignId: 'd', at: NOW }, caps)).toEqual({ ok: true });
    expect(checkFrequency([sent('a', 24), ...history.slice(1)], { campaignId: 'd', at: NOW }, caps)).toEqual({ ok: true }); // exactly 24 h ago is outside
  });

  it('R6.3 GIVEN both caps hit THEN the later retry (the one that frees both) is reported', () => {
    const caps = { perCampaign: 1, per24h: 2, per7d: 3 };
    const history = [sent('a', 100), sent('b', 5), sent('c', 1)];
    const r = checkFrequency(history, { campaignId: 'd', at: NOW }, caps);
    expect(r).toEqual({ ok: false, reason: 'weekly_cap', retryAt: new Date(hoursAgo(100).getTime() + 7 * 24 * 3600_000) });
  });
});
