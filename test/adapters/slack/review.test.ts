// The review channel through Slack (signed requests to the real server, Web API on the local
// fake): the owner names the channel with a Slack mention in free text; a voter's "not
// interested" (R1.4 tier b) is posted there with the voter's text escaped; Confirm opt-out
// records one opt-out, sends one confirmation (R1.6) and edits the post; a second press does nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActions, slashCommand } from './support/requests.js';
import { ORG_NUMBER, startSlackApp, type SlackApp } from './support/slack-app.js';
import { ANA, CHANNEL, OWNER, seedCampaign, slackActor } from './support/seed.js';
import { buttonOf, textOfBlocks } from './support/blocks.js';

const REVIEW = 'C0REVIEW';

describe('Slack: the review channel', () => {
  let app: SlackApp;
  let orgId = '';
  beforeAll(async () => {
    app = await startSlackApp();
    ({ orgId } = await seedCampaign(app));
  });
  afterAll(async () => app?.close());

  it('R1.4b/R1.6: a probable opt-out is reviewed in the channel named by mention; Confirm opt-out acts once', async () => {
    const url = app.fake.responseUrl();
    expect((await app.send(slashCommand(OWNER, `settings review_channel:<#${REVIEW}|review>`, { responseUrl: url, channel: CHANNEL }))).status).toBe(200);
    const saved = await app.fake.waitFor(() => app.fake.responses.find((r) => url.endsWith(r.id)));
    expect(textOfBlocks(saved.body.blocks)).toContain('Review settings saved');
    expect((await app.store.orgs.get(orgId))!.review?.channelId).toBe(REVIEW);

    const ana = slackActor(ANA, 'Ana', { locale: 'en-US' });
    const [card] = await app.handle({ kind: 'command', actor: ana, channelId: CHANNEL, interactionId: 'ana-claim', text: 'claim gotv 1' });
    const send = card && 'view' in card ? card.view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e) => e.type === 'button' && e.id === 'send') : undefined;
    await app.handle({ kind: 'action', actor: ana, actionId: 'send', value: send && send.type === 'button' ? send.value : '', channelId: CHANNEL, interactionId: 'ana-send' });
    await app.settle();
    const phone = app.carrier.sent()[0]!.to;
    await app.carrier.injectReply({ from: phone, to: ORG_NUMBER, body: 'not interested <!channel>' });
    await app.settle();

    const post = await app.fake.waitFor(() => app.fake.calls('chat.postMessage').find((c) => c.args.channel === REVIEW));
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('not interested &lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');
    expect(textOfBlocks(post.args.blocks)).toContain('Probable opt-out');
    const confirm = buttonOf(post.args.blocks, 'review_confirm_optout');
    const ts = '1795001000.000100';
    const before = app.carrier.sent().length;
    for (const i of [1, 2]) {
      await app.send(blockActions({ user: OWNER, actionId: confirm.action_id, value: confirm.value!, channel: REVIEW, messageTs: ts, responseUrl: app.fake.responseUrl(), actionTs: `1795001001.00000${i}` }));
      await app.settle();
    }
    expect(await app.store.optOuts.count(orgId)).toBe(1);
    expect(app.carrier.sent().slice(before).filter((s) => s.to === phone)).toHaveLength(1);
    const edited = [...app.fake.responses.map((r) => r.body), ...app.fake.calls('chat.update').map((c) => c.args)].map((b) => textOfBlocks((b as { blocks?: unknown }).blocks));
    expect(edited.some((t) => t.includes('Opt-out confirmed · by Olivia Owner'))).toBe(true);
    expect(edited.some((t) => t.includes('Already decided by Olivia Owner'))).toBe(true);
    expect(app.errors).toEqual([]);
  });
});
