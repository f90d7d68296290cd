// A Send press whose card cannot be updated in place (Slack's response_url is used up after 5
// uses, or chat.update refuses) still shows the volunteer the next card: as a new ephemeral
// message where they pressed. Nothing the press produced is dropped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonOf, textOfBlocks } from './support/blocks.js';
import { blockActions, slashCommand } from './support/requests.js';
import { ANA, CHANNEL, seedCampaign } from './support/seed.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';

let app: SlackApp;
beforeEach(async () => {
  app = await startSlackApp();
  await seedCampaign(app);
});
afterEach(async () => {
  await app.close();
});

async function claimedCard(): Promise<{ action_id: string; value?: string }> {
  const responseUrl = app.fake.responseUrl();
  await app.send(slashCommand(ANA, 'claim gotv', { responseUrl, channel: CHANNEL }));
  const posted = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(`/${r.id}`)));
  return buttonOf(posted.body.blocks, 'send');
}

const ephemeralCard = () => app.fake.calls('chat.postEphemeral').find((c) => c.args.user === ANA && textOfBlocks(c.args.blocks).includes('✓ Sent to'));

describe('Slack card updates that cannot happen in place', () => {
  it('a response_url already used 5 times: the next card arrives as a new ephemeral message (R5.2)', async () => {
    const send = await claimedCard();
    app.fake.rateLimit({ responseUrlMaxUses: 5 });
    const responseUrl = app.fake.responseUrl();
    for (let i = 0; i < 5; i += 1) expect((await fetch(responseUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect((await fetch(responseUrl, { method: 'POST', body: '{}' })).status).toBe(404);
    await app.send(blockActions({ user: ANA, actionId: send.action_id, value: send.value!, channel: CHANNEL, messageTs: '1795002000.000001', ephemeral: true, responseUrl }));
    const card = await app.fake.waitFor(ephemeralCard);
    expect(card.args.channel).toBe(CHANNEL);
    expect(textOfBlocks(card.args.blocks)).toContain('2 of 3');
    await app.settle();
    expect(app.carrier.sent()).toHaveLength(1);
  });

  it('chat.update refused for a card that is a real message: the next card arrives as a new ephemeral message', async () => {
    const send = await claimedCard();
    app.fake.fail('chat.update', 'message_not_found', 1);
    await app.send(blockActions({ user: ANA, actionId: send.action_id, value: send.value!, channel: CHANNEL, messageTs: '1795002000.000002', responseUrl: app.fake.responseUrl() }));
    const card = await app.fake.waitFor(ephemeralCard);
    expect(textOfBlocks(card.args.blocks)).toContain('2 of 3');
    expect(app.fake.calls('chat.update').some((c) => c.args.ts === '1795002000.000002')).toBe(true);
  });
});
