// The review channel through Discord (signed interactions to the real endpoint, REST on the local
// fake): the owner names the channel with a typed option holding a channel mention; a voter's
// "not interested" (R1.4 tier b) is posted there with mentions disabled; Confirm opt-out records
// one opt-out, sends one confirmation (R1.6) and updates the post; a second press does nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/commands/actions.js';
import { startDiscordApp, ORG_NUMBER, type DiscordApp } from './support/discord-app.js';
import { GUILD, OWNER, ANA, buttonId, commandPayload, componentPayload, textOfBody } from './support/payloads.js';
import { runToFirstText } from './support/scenario.js';

const REVIEW = '1100000000000000077';
let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('Discord: the review channel', () => {
  it('R1.4b/R1.6: a probable opt-out is reviewed in the channel named by a typed option; Confirm opt-out acts once', async () => {
    const a = (app = await startDiscordApp());
    a.fake.addChannel({ id: REVIEW, type: 0, guild_id: GUILD, name: 'review' });
    const first = await runToFirstText(a);
    const saved = await a.interact(commandPayload(OWNER, ['settings'], { review_channel: `<#${REVIEW}>`, review_hold: 0 }));
    await a.adapter.idle();
    expect(textOfBody(saved.body.data)).toContain('Review settings saved');
    expect((await a.store.orgs.get(first.org.id))!.review).toEqual({ channelId: REVIEW, holdFirstReplies: 0 });

    await a.carrier.injectReply({ from: first.voterPhone, to: ORG_NUMBER, body: 'not interested @everyone' });
    await a.settle();
    const post = [...a.fake.messages.values()].filter((m) => m.channel_id === REVIEW).at(-1)!;
    expect(post).toBeDefined();
    expect(textOfBody(post.body)).toContain('Probable opt-out');
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    const confirm = buttonId(post.body, ACTION.reviewConfirmOptOut);
    // A volunteer's press is refused.
    const refused = await a.interact(componentPayload(ANA, confirm, { id: post.id, channel_id: REVIEW }));
    await a.settle();
    expect(JSON.stringify(refused.body)).not.toContain('Opt-out confirmed');
    expect(await a.store.optOuts.count(first.org.id)).toBe(0);
    const before = a.carrier.sent().length;
    const pressed = await a.interact(componentPayload(OWNER, confirm, { id: post.id, channel_id: REVIEW }));
    await a.settle();
    const again = await a.interact(componentPayload(OWNER, confirm, { id: post.id, channel_id: REVIEW }));
    await a.settle();
    expect(await a.store.optOuts.count(first.org.id)).toBe(1);
    expect(a.carrier.sent().slice(before).filter((s) => s.to === first.voterPhone)).toHaveLength(1);
    const seen = [pressed, again].map((r) => JSON.stringify(r.body)).join('\n') + JSON.stringify(a.fake.messageBodies());
    expect(seen).toContain('Opt-out confirmed · by');
    expect(seen).toContain('Already decided by');
  });
});
