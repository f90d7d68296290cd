// Fields a campaign no longer has still parse when a stored campaign carries them: the retired
// cumulative spam pause share (`spamPauseRate`, replaced by the deliverability guardrail) is dropped
// on read, so campaigns saved before the guardrail load and save as before.
import { describe, expect, it } from 'vitest';
import { Campaign } from '../../../src/core/model/campaign.js';
import { harness, startedCampaign } from '../engine/harness.js';

describe('retired campaign fields', () => {
  it('a stored campaign with spamPauseRate parses, without it', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 3);
    const stored = { ...structuredClone(campaign), spamPauseRate: 0.05 };
    const parsed = Campaign.parse(stored);
    expect(parsed).not.toHaveProperty('spamPauseRate');
    expect(parsed).toEqual(campaign);
    expect(await h.store.campaigns.get(h.org.id, campaign.id)).not.toHaveProperty('spamPauseRate');
  });
});
