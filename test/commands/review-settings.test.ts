// The review channel is named the same way on every platform: `here`, `off`, or a channel
// mention as each platform sends it (Slack free text `<#C123|name>`, Discord's typed string
// option `<#123…>`, the sandbox's plain channel names).
import { describe, expect, it } from 'vitest';
import { parseReviewChannel } from '../../src/commands/settings-review.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import { actor, command, interactionId, textOf, viewOf, world } from './support/world.js';

describe('parseReviewChannel', () => {
  it('reads here, off and each platform\'s mention', () => {
    expect(parseReviewChannel('here', 'slack')).toEqual({ kind: 'here' });
    expect(parseReviewChannel(' Aquí ', 'discord')).toEqual({ kind: 'here' });
    expect(parseReviewChannel('off', 'sandbox')).toEqual({ kind: 'off' });
    expect(parseReviewChannel('<#C0REVIEW1|review>', 'slack')).toEqual({ kind: 'set', channelId: 'C0REVIEW1' });
    expect(parseReviewChannel('<#C0REVIEW1>', 'slack')).toEqual({ kind: 'set', channelId: 'C0REVIEW1' });
    expect(parseReviewChannel('<#1100000000000000042>', 'discord')).toEqual({ kind: 'set', channelId: '1100000000000000042' });
    expect(parseReviewChannel('#review', 'sandbox')).toEqual({ kind: 'set', channelId: 'review' });
    expect(parseReviewChannel('Review', 'sandbox')).toEqual({ kind: 'set', channelId: 'review' });
  });

  it('refuses plain names where the platform sends mentions, and anything else', () => {
    expect(parseReviewChannel('#review', 'slack')).toEqual({ kind: 'invalid' });
    expect(parseReviewChannel('review', 'discord')).toEqual({ kind: 'invalid' });
    expect(parseReviewChannel('<@U123>', 'slack')).toEqual({ kind: 'invalid' });
    expect(parseReviewChannel('two words', 'sandbox')).toEqual({ kind: 'invalid' });
  });
});

describe('review settings from Slack and Discord invocations', () => {
  it('Slack free text with a channel mention, and Discord typed options, end in the same settings', async () => {
    const w = await world();
    const slackOwner = actor('U-s-owner', 'Sam Owner', { platform: 'slack', orgExternalId: 'T-slack', isPlatformAdmin: true });
    await w.handle({ ...command(slackOwner, 'setup "Slack Org"'), actor: slackOwner });
    const [slack] = await w.handle(command(slackOwner, 'settings review_channel:<#C0REVIEW1|review> review_hold:2', { channelId: 'C0GENERAL' }));
    expect(textOf(viewOf(slack))).toContain('#C0REVIEW1');
    expect((await w.store.orgs.findByExternal('slack', 'T-slack'))!.review).toEqual({ channelId: 'C0REVIEW1', holdFirstReplies: 2 });

    const discordOwner = actor('300000000000000001', 'Dee Owner', { platform: 'discord', orgExternalId: '1100000000000000001', isPlatformAdmin: true });
    await w.handle(command(discordOwner, 'setup'));
    const typed: Invocation = {
      kind: 'command', actor: discordOwner, channelId: '1100000000000000099', interactionId: interactionId(),
      path: ['settings'], options: { review_channel: 'here', review_confidence: 35, review_words: 'abogado, fraude' },
    };
    const [discord] = await w.handle(typed);
    expect(textOf(viewOf(discord))).toContain('below 35% confidence');
    expect((await w.store.orgs.findByExternal('discord', '1100000000000000001'))!.review).toEqual({ channelId: '1100000000000000099', confidenceBelow: 0.35, triggerWords: ['abogado', 'fraude'] });
    // A Slack DM cannot be the review channel.
    const [dm] = await w.handle(command(slackOwner, 'settings review_channel:here', { channelId: 'D0DM' }));
    expect(textOf(viewOf(dm))).toContain('not a DM');
  });
});
